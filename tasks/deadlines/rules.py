"""Deadline rules: what a document type obliges the agency to do and by when; the shipped defaults.

A rule counts one or two terms from an anchor date: an *earliest* date (not before: the writ may be
presented again only 6 months after an ended enforcement) and a *latest* date (the due date). A
latest date that falls on a non-working day moves to the next working day (ст. 193 ГК РФ, ст. 108
ГПК РФ); an earliest date never moves. ``compute`` is pure: the anchor dates in, the dates out.

The defaults (``default_rules.toml`` beside this file) follow reference/deadlines.md; items marked
there as «уточнить» are shipped as editable rules a supervisor can correct or switch off.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from tasks.deadlines.calendar import RUSSIAN_CALENDAR, RussianCalendar, add_months


class Anchor(StrEnum):
    """The date a term is counted from."""

    DOCUMENT_DATE = "document_date"  # the date in the document's date line
    RECEIVED = "received"  # the day we received (registered) it
    ENTRY_INTO_FORCE = "entry_into_force"  # a court decision's entry into force (after the appeal month)


ANCHOR_TEXT: dict[Anchor, str] = {
    Anchor.DOCUMENT_DATE: "от даты документа",
    Anchor.RECEIVED: "от даты получения",
    Anchor.ENTRY_INTO_FORCE: "от вступления в законную силу",
}


class Unit(StrEnum):
    """How a term is counted."""

    DAYS = "days"  # calendar days
    WORKING_DAYS = "working_days"  # by the Russian production calendar
    MONTHS = "months"  # calendar months, month end clamped (ст. 192 ГК РФ)


UNIT_TEXT: dict[Unit, str] = {Unit.DAYS: "дн.", Unit.WORKING_DAYS: "раб. дн.", Unit.MONTHS: "мес."}


@dataclass(frozen=True, slots=True)
class Term:
    """An amount of days, working days or months."""

    amount: int
    unit: Unit

    def after(self, start: date, *, calendar: RussianCalendar = RUSSIAN_CALENDAR) -> date:
        """The day the term ends, counted from ``start`` (the start day itself is not counted)."""
        if self.unit is Unit.MONTHS:
            return add_months(start, self.amount)
        if self.unit is Unit.WORKING_DAYS:
            return calendar.add_working_days(start, self.amount)
        return start + timedelta(days=self.amount)

    def describe(self) -> str:
        return f"{self.amount} {UNIT_TEXT[self.unit]}"


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """A rule as plain values (the ``deadline_rule`` row without its id)."""

    key: str
    document_type: str
    action: str
    basis: str
    anchor: Anchor = Anchor.DOCUMENT_DATE
    earliest: Term | None = None
    latest: Term | None = None
    role: str = "supervisor"
    condition: str | None = None
    active: bool = True


APPEAL_TERM = Term(1, Unit.MONTHS)
"""ст. 321 ГПК РФ: a decision enters into force when the month for an appeal has run out (ст. 209)."""


def entry_into_force(decision_date: date, *, calendar: RussianCalendar = RUSSIAN_CALENDAR) -> date:
    """The day after the appeal month ends (moved off a non-working day): when no appeal was lodged."""
    return calendar.next_working_day(APPEAL_TERM.after(decision_date, calendar=calendar)) + timedelta(days=1)


def anchor_date(
    anchor: Anchor,
    *,
    document_date: date | None,
    received_date: date,
    calendar: RussianCalendar = RUSSIAN_CALENDAR,
) -> date:
    """The date a rule counts from; without the document's own date, the day it was received."""
    own = document_date or received_date
    if anchor is Anchor.RECEIVED:
        return received_date
    if anchor is Anchor.ENTRY_INTO_FORCE:
        return entry_into_force(own, calendar=calendar)
    return own


def compute(
    spec: RuleSpec,
    *,
    document_date: date | None,
    received_date: date,
    calendar: RussianCalendar = RUSSIAN_CALENDAR,
) -> tuple[date | None, date | None]:
    """``(earliest, due)`` for a document under ``spec``; a due date never falls on a day off."""
    start = anchor_date(
        spec.anchor, document_date=document_date, received_date=received_date, calendar=calendar
    )
    earliest = spec.earliest.after(start, calendar=calendar) if spec.earliest else None
    due = calendar.next_working_day(spec.latest.after(start, calendar=calendar)) if spec.latest else None
    if spec.anchor is Anchor.ENTRY_INTO_FORCE and earliest is None and due is None:
        earliest = start  # "after entry into force": the day it enters into force
    return earliest, due


DEFAULT_RULES_FILE = Path(__file__).with_name("default_rules.toml")
"""The shipped rules as data: records of the same few fields, mostly legal text, read better as a
table than as constructor calls repeating each other, and a lawyer can check them without Python."""


def _term(value: Mapping[str, Any] | None) -> Term | None:
    return None if value is None else Term(int(value["amount"]), Unit(value["unit"]))


def spec_from_table(table: Mapping[str, Any]) -> RuleSpec:
    """One ``[[rule]]`` of the rules file as a ``RuleSpec``.

    Strict on purpose: an unknown field (a ``TypeError``) or anchor or unit (a ``ValueError``) stops
    the import, so a typo in the file cannot ship a rule that silently never fires.
    """
    fields = dict(table)
    return RuleSpec(
        anchor=Anchor(fields.pop("anchor", Anchor.DOCUMENT_DATE)),
        earliest=_term(fields.pop("earliest", None)),
        latest=_term(fields.pop("latest", None)),
        **fields,
    )


def load_rules(path: Path) -> tuple[RuleSpec, ...]:
    """Every ``[[rule]]`` of a rules file, in file order."""
    with path.open("rb") as stream:
        return tuple(spec_from_table(table) for table in tomllib.load(stream)["rule"])


DEFAULT_RULES: tuple[RuleSpec, ...] = load_rules(DEFAULT_RULES_FILE)
