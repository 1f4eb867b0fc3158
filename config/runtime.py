"""What runs receive: plain values built from ``Settings`` once, by whoever starts the run.

``tasks`` never reads settings; a flow, the watcher, the app or the CLI builds an ``IngestConfig``
or an ``OutgoingRuntime`` here and passes it down. ``transport``, ``engine_override`` and ``clock``
are the seams for tests and benches (the sandbox's handler, a test database, a moved clock);
production leaves them at their defaults.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import httpx
from sqlalchemy import Engine

from config.blob_store import BlobStore, FileBlobStore, attach_blob_store
from config.clock import Clock, system_clock, url_clock
from config.limits import DEFAULT_LIMITS, Limits
from config.settings import Settings
from db.engine import make_engine
from pochta import OtpravkaClient, TrackingClient


@dataclass(frozen=True, slots=True)
class OcrSettings:
    """How to run Tesseract. ``workers=0`` means one per core.

    Defaults measured on our scans (bench/extract.py): ``rus+eng`` reads the Latin parts of
    identifiers (the ``MS``/``RS`` of a УИД: ``rus`` alone gives ``м$``) at ~40% more time; ``psm`` 3
    (automatic layout) matched or beat 4 and 6 and copes with two-column letterheads.
    """

    command: str = "tesseract"
    lang: str = "rus+eng"
    psm: int = 3
    timeout_seconds: float = 60.0
    workers: int = 0
    preprocess: bool = True
    deskew: bool = True


AUTO_THRESHOLD = 0.85
"""The confidence at which the pipeline files a document without a clerk (and a page move re-files one)."""


@dataclass(frozen=True, slots=True)
class IngestConfig:
    """Where incoming files go and what limits apply."""

    processing_dir: Path
    archive_dir: Path
    rejected_dir: Path
    limits: Limits = DEFAULT_LIMITS
    ocr: OcrSettings = field(default_factory=OcrSettings)
    auto_threshold: float = AUTO_THRESHOLD


@cache
def _shared_engine(url: str) -> Engine:
    """One engine (pool) per database URL per process; built on first use, never at import."""
    return make_engine(url)


@dataclass(frozen=True, slots=True)
class OutgoingRuntime:
    """Connections and knobs for the outgoing sync and tracking units."""

    database_url: str
    pochta_url: str
    token: str = field(repr=False)
    login: str
    password: str = field(repr=False)
    tracking_url: str
    tracking_login: str
    tracking_password: str = field(repr=False)
    actor: str = "flow:outgoing"
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 0.5
    ticket_size: int = 500
    tracking_daily_calls: int = 3000
    poll_interval: dt.timedelta = dt.timedelta(minutes=30)
    blob_store: BlobStore | None = field(default=None, repr=False, compare=False)
    transport: httpx.BaseTransport | None = field(default=None, repr=False, compare=False)
    engine_override: Engine | None = field(default=None, repr=False, compare=False)
    clock: Clock = field(default=system_clock, repr=False, compare=False)

    def engine(self) -> Engine:
        """The database engine (shared per process)."""
        return attach_blob_store(self.engine_override or _shared_engine(self.database_url), self.blob_store)

    def otpravka(self) -> OtpravkaClient:
        """A new Otpravka client; use it as a context manager."""
        return OtpravkaClient(
            self.pochta_url,
            token=self.token,
            login=self.login,
            password=self.password,
            timeout=self.timeout,
            transport=self.transport,
            retries=self.retries,
            backoff=self.backoff,
        )

    def tracking(self) -> TrackingClient:
        """A new tracking client; use it as a context manager."""
        return TrackingClient(
            self.tracking_url,
            login=self.tracking_login,
            password=self.tracking_password,
            timeout=self.timeout,
            transport=self.transport,
            retries=self.retries,
            backoff=self.backoff,
        )


def limits_from(settings: Settings) -> Limits:
    """The file limits every entry point applies: pipeline, app uploads, text extraction."""
    return Limits(
        max_file_bytes=settings.max_file_bytes,
        max_package_bytes=settings.max_package_bytes,
        max_pages=settings.max_pdf_pages,
        max_stack_bytes=settings.max_stack_bytes,
        max_stack_pages=settings.max_stack_pages,
        max_pixels=settings.max_image_pixels,
        timeout_seconds=settings.parse_timeout_seconds,
    )


def ingest_config(settings: Settings) -> IngestConfig:
    """The incoming pipeline's folders and limits."""
    return IngestConfig(
        processing_dir=settings.processing_dir,
        archive_dir=settings.archive_dir,
        rejected_dir=settings.rejected_dir,
        limits=limits_from(settings),
    )


def clock_from(settings: Settings) -> Clock:
    """The system clock, or the clock at ``settings.clock_url`` (the sandbox's, in development)."""
    return url_clock(settings.clock_url) if settings.clock_url else system_clock


def outgoing_runtime_from(settings: Settings) -> OutgoingRuntime:
    """The runtime of the scheduled outgoing flows (the sandbox without credentials)."""
    tracking_url = settings.pochta_url if settings.uses_pochta_sandbox else settings.pochta_tracking_url
    return OutgoingRuntime(
        database_url=settings.resolved_database_url,
        pochta_url=settings.pochta_url,
        token=settings.pochta_token.get_secret_value() or "sandbox",
        login=settings.pochta_login or "sandbox",
        password=settings.pochta_password.get_secret_value() or "sandbox",
        tracking_url=tracking_url,
        tracking_login=settings.pochta_tracking_login or "sandbox",
        tracking_password=settings.pochta_tracking_password.get_secret_value() or "sandbox",
        ticket_size=settings.pochta_tracking_ticket_size,
        tracking_daily_calls=settings.pochta_tracking_daily_calls,
        blob_store=blob_store_from(settings),
        clock=clock_from(settings),
    )


def blob_store_from(settings: Settings) -> BlobStore | None:
    """The content store the settings choose; ``None`` keeps bytes in database rows."""
    if settings.blob_store == "db":
        return None
    if settings.blob_store == "s3":
        from config.blob_store_s3 import S3BlobStore

        return S3BlobStore(
            settings.s3_endpoint_url,
            bucket=settings.s3_bucket,
            prefix=settings.s3_prefix,
            region=settings.s3_region,
            access_key=settings.s3_access_key,
            secret_key=settings.s3_secret_key.get_secret_value(),
        )
    return FileBlobStore(settings.blob_dir or settings.data_dir / "blobs")


def engine_with_blobs(engine: Engine, settings: Settings) -> Engine:
    """``engine`` with the settings' content store attached (every entry point that writes or reads files)."""
    return attach_blob_store(engine, blob_store_from(settings))
