"""The command groups, in the order ``--help`` lists them. Each has ``register(subparsers)``."""

from counter_app.cli import card, check, db, issuance, photo, print_cmd

MODULES = [check, db, issuance, card, photo, print_cmd]
