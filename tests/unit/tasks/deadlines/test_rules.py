"""The shipped rules compute the dates a lawyer would: terms, month ends, days off, earliest/latest."""

from __future__ import annotations

from datetime import date

import pytest

from tasks.deadlines.rules import (
    DEFAULT_RULES,
    Anchor,
    RuleSpec,
    Term,
    Unit,
    compute,
    entry_into_force,
    spec_from_table,
)
from tasks.reference import STANDARD_TYPES

RULES = {rule.key: rule for rule in DEFAULT_RULES}


def test_every_default_rule_names_a_standard_document_type_and_a_basis() -> None:
    names = {t.name for t in STANDARD_TYPES}
    for rule in DEFAULT_RULES:
        assert rule.document_type in names, rule.key
        assert "ст." in rule.basis


def test_cancelled_court_order_gives_six_months_moved_off_a_day_off() -> None:
    # 6 October 2023 + 6 months = Saturday 6 April 2024 → Monday 8 April.
    earliest, due = compute(
        RULES["order_cancelled.claim"], document_date=date(2023, 10, 6), received_date=date(2023, 10, 20)
    )
    assert (earliest, due) == (None, date(2024, 4, 8))


def test_ended_enforcement_has_an_earliest_and_a_latest_date() -> None:
    earliest, due = compute(
        RULES["ip_ended.represent"], document_date=date(2025, 8, 29), received_date=date(2025, 9, 10)
    )
    assert earliest == date(2026, 2, 28)  # 6 months; an earliest date is not moved (a Saturday)
    assert due == date(2028, 8, 29)  # 3 years, a Tuesday


def test_ended_enforcement_from_a_month_end() -> None:
    earliest, _ = compute(
        RULES["ip_ended.represent"], document_date=date(2025, 8, 31), received_date=date(2025, 9, 10)
    )
    assert earliest == date(2026, 2, 28)


def test_refused_enforcement_counts_ten_working_days_from_receipt() -> None:
    # Received Thursday 30.10.2025: 31.10, 1.11 (working Saturday), 5, 6, 7, 10, 11, 12, 13, 14.
    _, due = compute(
        RULES["ip_refused.fix_or_complain"],
        document_date=date(2025, 10, 20),
        received_date=date(2025, 10, 30),
    )
    assert due == date(2025, 11, 14)


def test_returned_claim_private_complaint_fifteen_working_days_across_new_year() -> None:
    _, due = compute(
        RULES["return.private_complaint"], document_date=date(2025, 12, 25), received_date=date(2026, 1, 12)
    )
    # 26, 29, 30 December; 12–16, 19–23 January (10); 26, 27 January.
    assert due == date(2026, 1, 27)


def test_court_decision_appeal_month_and_writ_after_entry_into_force() -> None:
    _, appeal_due = compute(
        RULES["decision.appeal"], document_date=date(2026, 1, 31), received_date=date(2026, 2, 5)
    )
    assert appeal_due == date(2026, 3, 2)  # 28 February is a Saturday
    assert entry_into_force(date(2026, 1, 31)) == date(2026, 3, 3)
    earliest, due = compute(
        RULES["decision.writ"], document_date=date(2026, 1, 31), received_date=date(2026, 2, 5)
    )
    assert earliest is None and due == date(2029, 3, 5)  # 3.3.2029 is a Saturday


def test_debtor_statement_one_working_day_from_receipt() -> None:
    _, due = compute(RULES["debtor_statement.consider"], document_date=None, received_date=date(2025, 12, 30))
    assert due == date(2026, 1, 12)


def test_a_rule_without_the_documents_date_counts_from_receipt() -> None:
    spec = RuleSpec(key="k", document_type="x", action="a", basis="b", latest=Term(10, Unit.DAYS))
    assert compute(spec, document_date=None, received_date=date(2026, 6, 1)) == (None, date(2026, 6, 11))


def test_an_earliest_only_rule_after_entry_into_force() -> None:
    spec = RuleSpec(key="k", document_type="x", action="a", basis="b", anchor=Anchor.ENTRY_INTO_FORCE)
    assert compute(spec, document_date=date(2026, 1, 31), received_date=date(2026, 2, 5)) == (
        date(2026, 3, 3),
        None,
    )


def test_a_misspelt_field_anchor_or_unit_in_the_rules_file_is_refused_not_dropped() -> None:
    """A typo in default_rules.toml must stop start-up: a rule read without its term never fires."""
    table = {"key": "k", "document_type": "x", "action": "a", "basis": "b"}
    assert spec_from_table({**table, "latest": {"amount": 10, "unit": "days"}}).latest == Term(10, Unit.DAYS)
    with pytest.raises(TypeError):
        spec_from_table({**table, "lastest": {"amount": 10, "unit": "days"}})
    with pytest.raises(ValueError):
        spec_from_table({**table, "latest": {"amount": 10, "unit": "day"}})
    with pytest.raises(ValueError):
        spec_from_table({**table, "anchor": "recieved"})
