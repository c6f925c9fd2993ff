"""Practices as data (TOML files), their loader and validator, and the session runner that walks them."""
