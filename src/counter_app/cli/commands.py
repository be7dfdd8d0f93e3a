"""The command groups, in the order ``--help`` lists them. Each has ``register(subparsers)``."""

from counter_app.cli import card, check, db, photo, print_cmd

MODULES = [check, db, card, photo, print_cmd]
