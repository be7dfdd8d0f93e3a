"""The one-time enrollment token is typed or pasted after ``--token`` on a command line: one beginning with
``-`` (URL-safe base64 gives that one time in 64) is read by argparse as an option, and ``counter-app enroll
--token -x…`` stops with a usage error. The ledger never hands out such a token."""

from __future__ import annotations

import itertools

from central_ledger import ledger as ledger_module


def test_a_token_never_begins_with_a_dash(ledger, monkeypatch):
    drawn = itertools.chain(["-starts-with-a-dash", "-again"], itertools.repeat("fine-token"))
    monkeypatch.setattr(ledger_module.secrets, "token_urlsafe", lambda _n=None: next(drawn))

    token = ledger.add_counter("C001", "一号窗口")

    assert token == "fine-token"
