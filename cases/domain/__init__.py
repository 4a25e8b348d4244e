"""Pure domain functions of the dossier: no Django, no clock, no settings."""
