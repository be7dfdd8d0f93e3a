"""Reference central ledger for social-security-card counters.

An HTTP/JSON service (FastAPI) that enrolls counters, takes their SM2-signed outbox batches, hands out blocks of
card numbers and answers person lookups, on SQLite or PostgreSQL. It never imports ``counter_app``: it is the
outside world to the counter and implements its side of the protocol independently (docs/ledger-api.md).
"""

__version__ = "0.1.0"
