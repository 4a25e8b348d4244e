"""The rules of the tables (besluiten B-10, rapportage.md), pure: no Django, no database."""
