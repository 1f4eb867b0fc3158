"""Every flow run leaves its summary in the Prefect UI as a table artifact (one version per run)."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from prefect.artifacts import create_table_artifact


def publish_summary(key: str, report: Any, *, labels: dict[str, str], description: str) -> None:
    """A two-column table (Russian label, value) of a report dataclass; lists become counts."""
    rows = []
    for field in fields(report):
        value = getattr(report, field.name)
        shown = len(value) if isinstance(value, list) else value
        rows.append({"Показатель": labels.get(field.name, field.name), "Значение": shown})
    errors = getattr(report, "errors", [])
    rows += [{"Показатель": "Ошибка", "Значение": error} for error in errors]
    create_table_artifact(key=key, table=rows, description=description)
