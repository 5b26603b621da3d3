"""Bluesky counts graphemes: a post holds 300, with up to 4 images."""

from poise.networks.base import NetworkLimits, graphemes

LIMITS = NetworkLimits("bluesky", "Bluesky", 300, "graphemes", 4, graphemes)
