"""The PIN policy of the card system, as pure rules over a PIN held in a ``bytearray``.

A PIN exists at the counter only for the duration of one card command: callers keep it in a
``bytearray`` of ASCII digits and :func:`wipe` it when the command is done, so no immutable copy
(``str``/``bytes``) lingers in memory, and nothing here ever puts the digits into a message.

Refused as a new PIN (what the card system refuses): a length other than the configured one, any
non-digit, the stock's initial PIN, all digits equal (``111111``) and straight runs up or down
(``123456``, ``654321``). The initial PIN is also refused for use: a card that still has it has
not been handed over properly (the holder chooses their own PIN at hand-over).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from counter_app.domain.problems import DomainError, Problem

ABSOLUTE_MIN_LENGTH, ABSOLUTE_MAX_LENGTH = 4, 16  # what the card's VERIFY accepts (spec "Commands")


def wipe(buffer: bytearray | None) -> None:
    """Overwrite a PIN buffer in place (then empty it) so the digits do not outlive the command."""
    if buffer is None:
        return
    for i in range(len(buffer)):
        buffer[i] = 0
    del buffer[:]


def pin_buffer(digits: str) -> bytearray:
    """A PIN buffer from text; for tests and settings only (the text itself is not wiped)."""
    return bytearray(digits.encode("ascii"))


def to_bcd(pin: bytearray) -> bytearray:
    """The PIN's digits as BCD, an odd count padded with an F nibble (``00 20`` / ``80 5E`` data)."""
    nibbles = [c - 0x30 for c in pin]
    if len(nibbles) % 2:
        nibbles.append(0xF)
    out = bytearray(len(nibbles) // 2)
    for i in range(len(out)):
        out[i] = (nibbles[2 * i] << 4) | nibbles[2 * i + 1]
    for i in range(len(nibbles)):
        nibbles[i] = 0
    return out


def to_pin_block(pin: bytearray, size: int = 16) -> bytearray:
    """BCD of the PIN padded with FF to ``size`` bytes: the plain block of RELOAD PIN."""
    block = to_bcd(pin)
    block.extend(b"\xff" * (size - len(block)))
    return block


class WeakPin(DomainError):
    """A new PIN the card system refuses. Carries the rule, never the digits."""


class InitialPinNotUsable(DomainError):
    def __init__(self) -> None:
        super().__init__(Problem(
            "pin.initial_in_use",
            "卡片仍为初始密码，不能用于交易：请持卡人先修改为自己的密码。",
            "The card still has its initial PIN, which cannot be used: the holder must first choose their own PIN.",
        ))


@dataclass(frozen=True, slots=True)
class PinPolicy:
    """``length``: the length a new PIN must have; ``min_length``..``max_length``: what the settings
    may choose between (within the card's 4–16)."""

    initial_pin: str = "123456"
    length: int = 6
    min_length: int = 4
    max_length: int = 16

    def __post_init__(self) -> None:
        if not ABSOLUTE_MIN_LENGTH <= self.min_length <= self.length <= self.max_length <= ABSOLUTE_MAX_LENGTH:
            raise ValueError(f"PIN lengths must satisfy 4 <= min ({self.min_length}) <= length ({self.length}) "
                             f"<= max ({self.max_length}) <= 16")
        if not self.initial_pin.isdigit():
            raise ValueError("the initial PIN must be digits")

    def is_initial(self, pin: bytearray) -> bool:
        """Whether ``pin`` is the stock's initial PIN (compared in constant time)."""
        return hmac.compare_digest(pin, self.initial_pin.encode("ascii"))

    def problems(self, pin: bytearray) -> tuple[Problem, ...]:
        """Why ``pin`` may not become a card's PIN; empty when it may."""
        if not all(0x30 <= c <= 0x39 for c in pin):
            return (Problem("pin.not_digits", "密码只能由数字组成。", "The PIN must be digits only.", field="pin"),)
        if len(pin) != self.length:
            return (Problem("pin.length", f"密码必须为 {self.length} 位数字。",
                            f"The PIN must have {self.length} digits.", field="pin"),)
        if self.is_initial(pin):
            return (Problem("pin.initial", "不能使用初始密码作为新密码。",
                            "The initial PIN cannot be chosen as the new PIN.", field="pin"),)
        if all(c == pin[0] for c in pin):
            return (Problem("pin.repeated", "密码不能全部是同一个数字。",
                            "The PIN cannot be one digit repeated.", field="pin"),)
        steps = {(pin[i + 1] - pin[i]) % 10 for i in range(len(pin) - 1)}
        if steps in ({1}, {9}):
            return (Problem("pin.sequence", "密码不能是依次递增或递减的连续数字。",
                            "The PIN cannot be a straight run of digits up or down.", field="pin"),)
        return ()

    def check_new(self, pin: bytearray) -> None:
        """Raise :class:`WeakPin` for a PIN the card system refuses."""
        found = self.problems(pin)
        if found:
            raise WeakPin(found[0])

    def check_for_use(self, pin: bytearray) -> None:
        """Raise :class:`InitialPinNotUsable` for the initial PIN (before it reaches the card)."""
        if self.is_initial(pin):
            raise InitialPinNotUsable()
