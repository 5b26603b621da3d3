"""Poise: a command center for brand social media teams that keeps a brand out of trouble."""

__version__ = "0.1.0"
