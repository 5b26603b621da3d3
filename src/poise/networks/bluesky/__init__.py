"""Bluesky (AT Protocol)."""
