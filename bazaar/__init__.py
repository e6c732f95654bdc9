"""Platform code shared by the shell and every BFF (never BFF-specific logic)."""
