"""Mastodon counts characters, links as 23, remote handles by their local part; 500 by default,
with up to 4 attachments."""

from poise.networks.base import NetworkLimits, mastodon_units

LIMITS = NetworkLimits("mastodon", "Mastodon", 500, "characters", 4, mastodon_units)
