"""Threads: 500 characters, up to 20 media in a carousel, at most 5 links."""

from poise.networks.base import NetworkLimits, code_points

LIMITS = NetworkLimits("threads", "Threads", 500, "characters", 20, code_points, max_links=5)
