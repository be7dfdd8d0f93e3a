"""The APDU console: send one APDU or a script of them to the encoder's card or PSAM reader, and
see the masked trace with timings — what ``opensc-tool -s`` and ``gp --apdu`` do, inside the app.

Commands go out raw (no automatic GET RESPONSE): the technician sees exactly what the card says.
Commands that change a card or spend a retry counter (UPDATE, EXTERNAL AUTHENTICATE, VERIFY, key
and PIN management, file creation and deletion…) are refused unless the caller confirms them; then
nothing at all of the script is sent. The trace is masked like every trace of the app (PINs,
cryptograms and personal-data files never appear in clear).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from counter_app.card.connection import SmartCardConnection
from counter_app.card.sw import describe, sw_name
from counter_app.card.trace import ApduMasker, TraceRecorder, TracingConnection
from counter_app.diagnostics.recording import Recording, RecordingConnection
from counter_app.domain.problems import DomainError, Problem, pick

# INS that change the card or use up a retry counter, with their names
DANGEROUS_INS: dict[int, str] = {
    0xD6: "UPDATE BINARY", 0xDC: "UPDATE RECORD", 0xE2: "APPEND RECORD", 0xD0: "WRITE BINARY",
    0xD2: "WRITE RECORD", 0x82: "EXTERNAL AUTHENTICATE", 0x20: "VERIFY (PIN)", 0x24: "CHANGE/RELOAD PIN",
    0x2C: "RESET RETRY COUNTER", 0x5E: "CHANGE PIN", 0xD4: "WRITE KEY", 0xE0: "CREATE FILE",
    0xE4: "DELETE FILE", 0x0E: "ERASE BINARY", 0x1E: "APPLICATION BLOCK", 0x18: "APPLICATION UNBLOCK",
    0x16: "CARD BLOCK", 0x44: "ACTIVATE FILE", 0x04: "DEACTIVATE FILE", 0xE6: "TERMINATE DF",
    0xE8: "TERMINATE CARD",
}
_HEX = re.compile(r"^[0-9A-Fa-f]*$")


class ApduSyntaxError(DomainError):
    def __init__(self, line: int, text: str, why_zh: str, why_en: str):
        self.line = line
        super().__init__(Problem("diag.apdu_syntax", f"第 {line} 行 APDU 无效（{text[:40]}）：{why_zh}",
                                 f"line {line}: not an APDU ({text[:40]}): {why_en}"))


class DangerousApdu(DomainError):
    """The script holds commands that change the card; nothing was sent."""

    def __init__(self, names: list[str]):
        self.names = names
        listed = "、".join(names)
        super().__init__(Problem(
            "diag.apdu_dangerous",
            f"脚本包含会修改卡片或消耗重试次数的指令（{listed}），需要确认后才能发送。未发送任何指令。",
            f"The script holds commands that change the card or use a retry counter ({', '.join(names)}); "
            f"confirm to send them. Nothing was sent.",
        ))


def parse_apdu(text: str, line: int = 1) -> bytes:
    """``00 A4 04 00 …`` or ``00A40400…``; at least CLA INS P1 P2."""
    compact = re.sub(r"[\s:]", "", text)
    if not _HEX.match(compact) or len(compact) % 2:
        raise ApduSyntaxError(line, text, "须为偶数个十六进制字符", "hex digits in pairs expected")
    apdu = bytes.fromhex(compact)
    if len(apdu) < 4:
        raise ApduSyntaxError(line, text, "至少需要 CLA INS P1 P2 四个字节", "at least CLA INS P1 P2 are needed")
    if len(apdu) > 5 and apdu[4] and len(apdu) not in (5 + apdu[4], 6 + apdu[4]):
        raise ApduSyntaxError(line, text, f"Lc={apdu[4]} 与数据长度 {len(apdu) - 5} 不符",
                              f"Lc={apdu[4]} does not match the {len(apdu) - 5} bytes after it")
    return apdu


def parse_script(text: str) -> list[bytes]:
    """One APDU a line; blank lines and comments (``#``, ``//``, ``;``) ignored."""
    out = []
    for n, raw in enumerate(text.splitlines(), start=1):
        line = re.split(r"#|//|;", raw, maxsplit=1)[0].strip()
        if line:
            out.append(parse_apdu(line, n))
    return out


def dangerous_names(apdus: list[bytes]) -> list[str]:
    return list(dict.fromkeys(DANGEROUS_INS[a[1]] for a in apdus if a[1] in DANGEROUS_INS))


@dataclass(frozen=True)
class ConsoleExchange:
    command: str          # masked hex
    response: str         # masked hex of the data
    sw: int
    duration_ms: float

    @property
    def sw_text(self) -> str:
        return f"{self.sw:04X} {sw_name(self.sw)}"

    def as_dict(self, lang: str = "zh") -> dict:
        return {"command": self.command, "response": self.response, "sw": f"{self.sw:04X}",
                "sw_name": sw_name(self.sw), "meaning": describe(self.sw, lang), "ms": round(self.duration_ms, 2)}


@dataclass(frozen=True)
class ConsoleRun:
    reader: str
    atr: str
    exchanges: tuple[ConsoleExchange, ...]
    trace: str            # the masked trace, one line per command and answer, with timings
    recording: Recording
    error: str | None = None   # the card went away in the middle, in English (zh in error_zh)
    error_zh: str | None = None

    def as_dict(self, lang: str = "zh") -> dict:
        return {"reader": self.reader, "atr": self.atr, "exchanges": [e.as_dict(lang) for e in self.exchanges],
                "error": (pick(lang, self.error_zh, self.error))}


def run_script(conn: SmartCardConnection, apdus: list[bytes], *, reader: str, device: str = "card",
               confirm_dangerous: bool = False, personal_files=(0xEF06, 0xEF08)) -> ConsoleRun:
    """Send ``apdus`` in order on ``conn``; stop at the first transport error (card pulled)."""
    from counter_app.card.errors import CardError

    names = dangerous_names(apdus)
    if names and not confirm_dangerous:
        raise DangerousApdu(names)
    recorder = TraceRecorder()
    recorder.start(f"console {device} {reader}")
    recording_conn = RecordingConnection(conn, device=device, reader=reader, masker=ApduMasker(personal_files))
    traced = TracingConnection(recording_conn, device, recorder, ApduMasker(personal_files))
    error = error_zh = None
    for apdu in apdus:
        try:
            traced.send_and_receive(apdu)
        except CardError as exc:
            error, error_zh = exc.message("en"), exc.message("zh")
            break
    rec = recording_conn.recording
    exchanges = tuple(ConsoleExchange(e.command, e.response, e.sw, e.ms) for e in rec.exchanges)
    return ConsoleRun(reader, conn.atr.hex().upper(), exchanges, recorder.as_text(), rec, error, error_zh)
