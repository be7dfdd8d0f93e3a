"""The co-issuing bank's financial application on the card: its account number (PAN), read as a terminal does.

A third-generation card is co-issued with a bank: the card factory personalised the bank's PBOC / UnionPay debit
application (AID ``A000000333010101``) before the card reached the counter. The counter only reads it:

1. ``SELECT`` by AID (``00 A4 04 00 08 A000000333010101 00``): the FCI (``6F`` with ``84`` the AID and ``A5``
   with ``50`` the label); 6A82 (and its relatives) means the card has no financial application;
2. ``READ RECORD`` SFI 1 record 1 (``00 B2 01 0C 00``): template ``70`` holding ``5A`` the PAN (BCD, padded
   with F), ``5F24`` the expiry (YYMMDD) and ``5F34`` the PAN sequence number.

Selecting another application ends the SSC application's security state on the card; the chip write
(:func:`counter_app.card.personalize.personalize`) begins with its own SELECT SSSE, so a read before it needs
nothing more. A caller that goes on inside the SSC application without selecting it passes ``then_select``
(the SSSE AID of the profile): it is selected again before returning.

The PAN is personal data: it is never traced or logged here (the caller seals it).
"""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.card.apdu import Apdu, default_chain
from counter_app.card.connection import SmartCardConnection
from counter_app.card.errors import CardError, CardLocked, WrongCard
from counter_app.card.ssc import raise_for_sw
from counter_app.card.sw import SW
from counter_app.card.tlv import TlvError, find_ber
from counter_app.domain.banks import luhn_valid  # noqa: F401  (the PAN's check, re-exported)

AID_FINANCIAL = bytes.fromhex("A000000333010101")
SFI_ACCOUNT = 1
TAG_FCI, TAG_AID, TAG_RECORD = 0x6F, 0x84, 0x70
TAG_PAN, TAG_EXPIRY, TAG_SEQUENCE = 0x5A, 0x5F24, 0x5F34
_NOT_THERE = (SW.FILE_NOT_FOUND, SW.FUNCTION_NOT_SUPPORTED, SW.INCORRECT_PARAMETERS, SW.INS_NOT_SUPPORTED,
              SW.CLA_NOT_SUPPORTED, SW.WRONG_P1P2, SW.RECORD_NOT_FOUND)


@dataclass(frozen=True, slots=True)
class FinancialAccount:
    pan: str        # 主账号, 12-19 digits
    expiry: str     # YYMMDD
    sequence: int   # PAN sequence number (卡序列号)


class NoFinancialApplication(WrongCard):
    zh = "卡片上没有合作银行的金融应用（读不到银行卡号），不能用于本次制卡，请换一张合作银行的社保卡"
    en = ("the card has no co-issuing bank's financial application (no bank account number to read); "
          "use a co-issued card of the applicant's bank")


class FinancialDataInvalid(CardError):
    """The financial application answered, but its record is not a readable account (a damaged chip)."""

    def __init__(self, detail: str):
        self.detail = detail
        super().__init__(f"卡片金融应用数据无法读取（{detail}），请换卡并登记此卡为废卡",
                         f"the card's financial application data cannot be read ({detail}); use another card "
                         f"and record this one as spoiled")


def read_financial_account(conn: SmartCardConnection, *, then_select: bytes | None = None) -> FinancialAccount:
    """The account of the card's financial application (see the module docstring).

    Raises :class:`NoFinancialApplication` when there is none, :class:`FinancialDataInvalid` for a record that
    is not a PAN/expiry/sequence, :class:`~counter_app.card.errors.CardLocked` for a blocked application
    (9303), the transport's errors (CardRemoved, …) as they come."""
    chain = default_chain(conn)
    resp = chain.send_apdu(Apdu(0x00, 0xA4, 0x04, 0x00, AID_FINANCIAL, le=256))
    if resp.sw in _NOT_THERE:
        raise NoFinancialApplication()
    if resp.sw == SW.APPLICATION_LOCKED:
        raise CardLocked()
    raise_for_sw(resp, "SELECT financial application")
    _check_fci(resp.data)
    resp = chain.send_apdu(Apdu(0x00, 0xB2, 0x01, (SFI_ACCOUNT << 3) | 0x04, le=256))
    if resp.sw in (SW.RECORD_NOT_FOUND, SW.FILE_NOT_FOUND):
        raise NoFinancialApplication()
    raise_for_sw(resp, "READ RECORD financial SFI 1/1")
    account = parse_account_record(resp.data)
    if then_select is not None:
        raise_for_sw(chain.send_apdu(Apdu(0x00, 0xA4, 0x04, 0x00, then_select)), "SELECT SSSE")
    return account


def _check_fci(fci: bytes) -> None:
    """An FCI, when the card sends one, names the financial application's AID."""
    if not fci:
        return
    try:
        node = find_ber(fci, TAG_AID)
    except TlvError as exc:
        raise FinancialDataInvalid(f"FCI: {exc}") from exc
    if node is None or node.value != AID_FINANCIAL:
        raise FinancialDataInvalid("FCI without the financial application's AID")


def parse_account_record(record: bytes) -> FinancialAccount:
    """PAN, expiry and sequence number from a ``70`` record; :class:`FinancialDataInvalid` otherwise."""
    try:
        pan_node, expiry_node, seq_node = (find_ber(record, tag) for tag in (TAG_PAN, TAG_EXPIRY, TAG_SEQUENCE))
    except TlvError as exc:
        raise FinancialDataInvalid(f"record: {exc}") from exc
    if pan_node is None:
        raise FinancialDataInvalid("no PAN (5A) in the record")
    pan = pan_node.value.hex().upper().rstrip("F")
    if not pan.isdigit() or not 12 <= len(pan) <= 19:
        raise FinancialDataInvalid("the PAN is not 12-19 digits of BCD")
    expiry = expiry_node.value.hex().upper() if expiry_node is not None else ""
    if expiry_node is None or len(expiry) != 6 or not expiry.isdigit() or not 1 <= int(expiry[2:4]) <= 12:
        raise FinancialDataInvalid("no valid expiry date (5F24, YYMMDD)")
    sequence = 0
    if seq_node is not None:
        text = seq_node.value.hex().upper()
        if not text.isdigit():
            raise FinancialDataInvalid("the PAN sequence number (5F34) is not BCD")
        sequence = int(text)
    return FinancialAccount(pan, expiry, sequence)
