"""The manifest and an address label painted by the print path's painter into a PDF (QPrinter's PDF output, as
cups-pdf gets them): their words are in the PDF's text."""

from __future__ import annotations

import subprocess
import unicodedata

from counter_app.printing.postal_documents import (
    AddressLabel,
    Manifest,
    ManifestRow,
    write_label_pdf,
    write_manifest_pdf,
)
from tests.realparts import need_command


def pdf_text(path) -> str:
    """The PDF's text, NFKC (the CJK fonts map some characters to their Kangxi radical forms: ⼤ for 大)."""
    return unicodedata.normalize("NFKC", subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                                                        capture_output=True, text=True, check=True).stdout)


def test_the_manifest_names_the_batch_and_each_card(tmp_path, qapp):
    need_command("pdftotext")
    manifest = Manifest("PB202612061200-ABCD", "2026-12-06", "C-0101", (
        ManifestRow("WA20261206007", "王**", "X00000019", "南郊街道"),
        ManifestRow("WA2026120601X", "欧**", "X00000027", ""),
    ), printed_at="2026-12-06 12:00")
    text = pdf_text(write_manifest_pdf(manifest, tmp_path / "manifest.pdf"))
    for word in ("邮寄制卡清单", "PB202612061200-ABCD", "2026-12-06", "C-0101", "WA20261206007", "王**", "X00000019",
                 "南郊街道", "WA2026120601X", "X00000027", "邮件号"):
        assert word in text, word


def test_the_label_shows_the_recipient_the_address_and_the_masked_mobile(tmp_path, qapp):
    need_command("pdftotext")
    label = AddressLabel("欧阳春", "湖北省随州市曾都区北郊街道沿河大道9号1栋", "139****0002", "WA2026120601X", "PB1")
    text = "".join(pdf_text(write_label_pdf(label, tmp_path / "label.pdf")).split())
    for word in ("欧阳春", "沿河大道9号1栋", "139****0002", "WA2026120601X"):
        assert word in text, word
