"""Speech recognition and synthesis behind small protocols."""
