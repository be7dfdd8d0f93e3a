"""The chip write's bank rule (``BankService.write_check``) over the simulated card in process: the card of the
applicant's bank is written and its account recorded sealed; a card of another bank, or one without a financial
application, is refused before anything is written."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from counter_app.card.profile import load_profile
from counter_app.domain.issuance import IssuanceState
from counter_app.services.auth import Session
from counter_app.services.banks import BankService, NoBankApplication, UnknownApplicantBank, WrongBankCard
from counter_app.services.card_management import CardManagementService
from counter_app.services.encoding import EncoderSettings, EncodingService
from counter_app.services.intake import IntakeService
from counter_app.services.issuance import IssuanceService
from counter_app.settings import Settings
from counter_app.store.bank_accounts import BankAccountRepository
from counter_app.store.card_numbers import CardNumberBlocks
from counter_app.store.cardmgmt_queue import ReportQueue
from devices.vcard import stock
from devices.vcard.card_os import VirtualCard
from tests.support.encoders import InProcessEncoder

OPERATOR = Session.local_operator()
NOW = dt.datetime(2026, 12, 3, 2, 0, tzinfo=dt.UTC)


def _ready(store, applicant, bank_code=""):
    with store.transaction() as db:
        CardNumberBlocks(db).add_block("block-1", "X00000019", 3, at=NOW)
    intake = IntakeService(store)
    issuance_id = intake.open_application(OPERATOR, dataclasses.replace(applicant, bank_code=bank_code))
    intake.accept_photo(OPERATOR, issuance_id, None)
    return issuance_id


def _encoding(store, vdevices, card_bank, settings=None):
    paths, psam = vdevices
    (card,) = stock.make_blank(1, paths, bank=card_bank)
    banks = BankService(store, settings or Settings(None))
    svc = EncodingService(store, InProcessEncoder(card, psam), EncoderSettings(profile=load_profile(),
                                                                                 write_photo=False),
                          checks=(banks.write_check,))
    return svc, card


def _chip_written(card) -> bool:
    return any(any(r[2:]) for r in VirtualCard(card).content.records["EF06"])


def test_the_card_of_the_applicants_bank_is_written_and_its_account_recorded_sealed(fresh_store, applicant,
                                                                                   vdevices):
    issuance_id = _ready(fresh_store, applicant, "103")
    svc, card = _encoding(fresh_store, vdevices, "103")
    svc.encode(OPERATOR, issuance_id)
    pan = VirtualCard(card).content.financial.pan
    record = BankAccountRepository(fresh_store.db).get(issuance_id)
    assert (record.bank_code, record.account) == ("103", pan)
    assert record.account_masked == pan[:6] + "*" * 9 + pan[-4:]
    (sealed,) = fresh_store.db.execute("SELECT account_sealed FROM card_bank_accounts").fetchone()
    assert pan.encode() not in sealed  # only the masked form is clear
    finish = IssuanceService(fresh_store).history(issuance_id)[-1]
    assert finish.action == "finish_encoding"
    assert finish.detail["bank_code"] == "103" and finish.detail["bank_account_masked"] == record.account_masked
    assert pan not in json.dumps(finish.detail)


def test_the_completion_report_carries_the_account_read_from_the_chip(fresh_store, applicant, vdevices):
    issuance_id = _ready(fresh_store, applicant)  # no bank chosen: banks.default (102)
    svc, card = _encoding(fresh_store, vdevices, "102")
    svc.encode(OPERATOR, issuance_id)
    with fresh_store.transaction() as db:
        CardManagementService.queue_completion(db, IssuanceService(fresh_store).get(issuance_id))
    (report,) = ReportQueue(fresh_store.db).pending(10)
    assert report.payload["bank_code"] == "102"
    assert report.payload["bank_account"] == VirtualCard(card).content.financial.pan


def test_a_card_of_another_bank_is_refused_before_anything_is_written(fresh_store, applicant, vdevices):
    issuance_id = _ready(fresh_store, applicant, "102")
    svc, card = _encoding(fresh_store, vdevices, "103")
    with pytest.raises(WrongBankCard) as err:
        svc.encode(OPERATOR, issuance_id)
    assert err.value.message("zh").startswith("此卡属于中国农业银行，申请人选择的是中国工商银行，请换一张中国工商银行的卡")
    assert "中国工商银行 (102)" in err.value.message("en")
    assert not _chip_written(card)
    issuance = IssuanceService(fresh_store).get(issuance_id)
    assert issuance.state is IssuanceState.ENCODE_FAILED and issuance.card_id is None
    assert "中国农业银行" in issuance.failure_reason
    assert BankAccountRepository(fresh_store.db).get(issuance_id) is None


def test_a_card_without_a_financial_application_is_refused_when_banks_are_configured(fresh_store, applicant,
                                                                                    vdevices):
    issuance_id = _ready(fresh_store, applicant, "105")
    svc, card = _encoding(fresh_store, vdevices, None)
    with pytest.raises(NoBankApplication, match="China|中国建设银行|105"):
        svc.encode(OPERATOR, issuance_id)
    assert not _chip_written(card)


def test_without_banks_there_is_no_check(fresh_store, applicant, vdevices):
    issuance_id = _ready(fresh_store, applicant, "")
    svc, card = _encoding(fresh_store, vdevices, None, settings=Settings(None, {"banks.list": []}))
    svc.encode(OPERATOR, issuance_id)
    assert _chip_written(card) and BankAccountRepository(fresh_store.db).get(issuance_id) is None


def test_an_applicant_bank_not_of_the_district_is_refused_before_a_number_is_taken(fresh_store, applicant,
                                                                                  vdevices):
    issuance_id = _ready(fresh_store, applicant, "999")
    svc, _card = _encoding(fresh_store, vdevices, "102")
    with pytest.raises(UnknownApplicantBank):
        svc.encode(OPERATOR, issuance_id)
    issuance = IssuanceService(fresh_store).get(issuance_id)
    assert issuance.state is IssuanceState.PHOTO_OK and issuance.card_number is None


def test_a_refused_card_can_be_replaced_by_the_right_one(fresh_store, applicant, vdevices):
    issuance_id = _ready(fresh_store, applicant, "102")
    svc, _wrong = _encoding(fresh_store, vdevices, "105")
    with pytest.raises(WrongBankCard):
        svc.encode(OPERATOR, issuance_id)
    paths, _ = vdevices
    (right,) = stock.make_blank(1, paths, bank="102")
    svc._encoder.card_path = right
    svc.encode(OPERATOR, issuance_id)
    assert IssuanceService(fresh_store).get(issuance_id).state is IssuanceState.ENCODED
    assert BankAccountRepository(fresh_store.db).get(issuance_id).bank_code == "102"
