"""X (formerly Twitter)."""
