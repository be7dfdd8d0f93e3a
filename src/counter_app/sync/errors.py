"""What can go wrong between the counter and the ledger, as exceptions that carry a message for people.

Two families matter to the sync worker, because they decide what it does next:

- :class:`LedgerUnavailable`: the ledger could not be reached or failed itself (connection refused or
  reset, timeout, a 5xx answer). Nothing is wrong with the request: retry later with back-off, honouring
  ``retry_after`` when the ledger said so.
- :class:`LedgerRefused`: the ledger answered 4xx. Sending the same request again gives the same answer,
  so it is recorded for the supervisor and not retried on its own (``sequence_gap`` is the exception the
  engine handles itself: it resends from ``expected_seq``).
"""

from __future__ import annotations

from typing import Any

from counter_app.domain.problems import DomainError, Problem, Severity

EXIT_UNREACHABLE = 3  # the command line's "the ledger could not be reached: the events stay queued, try later"


class SyncError(DomainError):
    """Base of the sync errors; ``message(lang)`` is for the clerk or supervisor."""


class LedgerUnavailable(SyncError):
    """The ledger could not be reached or answered 5xx: retry later."""

    exit_code = EXIT_UNREACHABLE
    severity = Severity.WARNING

    def __init__(self, detail: str, *, status: int | None = None, retry_after: float | None = None):
        self.detail = detail
        self.status = status
        self.retry_after = retry_after
        super().__init__(Problem(
            "sync.unavailable",
            f"无法连接中心台账（{detail}），数据已保存在本机，稍后自动重试。",
            f"The central ledger cannot be reached ({detail}); the data is kept on this counter and "
            f"will be sent later.",
        ))


class LedgerRefused(SyncError):
    """The ledger answered 4xx: ``code`` is its stable error code, ``body`` its whole answer."""

    def __init__(self, status: int, code: str, ledger_message: str, body: dict[str, Any]):
        self.status = status
        self.code = code
        self.ledger_message = ledger_message
        self.body = body
        super().__init__(Problem(
            f"sync.refused.{code}",
            f"中心台账拒绝了请求（{status} {code}）：{ledger_message}。请联系主管。",
            f"The central ledger refused the request ({status} {code}): {ledger_message}. "
            f"Tell the supervisor.",
        ))


class InsecureLedgerUrl(SyncError):
    """Plain HTTP to a ledger that is not on this machine, without the setting that allows it."""

    def __init__(self, url: str):
        self.url = url
        super().__init__(Problem(
            "sync.insecure_url",
            f"拒绝以明文 HTTP 连接非本机的中心台账 {url}：请使用 https://，"
            f"或由技术人员在设置中开启 ledger.allow_plain_http。",
            f"Refusing plain HTTP to the non-local ledger {url}: use https://, or have a technician "
            f"set ledger.allow_plain_http.",
        ))


class BadLedgerUrl(SyncError):
    def __init__(self, url: str):
        self.url = url
        super().__init__(Problem(
            "sync.bad_url",
            f"中心台账地址无效：{url!r}（应为 https://主机:端口）。",
            f"Not a ledger URL: {url!r} (expected https://host:port).",
        ))


class NotEnrolled(SyncError):
    """The counter has no id or no key yet: run ``counter-app enroll``."""

    def __init__(self, what: str):
        super().__init__(Problem(
            "sync.not_enrolled",
            f"本柜台尚未在中心台账登记（缺少{what}）：请运行 counter-app enroll。",
            f"This counter is not enrolled with the central ledger (no {what}): run counter-app enroll.",
        ))


class AlreadyEnrolled(SyncError):
    def __init__(self, counter_id: str):
        super().__init__(Problem(
            "sync.already_enrolled",
            f"本柜台已作为 {counter_id} 登记，已有密钥。重新登记须先由主管停用原柜台编号。",
            f"This counter is already enrolled as {counter_id} and has its key. To enroll again, the "
            f"supervisor disables the old counter id first.",
        ))


class CounterIdMismatch(SyncError):
    """The enrollment token belongs to another counter than the id given as a check (``--id``)."""

    def __init__(self, given: str, token_counter_id: str):
        self.given = given
        self.token_counter_id = token_counter_id
        super().__init__(Problem(
            "sync.counter_id_mismatch",
            f"此登记令牌属于柜台 {token_counter_id}，不是 {given}：请核对柜台编号（可省略 --id，"
            f"柜台编号取自令牌），或向主管要本柜台的令牌。未登记任何内容，令牌仍然有效。",
            f"This enrollment token belongs to counter {token_counter_id}, not {given}: check the counter id "
            f"(or leave out --id: the token names its counter), or ask the supervisor for this counter's token. "
            f"Nothing was registered; the token is still valid.",
        ))
