"""Import of counterparties from CSV: ``name,kind,address,inn,ogrn,aliases[,codes]``.

``codes`` (optional, ``;``-separated): the unit's ИП department codes and court codes
(``59045;59RS0004``), the strongest evidence between units that share a name across cities.
A file without the column leaves stored codes as they are.

Idempotent: a counterparty is keyed by its name; a row equal to what is stored changes
nothing, a different one updates it. Every created or updated counterparty is audited.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.models import Counterparty
from tasks.imports.csvfile import read_rows
from tasks.imports.report import ImportReport, Progress, no_progress
from tasks.imports.rows import CounterpartyRecord, RowError, RowInvalid, RowProblem, parse_counterparty

REQUIRED_COLUMNS = ("name",)


def _fields(record: CounterpartyRecord, *, with_codes: bool) -> dict[str, Any]:
    codes = {"codes": list(record.codes)} if with_codes else {}
    return {
        **codes,
        "kind": record.kind,
        "address": record.address,
        "postal_index": record.postal_index,
        "inn": record.inn,
        "ogrn": record.ogrn,
        "aliases": list(record.aliases),
    }


def _stored(counterparty: Counterparty, key: str) -> Any:
    value = getattr(counterparty, key)
    return value or [] if key == "codes" else value


def import_counterparties(
    session: Session, data: bytes, *, actor: str, progress: Progress = no_progress
) -> ImportReport:
    """Validate every row, import the good ones in the caller's transaction, report the bad.

    Raises CsvFileError when the file as a whole is unreadable; then nothing is changed.
    """
    header, rows = read_rows(data, required=REQUIRED_COLUMNS)
    with_codes = "codes" in header
    report = ImportReport()
    existing = {cp.name: cp for cp in session.scalars(select(Counterparty))}
    seen_lines: dict[str, int] = {}
    audit_rows: list[tuple[str, str, int | str | None, dict[str, Any]]] = []
    for row in rows:
        progress(1)
        try:
            record = parse_counterparty(row.line, row.values)
        except RowInvalid as exc:
            report.errors.append(RowError(row.line, exc.message, exc.code))
            continue
        if record.name in seen_lines:
            report.errors.append(
                RowError(
                    row.line,
                    f"контрагент «{record.name}» уже есть в строке {seen_lines[record.name]}",
                    RowProblem.DUPLICATE_ROW,
                )
            )
            continue
        seen_lines[record.name] = row.line
        fields = _fields(record, with_codes=with_codes)
        current = existing.get(record.name)
        if current is None:
            current = Counterparty(name=record.name, **fields)
            session.add(current)
            session.flush()
            existing[record.name] = current
            report.created += 1
            audit_rows.append(
                ("counterparty.import_create", "counterparty", current.id, {"name": record.name})
            )
            continue
        changed = {key: value for key, value in fields.items() if _stored(current, key) != value}
        if not changed:
            report.unchanged += 1
            continue
        for key, value in changed.items():
            setattr(current, key, value)
        report.updated += 1
        audit_rows.append(
            (
                "counterparty.import_update",
                "counterparty",
                current.id,
                {"name": record.name, "fields": sorted(changed)},
            )
        )
    session.flush()
    audit.record_many(session, actor=actor, rows=audit_rows)
    audit.record(
        session,
        actor=actor,
        action="import.counterparties",
        entity="import",
        details={"created": report.created, "updated": report.updated, "errors": len(report.errors)},
    )
    return report
