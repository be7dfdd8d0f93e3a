"""The demo's auto-insert puts in a blank card of the bank the applicant needs (``{bank}`` in the command), so a
demo applicant of another co-issuing bank is not refused for the demo's own card."""

from __future__ import annotations

import sys

from counter_app.ui.backends import run_autoinsert


def test_the_bank_placeholder_becomes_the_applicants_bank(tmp_path):
    out = tmp_path / "argv.txt"
    command = f"{sys.executable} -c 'import sys; open(sys.argv[1], \"w\").write(sys.argv[2])' {out} {{bank}}"
    run_autoinsert(command, "105")
    assert out.read_text() == "105"
    run_autoinsert(command, None)  # no bank chosen: the default bank's card
    assert out.read_text() == "102"
