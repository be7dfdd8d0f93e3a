"""Co-issuing banks: the card of the applicant's bank, and the bank account number read from its chip.

A third-generation card is co-issued with one of the district's banks (settings ``banks.list``: code,
name, BINs; ``banks.default`` for an applicant who did not choose). The bank's financial application is
personalised on the blank card before it reaches the counter, so a card belongs to one bank. The chip write
asks :attr:`BankService.write_check` (a :class:`~counter_app.services.encoding.WriteCheck`) at its three
moments:

- ``before_claim``: the applicant's bank is one of the district's (:class:`UnknownApplicantBank` otherwise);
  the blank card is taken from that bank's stock (:meth:`StockService.take_card`);
- ``before_write`` (card in the encoder, nothing written): the PAN is read from the chip's financial
  application (:func:`counter_app.card.financial.read_financial_account`); a card of another bank is refused
  with :class:`WrongBankCard`, a card with no financial application with :class:`NoBankApplication`, an
  unreadable one with :class:`BankAccountUnreadable`; the chip is untouched;
- ``after_write`` (chip written and verified): the PAN is read again and checked (Luhn, the applicant's bank),
  recorded sealed with :class:`~counter_app.store.bank_accounts.BankAccountRepository` (the completion report
  to the card-management system reads it there), and ``{"bank_code", "bank_account_masked"}`` goes into the
  ``finish_encoding`` event's detail.

With no bank in ``banks.list`` the check does nothing (a district without co-issued cards).
"""

from __future__ import annotations

from typing import Any

from counter_app.card.connection import SmartCardConnection
from counter_app.card.financial import (
    FinancialAccount,
    FinancialDataInvalid,
    NoFinancialApplication,
    read_financial_account,
)
from counter_app.domain.banks import Bank, bank_by_code, bank_of_pan, banks_from_settings, luhn_valid
from counter_app.domain.issuance import Issuance
from counter_app.domain.problems import Problem
from counter_app.services.encoding import WriteCheck, WriteRefused
from counter_app.services.stock import StockService
from counter_app.store.bank_accounts import BankAccountRepository, mask_account
from counter_app.store.database import Store


class WrongBankCard(WriteRefused):
    """The card in the encoder carries another bank's financial application than the applicant's bank."""

    def __init__(self, card_bank: Bank | None, wanted: Bank, pan_masked: str):
        self.card_bank, self.wanted, self.pan_masked = card_bank, wanted, pan_masked
        if card_bank is not None:
            zh_of, en_of = f"此卡属于{card_bank.name}", f"This card belongs to {card_bank.name} ({card_bank.code})"
        else:
            zh_of, en_of = (f"此卡的银行卡号（{pan_masked}）不属于本地区任何合作银行",
                            f"This card's bank account ({pan_masked}) belongs to none of the district's banks")
        super().__init__(Problem(
            "bank.wrong_card",
            f"{zh_of}，申请人选择的是{wanted.name}，请换一张{wanted.name}的卡。卡片未写入任何内容。",
            f"{en_of}, but the applicant chose {wanted.name} ({wanted.code}): use a card of {wanted.name}. "
            f"Nothing was written to the card.",
        ))


class NoBankApplication(WriteRefused):
    """The card has no co-issuing bank's financial application, and the district's cards are co-issued."""

    def __init__(self, wanted: Bank):
        self.wanted = wanted
        super().__init__(Problem(
            "bank.no_application",
            f"此卡没有合作银行的金融应用（读不到银行卡号），申请人选择的是{wanted.name}，请换一张{wanted.name}的卡。"
            f"卡片未写入任何内容。",
            f"This card has no co-issuing bank's financial application (no bank account to read); the applicant "
            f"chose {wanted.name} ({wanted.code}): use a card of {wanted.name}. Nothing was written to the card.",
        ))


class BankAccountUnreadable(WriteRefused):
    """The financial application answered with data that is not a valid account (damaged or wrongly made)."""

    def __init__(self, detail_zh: str, detail_en: str, *, written: bool = False):
        self.detail = detail_en
        zh_after = "芯片已写入，请将此卡登记为废卡后换卡重做" if written else "卡片未写入任何内容，请换卡"
        en_after = ("the chip was written: record this card as spoiled and make another" if written
                    else "nothing was written to the card: use another card")
        super().__init__(Problem(
            "bank.account_unreadable",
            f"卡片上的银行卡号无法使用（{detail_zh}），{zh_after}。",
            f"The card's bank account number cannot be used ({detail_en}); {en_after}.",
        ))


class UnknownApplicantBank(WriteRefused):
    """The applicant's bank code is not one of ``banks.list`` (a code typed wrong, or a bank no longer listed)."""

    def __init__(self, code: str, banks: tuple[Bank, ...]):
        self.code = code
        names = "、".join(f"{b.code} {b.name}" for b in banks)
        super().__init__(Problem(
            "bank.unknown",
            f"申请人选择的合作银行代码 {code} 不在本地区的合作银行中（{names}），请修改申请信息中的合作银行。",
            f"The applicant's bank {code} is not one of the district's co-issuing banks "
            f"({', '.join(b.code for b in banks)}): correct the bank in the application.",
            field="bank_code",
        ))


class BankService:
    """The co-issuing banks of the district (``banks.list``) and the chip write's bank check."""

    def __init__(self, store: Store, settings: Any):
        self.store, self.settings = store, settings
        self.write_check = BankWriteCheck(self)

    def banks(self) -> tuple[Bank, ...]:
        """The district's banks (read each time: settings may change while the app runs)."""
        try:
            return banks_from_settings(self.settings) if self.settings is not None else ()
        except KeyError:
            return ()

    def default_code(self) -> str:
        try:
            return str(self.settings.get("banks.default") or "") if self.settings is not None else ""
        except KeyError:
            return ""

    def applicant_bank(self, issuance: Issuance) -> Bank | None:
        """The bank the applicant's card must be of: their ``bank_code``, else ``banks.default``; None when the
        district has no banks. :class:`UnknownApplicantBank` for a code that is not one of them."""
        banks = self.banks()
        if not banks:
            return None
        code = (getattr(issuance.applicant, "bank_code", "") or "").strip() or self.default_code()
        bank = bank_by_code(code, banks)
        if bank is None:
            raise UnknownApplicantBank(code, banks)
        return bank

    def card_account(self, card: SmartCardConnection, wanted: Bank, *, written: bool) -> tuple[FinancialAccount,
                                                                                                Bank]:
        """The chip's account, checked: a valid PAN (Luhn) of ``wanted``'s BIN; the refusals of the module doc."""
        try:
            account = read_financial_account(card)
        except NoFinancialApplication as exc:
            raise NoBankApplication(wanted) from exc
        except FinancialDataInvalid as exc:
            raise BankAccountUnreadable("金融应用数据损坏", exc.detail, written=written) from exc
        masked = mask_account(account.pan)
        if not luhn_valid(account.pan):
            raise BankAccountUnreadable(f"卡号 {masked} 校验位不符", f"the check digit of {masked} is wrong",
                                        written=written)
        banks = self.banks()
        card_bank = bank_of_pan(account.pan, banks)
        if card_bank is None or card_bank.code != wanted.code:
            raise WrongBankCard(card_bank, wanted, masked)
        return account, card_bank


class BankWriteCheck(WriteCheck):
    """The chip write's bank rule (see the module docstring)."""

    def __init__(self, service: BankService):
        self._service = service

    def before_claim(self, issuance: Issuance) -> None:
        bank = self._service.applicant_bank(issuance)
        if bank is not None:
            StockService(self._service.store, self._service.settings).take_card(issuance.id, bank.code)

    def before_write(self, issuance: Issuance, card: SmartCardConnection) -> None:
        bank = self._service.applicant_bank(issuance)
        if bank is not None:
            self._service.card_account(card, bank, written=False)

    def after_write(self, issuance: Issuance, card: SmartCardConnection) -> dict[str, Any]:
        bank = self._service.applicant_bank(issuance)
        if bank is None:
            return {}
        try:
            account, card_bank = self._service.card_account(card, bank, written=True)
        except NoBankApplication as exc:  # it answered before the write: the chip changed under us
            raise BankAccountUnreadable("写卡后读不到金融应用", "the financial application is gone after the write",
                                        written=True) from exc
        with self._service.store.transaction() as db:
            record = BankAccountRepository(db).record(issuance.id, card_bank.code, account.pan)
        return {"bank_code": record.bank_code, "bank_account_masked": record.account_masked}


__all__ = ["BankAccountUnreadable", "BankService", "BankWriteCheck", "NoBankApplication", "UnknownApplicantBank",
           "WrongBankCard"]
