"""The command groups, in the order ``--help`` lists them. Each has ``register(subparsers)``."""

from counter_app.cli import (
    audit,
    ca,
    card,
    check,
    dayclose,
    db,
    dev,
    diag,
    fee,
    idcard,
    issuance,
    keys,
    online,
    photo,
    postal_batch,
    print_cmd,
    report,
    stock,
    sync,
    users,
)

MODULES = [check, db, issuance, card, idcard, photo, print_cmd, sync, dev, users, ca, keys, audit, diag, report, stock, dayclose, fee,
           postal_batch, online]
