"""The citizens' pages of the online applications (线上申办补换): ``citizen-portal serve``.

A FastAPI app of its own, sharing the ledger's database (``central_ledger.storage``) and the records of
``central_ledger.online_apps``; it checks the applicant's data with the counter's own rules
(``counter_app.domain``) and the photo with the counter's photo code (``counter_app.photo``), both Qt-free.
docs/citizen-portal.md says how to run it, docs/online-applications.md what it shares with the other parts.
"""

__version__ = "0.1.0"
