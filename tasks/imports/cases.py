"""Import of cases (with their clients and debtors) from the CRM's CSV export.

Columns: ``case_number,client,debtor_full_name,debtor_birth_date,debtor_snils,debtor_inn,
debtor_address,contract_number,court_case_numbers,ip_numbers`` and the optional ``uid`` (УИД
дела, checked for shape: the safest key for a court's paper that carries no number we know, such
as an М- material). Court case numbers are stored in their canonical spelling
(``tasks.case_numbers``). Clients are reused by name;
a debtor is reused by СНИЛС, else ИНН, else full name + birth date. A СНИЛС or ИНН that
already belongs to a differently named debtor is refused: attaching documents to the wrong
person would leak personal data.

Two passes keep 10,000 rows fast on both databases: parse and validate every row, then
load only the clients, debtors and cases the file mentions, in chunks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db import audit
from db.models import Case, CaseIdentifier, Client, Debtor
from db.models.enums import CaseIdentifierKind
from tasks.imports.csvfile import read_rows
from tasks.imports.report import ImportReport, Progress, no_progress
from tasks.imports.rows import CASE_COLUMNS, CaseRecord, RowError, RowInvalid, RowProblem, parse_case

REQUIRED_COLUMNS = ("case_number", "client", "debtor_full_name")
CHUNK = 500
FLUSH_EVERY = 1000
T = TypeVar("T")


def _chunks(values: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    iterator = iter(values)
    while chunk := list(islice(iterator, size)):
        yield chunk


class _Directory:
    """The part of the database one import touches, held in memory while it runs."""

    def __init__(self, session: Session, records: Sequence[CaseRecord]) -> None:
        self.session = session
        self.clients = {client.name: client for client in session.scalars(select(Client))}
        self.by_snils: dict[str, Debtor] = {}
        self.by_inn: dict[str, Debtor] = {}
        self.by_name: dict[tuple[str, date | None], Debtor] = {}
        self.cases: dict[str, Case] = {}
        self._load_debtors(records)
        self._load_cases(records)

    def _load_debtors(self, records: Sequence[CaseRecord]) -> None:
        queries = (
            (Debtor.snils, {r.debtor_snils for r in records if r.debtor_snils}),
            (Debtor.inn, {r.debtor_inn for r in records if r.debtor_inn}),
            (Debtor.full_name, {r.debtor_full_name for r in records}),
        )
        for column, values in queries:
            for chunk in _chunks(sorted(values)):
                for debtor in self.session.scalars(select(Debtor).where(column.in_(chunk))):
                    self.remember(debtor)

    def _load_cases(self, records: Sequence[CaseRecord]) -> None:
        numbers = sorted({r.case_number for r in records})
        for chunk in _chunks(numbers):
            query = select(Case).where(Case.case_number.in_(chunk)).options(selectinload(Case.identifiers))
            for case in self.session.scalars(query):
                self.cases[case.case_number] = case

    def remember(self, debtor: Debtor) -> None:
        if debtor.snils:
            self.by_snils[debtor.snils] = debtor
        if debtor.inn:
            self.by_inn[debtor.inn] = debtor
        self.by_name[(debtor.full_name, debtor.birth_date)] = debtor

    def client(self, name: str) -> tuple[Client, bool]:
        client = self.clients.get(name)
        if client is not None:
            return client, False
        client = Client(name=name)
        self.session.add(client)
        self.clients[name] = client
        return client, True

    def debtor(self, record: CaseRecord) -> tuple[Debtor | None, bool]:
        """The existing debtor of this row, or None; RowInvalid if its identifiers clash."""
        for value, index, label in (
            (record.debtor_snils, self.by_snils, "СНИЛС"),
            (record.debtor_inn, self.by_inn, "ИНН"),
        ):
            found = index.get(value) if value else None
            if found is not None:
                if found.full_name.lower() != record.debtor_full_name.lower():
                    raise RowInvalid(
                        RowProblem.IDENTIFIER_CLASH,
                        f"{label} {value} уже принадлежит другому должнику: {found.full_name}",
                    )
                return found, False
        namesake = self.by_name.get((record.debtor_full_name, record.debtor_birth_date))
        if namesake is not None and _same_person(namesake, record):
            return namesake, False
        return None, False


def _same_person(debtor: Debtor, record: CaseRecord) -> bool:
    """A namesake born the same day is the same person unless a СНИЛС or ИНН says otherwise."""
    return not (
        (debtor.snils and record.debtor_snils and debtor.snils != record.debtor_snils)
        or (debtor.inn and record.debtor_inn and debtor.inn != record.debtor_inn)
    )


def _debtor_fields(record: CaseRecord) -> dict[str, Any]:
    return {
        "full_name": record.debtor_full_name,
        "birth_date": record.debtor_birth_date,
        "snils": record.debtor_snils,
        "inn": record.debtor_inn,
        "address": record.debtor_address,
    }


def _identifier_set(record: CaseRecord) -> tuple[set[tuple[str, str]], frozenset[str]]:
    """The identifiers the row says the case has, and the kinds the file speaks for.

    A file without the ``uid`` column (an older export) says nothing about УИД: the ones a
    previous import stored stay. Court case numbers arrive canonical (``parse_case``), so a
    case imported before canonicalisation gets its numbers rewritten on the next import.
    """
    kinds = {CaseIdentifierKind.COURT_CASE.value, CaseIdentifierKind.IP_NUMBER.value}
    wanted = {(CaseIdentifierKind.COURT_CASE.value, n) for n in record.court_case_numbers} | {
        (CaseIdentifierKind.IP_NUMBER.value, n) for n in record.ip_numbers
    }
    if record.uids is not None:
        kinds.add(CaseIdentifierKind.UID.value)
        wanted |= {(CaseIdentifierKind.UID.value, uid) for uid in record.uids}
    return wanted, frozenset(kinds)


def _apply_fields(target: object, fields: dict[str, Any]) -> list[str]:
    """Set the fields that differ; returns their names. Empty values never erase known data."""
    changed = []
    for key, value in fields.items():
        if value is not None and getattr(target, key) != value:
            setattr(target, key, value)
            changed.append(key)
    return changed


def _sync_identifiers(case: Case, identifiers: tuple[set[tuple[str, str]], frozenset[str]]) -> bool:
    """Make the case's identifiers of the file's kinds exactly ``wanted``; other kinds stay."""
    wanted, kinds = identifiers
    current = {(ident.kind, ident.value) for ident in case.identifiers if ident.kind in kinds}
    if current == wanted:
        return False
    case.identifiers = [
        ident for ident in case.identifiers if ident.kind not in kinds or (ident.kind, ident.value) in wanted
    ]
    for kind, value in sorted(wanted - current):
        case.identifiers.append(CaseIdentifier(kind=kind, value=value))
    return True


def _parse_all(data: bytes, report: ImportReport, progress: Progress) -> list[CaseRecord]:
    _header, rows = read_rows(data, required=REQUIRED_COLUMNS)
    records: list[CaseRecord] = []
    first_line: dict[str, int] = {}
    for row in rows:
        try:
            record = parse_case(row.line, row.values)
        except RowInvalid as exc:
            report.errors.append(RowError(row.line, exc.message, exc.code))
            progress(1)
            continue
        if record.case_number in first_line:
            report.errors.append(
                RowError(
                    row.line,
                    f"кейс {record.case_number} уже есть в строке {first_line[record.case_number]}",
                    RowProblem.DUPLICATE_ROW,
                )
            )
            progress(1)
            continue
        first_line[record.case_number] = row.line
        records.append(record)
    return records


def import_cases(
    session: Session, data: bytes, *, actor: str, progress: Progress = no_progress
) -> ImportReport:
    """Validate every row, import the good ones in the caller's transaction, report the bad.

    Raises CsvFileError when the file as a whole is unreadable; then nothing is changed.
    """
    report = ImportReport()
    records = _parse_all(data, report, progress)
    directory = _Directory(session, records)
    touched: list[tuple[str, Case, list[str]]] = []
    for number, record in enumerate(records, start=1):
        try:
            outcome = _import_one(directory, record)
        except RowInvalid as exc:
            report.errors.append(RowError(record.line, exc.message, exc.code))
        else:
            if outcome is None:
                report.unchanged += 1
            else:
                touched.append(outcome)
                report.created += outcome[0] == "create"
                report.updated += outcome[0] == "update"
        progress(1)
        if number % FLUSH_EVERY == 0:
            session.flush()
    session.flush()
    report.errors.sort(key=lambda error: error.line)
    audit.record_many(
        session,
        actor=actor,
        rows=(
            (f"case.import_{kind}", "case", case.id, {"case_number": case.case_number, "fields": fields})
            for kind, case, fields in touched
        ),
    )
    audit.record(
        session,
        actor=actor,
        action="import.cases",
        entity="import",
        details={"created": report.created, "updated": report.updated, "errors": len(report.errors)},
    )
    return report


def _import_one(directory: _Directory, record: CaseRecord) -> tuple[str, Case, list[str]] | None:
    """Create or update one case; None when the database already says exactly this."""
    client, _ = directory.client(record.client)
    debtor, _ = directory.debtor(record)
    changed: list[str] = []
    if debtor is None:
        debtor = Debtor(**_debtor_fields(record))
        directory.session.add(debtor)
        directory.remember(debtor)
        changed.append("debtor")
    else:
        changed += [f"debtor.{name}" for name in _apply_fields(debtor, _debtor_fields(record))]
        directory.remember(debtor)
    case = directory.cases.get(record.case_number)
    if case is None:
        case = Case(
            case_number=record.case_number,
            client=client,
            debtor=debtor,
            contract_number=record.contract_number,
        )
        directory.session.add(case)
        _sync_identifiers(case, _identifier_set(record))
        directory.cases[record.case_number] = case
        return "create", case, list(CASE_COLUMNS)
    if case.client is not client:
        case.client = client
        changed.append("client")
    if case.debtor is not debtor:
        case.debtor = debtor
        changed.append("debtor")
    changed += _apply_fields(case, {"contract_number": record.contract_number})
    if _sync_identifiers(case, _identifier_set(record)):
        changed.append("identifiers")
    return ("update", case, changed) if changed else None
