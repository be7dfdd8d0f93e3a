"""The clerk's card services page: the in-card query beside the counter's record (a mismatch shown in
red) with the holder's receipt printed through QPrinter, the holder changing the PIN on the pad, and
a formal loss confirmed in a dialog that opens the replacement application in the issuance flow.

The card is issued through the GUI first (over the in-process card and PSAM), so the counter holds
its record; the card's file is then altered where a test needs the card and the record to differ."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from counter_app.domain.issuance import IssuanceState
from counter_app.printing import job as print_job
from counter_app.services.card_services import CardStatus
from counter_app.services.flow import FlowStep
from tests.support.gui import (
    HOLDER_PIN,
    TIMEOUT_MS,
    log_in,
    pad_types,
    set_holder_pin,
    through_photo,
    wait_step,
)


def issue_a_card(qtbot, shell, encoder):
    """A clerk issues the sample applicant's card; back on the home page, the card stays in the encoder."""
    main = log_in(qtbot, shell)
    flow = through_photo(qtbot, main)
    flow.primary_action()
    qtbot.waitUntil(lambda: "插入" in flow.encode_page.prompt.text(), timeout=TIMEOUT_MS)
    encoder.insert_blank()
    wait_step(qtbot, flow, FlowStep.HANDOVER, IssuanceState.PRINTED)
    set_holder_pin(qtbot, flow)
    flow.primary_action()
    wait_step(qtbot, flow, FlowStep.DONE, IssuanceState.ISSUED)
    issued = flow.view.issuance
    flow.primary_action()  # home
    return main, issued


def open_card_services(qtbot, main):
    main.home.card_services_button.click()
    page = main.card_services
    assert main.stack.currentWidget() is page
    return page


def change_name_on_card(card_file: Path, name: str) -> None:
    """Rewrite the chip's 姓名 (EF06 record 09) as another card writer might have."""
    chip = json.loads(card_file.read_text(encoding="utf-8"))
    for record in chip["files"]["EF06"]["records"]:
        if record["tag"] == "09":
            size = len(bytes.fromhex(record["value"]))
            record["value"] = name.encode("gbk").ljust(size, b"\x00").hex().upper()
    card_file.write_text(json.dumps(chip, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def receipts(tmp_path, monkeypatch, printer):
    """Print jobs (the card face, then the receipt) painted through QPrinter into PDFs named by their
    label (the CUPS hand-over left out)."""
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter
    from PySide6.QtPrintSupport import QPrinter

    out: list[Path] = []

    def submit(printer_name, page, paint, *, label="card"):
        pdf = tmp_path / f"{label}-{len(out) + 1}.pdf"
        qprinter = QPrinter(QPrinter.PrinterMode.HighResolution)
        qprinter.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        qprinter.setOutputFileName(str(pdf))
        size = QPageSize(QSizeF(page.width_mm, page.height_mm), QPageSize.Unit.Millimeter, label,
                         QPageSize.SizeMatchPolicy.ExactMatch)
        qprinter.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0),
                                           QPageLayout.Unit.Millimeter))
        qprinter.setFullPage(True)
        qprinter.setResolution(300)
        painter = QPainter(qprinter)
        paint(painter, qprinter.resolution())
        painter.end()
        out.append(pdf)
        return print_job.SubmittedJob(printer_name, label, len(out), None, 0.0)

    monkeypatch.setattr(print_job, "submit", submit)
    return out


def test_the_query_shows_the_card_beside_the_record_and_prints_a_receipt(qtbot, shell, encoder, receipts):
    main, issued = issue_a_card(qtbot, shell, encoder)
    change_name_on_card(encoder.card, "李四")
    page = open_card_services(qtbot, main)
    tab = page.query_tab

    tab.read_button.click()
    qtbot.waitUntil(lambda: tab.query is not None and not tab.busy, timeout=TIMEOUT_MS)
    assert tab.query.card_number == issued.card_number and tab.query.record.issuance_id == issued.id
    assert tab.highlighted_rows() == ["姓名"]
    name_row = next(r for r in range(tab.table.rowCount()) if tab.table.item(r, 0).text() == "姓名")
    assert (tab.table.item(name_row, 1).text(), tab.table.item(name_row, 2).text()) == ("李四", "张三")
    assert "1 项" in tab.summary.text()
    assert page.status_tab.card_number.text() == issued.card_number  # ready for a status change

    tab.print_button.click()
    qtbot.waitUntil(lambda: any(p.name.startswith("receipt") for p in receipts) and not tab.busy, timeout=TIMEOUT_MS)
    [receipt] = [p for p in receipts if p.name.startswith("receipt")]
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(receipt), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "4213**********0019" in text and "421303199003070019" not in text
    assert "李四" in text and issued.card_number in text and "正常" in text
    assert "card differs from the record" in " ".join(text.split())


def test_the_holder_changes_the_pin_on_the_pad_and_verifies_it(qtbot, shell, encoder, printer):
    main, _issued = issue_a_card(qtbot, shell, encoder)
    page = open_card_services(qtbot, main)
    tab = page.pin_tab
    page.tabs.setCurrentWidget(tab)

    tab.change_button.click()
    qtbot.waitUntil(lambda: tab.pin_pad is not None, timeout=TIMEOUT_MS)
    pad = tab.pin_pad
    pad_types(pad, HOLDER_PIN)   # the current PIN
    pad_types(pad, "246802")     # the new one
    pad_types(pad, "246802")     # and again
    qtbot.waitUntil(lambda: not tab.busy and "密码已修改" in tab.message.text(), timeout=TIMEOUT_MS)

    tab.verify_button.click()
    qtbot.waitUntil(lambda: tab.pin_pad is not None, timeout=TIMEOUT_MS)
    pad_types(tab.pin_pad, HOLDER_PIN)  # the old PIN no longer opens the card
    qtbot.waitUntil(lambda: not tab.busy and "密码错误" in tab.message.text(), timeout=TIMEOUT_MS)

    tab.verify_button.click()
    qtbot.waitUntil(lambda: tab.pin_pad is not None, timeout=TIMEOUT_MS)
    pad_types(tab.pin_pad, "246802")
    qtbot.waitUntil(lambda: not tab.busy and tab.message.text() == "密码正确。", timeout=TIMEOUT_MS)

    tab.tries_button.click()
    qtbot.waitUntil(lambda: not tab.busy and "剩余尝试次数" in tab.tries.text(), timeout=TIMEOUT_MS)


def test_a_formal_loss_is_confirmed_and_opens_the_replacement_application(qtbot, shell, encoder, printer):
    main, issued = issue_a_card(qtbot, shell, encoder)
    page = open_card_services(qtbot, main)
    tab = page.status_tab
    page.tabs.setCurrentWidget(tab)
    tab.set_card_number(issued.card_number)
    qtbot.waitUntil(lambda: tab.current is CardStatus.ACTIVE and not tab.busy, timeout=TIMEOUT_MS)

    tab.select(CardStatus.LOSS, "lost")
    tab.change_button.click()
    assert tab.confirm_dialog is not None and "最终状态" in tab.confirm_dialog.text()
    tab.confirm_dialog.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: not tab.busy and tab.current is CardStatus.LOSS, timeout=TIMEOUT_MS)
    assert tab.replacement_id and tab.replacement_id in tab.message.text()
    assert tab.replacement_button.isVisible()

    tab.replacement_button.click()  # continue the replacement in the issuance flow: the photo step
    flow = main.flow
    assert main.stack.currentWidget() is flow
    qtbot.waitUntil(lambda: flow.view is not None and flow.view.issuance is not None
                    and flow.view.issuance.id == tab.replacement_id and not flow.busy, timeout=TIMEOUT_MS)
    assert flow.view.issuance.applicant.reason.value == "11"


def test_a_final_status_is_not_changed_when_the_clerk_cancels(qtbot, shell, encoder, printer):
    main, issued = issue_a_card(qtbot, shell, encoder)
    page = open_card_services(qtbot, main)
    tab = page.status_tab
    tab.set_card_number(issued.card_number)
    qtbot.waitUntil(lambda: tab.current is CardStatus.ACTIVE and not tab.busy, timeout=TIMEOUT_MS)
    tab.select(CardStatus.CANCELLED, "holder_request")
    tab.change_button.click()
    tab.confirm_dialog.button(QMessageBox.StandardButton.Cancel).click()
    assert tab.current is CardStatus.ACTIVE and "未变更" in tab.message.text()

    tab.select(CardStatus.TEMPORARY_LOSS, "lost_by_phone")  # not final: no dialog
    tab.change_button.click()
    assert tab.confirm_dialog is None
    qtbot.waitUntil(lambda: not tab.busy and tab.current is CardStatus.TEMPORARY_LOSS, timeout=TIMEOUT_MS)


def test_the_third_wrong_pin_says_blocked_and_points_to_the_reset(qtbot, shell, encoder, printer):
    main, _issued = issue_a_card(qtbot, shell, encoder)
    page = open_card_services(qtbot, main)
    tab = page.pin_tab
    page.tabs.setCurrentWidget(tab)

    for attempt in range(3):
        tab.verify_button.click()
        qtbot.waitUntil(lambda: tab.pin_pad is not None, timeout=TIMEOUT_MS)
        pad_types(tab.pin_pad, "975310")
        qtbot.waitUntil(lambda: not tab.busy and tab.pin_pad is None, timeout=TIMEOUT_MS)
        if attempt < 2:
            assert "密码错误" in tab.message.text()
    # 63C0: blocked from the third wrong PIN on, and the clerk is told what to do about it
    qtbot.waitUntil(lambda: "密码已锁定" in tab.message.text(), timeout=TIMEOUT_MS)
    assert "密码重置" in tab.message.text() and "身份证件" in tab.message.text()
    assert "还可尝试 0 次" not in tab.message.text()
    assert tab.tries.text().endswith("0")
    assert tab.reason.currentData() == "blocked"


def test_the_page_keys_act_at_once(qtbot, shell, encoder, printer):
    """F8 (read the card) and Esc (back home) run their handler during the key press, as the flow's keys do
    (``bind_key``, not ``QPushButton.setShortcut`` and its 100 ms click animation)."""
    from PySide6.QtCore import Qt

    main = log_in(qtbot, shell)
    page = open_card_services(qtbot, main)
    window = page.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=TIMEOUT_MS)
    tab = page.query_tab

    qtbot.keyClick(window, Qt.Key.Key_F8)
    assert tab.busy  # the read started synchronously: no event loop turn in between
    qtbot.waitUntil(lambda: not tab.busy, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(page.finished, timeout=1):  # emitted during the key press itself
        qtbot.keyClick(window, Qt.Key.Key_Escape)


def test_the_query_shows_what_the_contactless_reader_saw(qtbot, shell, encoder):
    """With a contactless reader the query also reads the card there: its UID is shown, and a card whose
    contactless side does not match the contact read is marked like any other difference."""
    from dataclasses import replace

    main, _issued = issue_a_card(qtbot, shell, encoder)
    tab = open_card_services(qtbot, main).query_tab
    tab.read_button.click()
    qtbot.waitUntil(lambda: tab.query is not None and not tab.busy, timeout=TIMEOUT_MS)
    assert "非接触接口" not in [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())]

    tab.show_query(replace(tab.query, contactless_uid="56A1B2C3D4E5F6", contactless_consistent=True))
    row = next(r for r in range(tab.table.rowCount()) if tab.table.item(r, 0).text() == "非接触接口")
    assert tab.table.item(row, 1).text() == "UID 56A1B2C3D4E5F6" and "非接触接口" not in tab.highlighted_rows()
    tab.show_query(replace(tab.query, contactless_uid="56A1B2C3D4E5F6", contactless_consistent=False))
    assert "非接触接口" in tab.highlighted_rows()
