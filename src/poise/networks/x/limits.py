"""X counts weighted characters (CJK and emoji count 2, links 23): 280, with up to 4 images."""

from poise.networks.base import NetworkLimits, x_units

LIMITS = NetworkLimits("x", "X", 280, "weighted", 4, x_units)
