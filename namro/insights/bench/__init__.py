"""Synthetic national data and the dashboard benchmark (``namro bench``)."""
