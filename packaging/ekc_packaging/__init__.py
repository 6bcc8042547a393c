"""Packaging steps behind scripts/build_package.py (the PyInstaller bundle, AppImage, MSI)."""
