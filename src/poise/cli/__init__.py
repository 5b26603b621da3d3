"""The ``poise`` command."""
