"""LinkedIn company pages: 3,000 characters, up to 20 images."""

from poise.networks.base import NetworkLimits, code_points

LIMITS = NetworkLimits("linkedin", "LinkedIn", 3000, "characters", 20, code_points)
