"""The back office (backoffice.md): server-rendered pages for the gemeente's medewerkers."""
