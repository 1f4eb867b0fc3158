"""Deadline rules: what a document type obliges the agency to do and by when; the shipped defaults.

A rule counts one or two terms from an anchor date: an *earliest* date (not before: the writ may be
presented again only 6 months after an ended enforcement) and a *latest* date (the due date). A
latest date that falls on a non-working day moves to the next working day (ст. 193 ГК РФ, ст. 108
ГПК РФ); an earliest date never moves. ``compute`` is pure: the anchor dates in, the dates out.

The defaults follow reference/deadlines.md; items marked there as «уточнить» are shipped as
editable rules a supervisor can correct or switch off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

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


DEFAULT_RULES: tuple[RuleSpec, ...] = (
    RuleSpec(
        key="order_cancelled.claim",
        document_type="Определение об отмене судебного приказа",
        action="Подать исковое заявление",
        latest=Term(6, Unit.MONTHS),
        basis="ст. 204 п. 3 ГК РФ: неистекшая часть срока исковой давности менее шести месяцев "
        "удлиняется до шести месяцев со дня отмены судебного приказа; "
        "Пленум ВС РФ № 43 от 29.09.2015, п. 17–18",
    ),
    RuleSpec(
        key="ip_ended.represent",
        document_type="Постановление об окончании исполнительного производства",
        action="Повторно предъявить исполнительный документ к исполнению",
        earliest=Term(6, Unit.MONTHS),
        latest=Term(36, Unit.MONTHS),
        basis="ч. 5 ст. 46 229-ФЗ: повторно не ранее шести месяцев после окончания по п. 3, 4 ч. 1 "
        "ст. 46 (ранее — при обнаружении имущества); ст. 21, ч. 3 ст. 22 229-ФЗ: трёхлетний срок "
        "предъявления исчисляется заново со дня возвращения документа",
        condition=r"(?i)п(?:ункт|\.)?\s*[34]\s*ч(?:асти|\.)?\s*1\s*ст(?:атьи|\.)?\s*46",
    ),
    RuleSpec(
        key="ip_refused.fix_or_complain",
        document_type="Постановление об отказе в возбуждении исполнительного производства",
        action="Устранить причину и предъявить заново или обжаловать отказ",
        anchor=Anchor.RECEIVED,
        latest=Term(10, Unit.WORKING_DAYS),
        basis="ст. 31 229-ФЗ; ст. 121, 122 229-ФЗ: жалоба в течение десяти дней со дня, когда "
        "взыскатель узнал о постановлении (сроки в днях по 229-ФЗ — рабочие дни, ч. 2 ст. 15)",
    ),
    RuleSpec(
        key="decision.appeal",
        document_type="Решение суда",
        action="Подать апелляционную жалобу (если решение не в нашу пользу)",
        latest=Term(1, Unit.MONTHS),
        basis="ст. 321 ГПК РФ: в течение месяца со дня принятия решения в окончательной форме",
    ),
    RuleSpec(
        key="decision.writ",
        document_type="Решение суда",
        action="Получить исполнительный лист после вступления решения в силу",
        anchor=Anchor.ENTRY_INTO_FORCE,
        latest=Term(36, Unit.MONTHS),
        basis="ст. 209, 428 ГПК РФ: лист выдаётся после вступления решения в законную силу; "
        "ст. 21 229-ФЗ: срок предъявления — три года со дня вступления в силу",
    ),
    RuleSpec(
        key="return.private_complaint",
        document_type="Определение о возвращении заявления",
        action="Подать частную жалобу или устранить недостатки и подать заявление повторно",
        latest=Term(15, Unit.WORKING_DAYS),
        basis="ст. 332 ГПК РФ: частная жалоба в течение пятнадцати дней со дня вынесения определения "
        "(нерабочие дни не считаются, ч. 3 ст. 107 ГПК РФ); "
        "ст. 135 ч. 3 ГПК РФ: возвращение не препятствует повторному обращению",
    ),
    RuleSpec(
        key="debtor_statement.consider",
        document_type="Заявление должника",
        action="Учесть заявление должника в работе (отказ от взаимодействия, представитель)",
        anchor=Anchor.RECEIVED,
        latest=Term(1, Unit.WORKING_DAYS),
        role="clerk",
        basis="ст. 8 230-ФЗ: после получения заявления взаимодействие с должником прекращается "
        "или ведётся только через представителя",
    ),
)
