"""Forms for the learning pages."""
