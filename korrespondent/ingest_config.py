"""The pipeline's configuration from Settings: one place, shared by CLI, watcher and flows."""

from __future__ import annotations

from korrespondent.settings import Settings
from tasks.ingest.model import IngestConfig
from tasks.validate import Limits


def limits_from(settings: Settings) -> Limits:
    """The file limits every entry point applies: pipeline, app uploads, text extraction."""
    return Limits(
        max_file_bytes=settings.max_file_bytes,
        max_package_bytes=settings.max_package_bytes,
        max_pages=settings.max_pdf_pages,
        max_pixels=settings.max_image_pixels,
        timeout_seconds=settings.parse_timeout_seconds,
    )


def ingest_config(settings: Settings) -> IngestConfig:
    return IngestConfig(
        processing_dir=settings.processing_dir,
        archive_dir=settings.archive_dir,
        rejected_dir=settings.rejected_dir,
        limits=limits_from(settings),
    )
