"""``python -m stack up``: see stack.cli."""

from stack.cli import main

main()
