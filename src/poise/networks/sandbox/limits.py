"""The sandbox counts characters like Mastodon: 500, links as 23, with up to 4 images."""

from poise.networks.base import NetworkLimits, mastodon_units

LIMITS = NetworkLimits("sandbox", "Sandbox", 500, "characters", 4, mastodon_units)
