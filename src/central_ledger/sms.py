"""Text messages to citizens: one-time codes and the news of their online application.

``SmsGateway`` is the one method both services call (the citizens' portal for codes, the district console for
review decisions, the ledger for "ready" and "posted"). Two backends:

- ``FileSmsGateway``: one JSON line per message appended to a file (the demo and the tests read the codes there);
- ``HttpSmsGateway``: ``POST`` of ``{"mobile", "template", "params", "text"}`` as JSON to the operator's URL, with
  the key in the ``Authorization: Bearer`` header; URL and key come from the service's settings
  (``--sms-url``, ``--sms-key-file``), never from the code.

A message never carries an ID number; the texts are in Chinese (the operator's templates are registered in
Chinese), with the application number so that the citizen can find it.
"""

from __future__ import annotations

import json
import logging
import threading
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

log = logging.getLogger(__name__)

TEMPLATES: dict[str, str] = {
    "code": "【社保卡】验证码 {code}，{minutes} 分钟内有效。请勿告诉他人。",
    "submitted": "【社保卡】您的线上申请 {app_id} 已提交，审核结果将以短信通知。",
    "approved": "【社保卡】您的线上申请 {app_id} 已审核通过。{next}",
    "rejected": "【社保卡】您的线上申请 {app_id} 未通过审核：{reason}。请登录申办页面查看并重新提交。",
    "ready": "【社保卡】您的社保卡已可在{hall}领取（申请号 {app_id}），请携带身份证。",
    "posted": "【社保卡】您的社保卡已寄出，快递单号 {tracking}。收到后请在申办页面确认收卡以启用。",
    "activated": "【社保卡】您的社保卡已启用。首次使用前请在任一服务网点或自助设备修改密码。",
}


class SmsError(RuntimeError):
    """The gateway did not take the message."""


class SmsGateway(Protocol):
    def send(self, mobile: str, template: str, params: dict[str, Any]) -> None:
        """Send one message; raises :class:`SmsError` when the gateway refuses or cannot be reached."""


def render(template: str, params: dict[str, Any]) -> str:
    return TEMPLATES[template].format(**params)


def masked_mobile(mobile: str) -> str:
    return mobile[:3] + "****" + mobile[-4:] if len(mobile) >= 7 else "*" * len(mobile)


class FileSmsGateway:
    """Appends ``{"at", "mobile", "template", "params", "text"}`` as one JSON line per message."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()

    def send(self, mobile: str, template: str, params: dict[str, Any]) -> None:
        line = json.dumps({"at": datetime.now(UTC).isoformat(timespec="seconds"), "mobile": mobile,
                           "template": template, "params": params, "text": render(template, params)},
                          ensure_ascii=False)
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f:
                f.write(line + "\n")
        log.info("sms %s to %s (file)", template, masked_mobile(mobile))

    def messages(self, mobile: str | None = None) -> list[dict[str, Any]]:
        """What was sent, oldest first (for the tests and the demo)."""
        if not self.path.exists():
            return []
        out = [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines() if line.strip()]
        return [m for m in out if mobile is None or m["mobile"] == mobile]

    def last_code(self, mobile: str) -> str | None:
        codes = [m["params"]["code"] for m in self.messages(mobile) if m["template"] == "code"]
        return codes[-1] if codes else None


class HttpSmsGateway:
    """The operator's HTTP API: JSON ``POST`` with a bearer key, 2xx = taken."""

    def __init__(self, url: str, key: str, *, timeout: float = 5.0):
        if not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise ValueError("the SMS gateway URL must be https (or loopback for tests)")
        self.url, self._key, self.timeout = url, key, timeout

    def send(self, mobile: str, template: str, params: dict[str, Any]) -> None:
        body = json.dumps({"mobile": mobile, "template": template, "params": params,
                           "text": render(template, params)}, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8", "Authorization": f"Bearer {self._key}"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310 (URL checked)
                if not 200 <= answer.status < 300:
                    raise SmsError(f"SMS gateway answered {answer.status}")
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SmsError(f"SMS gateway unreachable: {exc}") from exc
        log.info("sms %s to %s (http)", template, masked_mobile(mobile))


def gateway_from_settings(*, sms_file: str | None, sms_url: str | None, sms_key_file: str | None) -> SmsGateway:
    """The gateway the options name: ``--sms-url`` with ``--sms-key-file``, else ``--sms-file``."""
    if sms_url:
        if not sms_key_file:
            raise ValueError("--sms-url needs --sms-key-file")
        return HttpSmsGateway(sms_url, Path(sms_key_file).read_text(encoding="utf-8").strip())
    if not sms_file:
        raise ValueError("name an SMS gateway: --sms-file PATH or --sms-url URL --sms-key-file PATH")
    return FileSmsGateway(sms_file)
