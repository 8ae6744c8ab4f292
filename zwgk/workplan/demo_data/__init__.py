"""Demo data files (a package only so that setuptools ships the text with the app)."""
