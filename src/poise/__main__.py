"""``python -m poise``: the same as the ``poise`` command."""

from poise.cli.main import main

main()
