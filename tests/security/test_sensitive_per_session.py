"""Issue 17: each applicant's name and document number are registered with the log mask for the session
that submits them (IntakeService.open_application), and cleared when that session logs out."""

from __future__ import annotations

import logging

from counter_app.logmask import mask, sensitive_count
from counter_app.services.intake import IntakeService
from tests.security.conftest import PASSWORD, make_applicant, resident_id

# People of this file only: other tests' sessions (the module-level operator never logs out) register theirs.
APPLICANT = make_applicant("诸葛明远", resident_id("320102", "19920211", "035"), "13755556666", "南京市玄武区")
OTHER = make_applicant("上官云舒", resident_id("320102", "19930312", "046"), "13755557777", "南京市秦淮区")
NUMBER = APPLICANT.document_number


def test_the_applicant_is_registered_for_the_session_and_cleared_at_logout(store, auth, people):
    session = auth.login(people["clerk"], PASSWORD)
    embedded = f"photo file scan{NUMBER}front.jpg"  # inside a token: the bounded patterns let it pass
    assert mask(embedded) == embedded
    IntakeService(store).open_application(session, APPLICANT)
    assert sensitive_count(session) >= 2
    assert NUMBER not in mask(embedded) and "***" in mask(embedded)
    auth.logout(session)
    assert sensitive_count(session) == 0
    assert mask(embedded) == embedded  # nothing of it kept after the session


def test_another_sessions_applicant_is_not_forgotten_by_one_logout(store, auth, people):
    first = auth.login(people["clerk"], PASSWORD)
    second = auth.login(people["supervisor"], PASSWORD)
    IntakeService(store).open_application(first, OTHER)
    IntakeService(store).open_application(second, APPLICANT)
    auth.logout(first)
    assert sensitive_count(first) == 0 and sensitive_count(second) >= 2
    assert NUMBER not in mask(f"x{NUMBER}x")
    auth.logout(second)


def test_log_lines_of_the_session_carry_neither_form(store, auth, people, caplog):
    from counter_app.logsetup import MaskingFormatter

    session = auth.login(people["clerk"], PASSWORD)
    IntakeService(store).open_application(session, APPLICANT)
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "looked up %s", (f"ref{NUMBER.lower()}",), None)
    line = MaskingFormatter("%(message)s").format(record)
    assert NUMBER.lower() not in line and NUMBER not in line
    auth.logout(session)
