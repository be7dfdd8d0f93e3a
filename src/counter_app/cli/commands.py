"""The command groups, in the order ``--help`` lists them. Each has ``register(subparsers)``."""

from counter_app.cli import card, check, db, photo

MODULES = [check, db, card, photo]
