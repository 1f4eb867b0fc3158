"""The ``deadlines-daily`` flow: recompute open deadlines each morning and post «просрочено: N».

Recomputing picks up rule edits made outside the app and dates read since (OCR text of files
registered by hand arrives later). The summary artifact is what operations read in Prefect.
"""

from __future__ import annotations

from dataclasses import dataclass

from prefect import flow, get_run_logger
from sqlalchemy import Engine

from config.settings import Settings
from db.engine import session_scope
from db.models import utcnow
from flows.summary import publish_summary
from tasks.database import open_database
from tasks.deadlines.store import local_date, recompute
from tasks.deadlines.views import Bucket, bucket_counts

DEADLINES_FLOW = "deadlines-daily"
ACTOR = "system:deadlines-daily"


@dataclass(slots=True)
class DeadlinesReport:
    """Open deadlines by bucket after the day's recomputation."""

    overdue: int = 0
    today: int = 0
    week: int = 0
    later: int = 0
    recomputed: int = 0


LABELS = {
    "overdue": "Просрочено",
    "today": "Срок сегодня",
    "week": "Срок в ближайшие 7 дней",
    "later": "Позже",
    "recomputed": "Пересчитано сроков",
}


def daily_pass(engine: Engine) -> DeadlinesReport:
    """Recompute every open deadline and count them by bucket (Moscow's today)."""
    with session_scope(engine) as session:
        changed = recompute(session, actor=ACTOR)
        counts = bucket_counts(session, today=local_date(utcnow()))
    return DeadlinesReport(
        overdue=counts[Bucket.OVERDUE],
        today=counts[Bucket.TODAY],
        week=counts[Bucket.WEEK],
        later=counts[Bucket.LATER],
        recomputed=changed,
    )


@flow(name=DEADLINES_FLOW)
def deadlines_daily() -> DeadlinesReport:
    """recompute → count by bucket → summary artifact «просрочено: N»."""
    engine = open_database(Settings().resolved_database_url, actor=ACTOR)
    try:
        report = daily_pass(engine)
    finally:
        engine.dispose()
    get_run_logger().info("Сроки: просрочено: %s, сегодня: %s", report.overdue, report.today)
    publish_summary(
        "deadlines-daily", report, labels=LABELS, description=f"Сроки: просрочено: {report.overdue}"
    )
    return report
