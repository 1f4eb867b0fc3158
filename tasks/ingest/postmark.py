"""The postmark date under a drawn ring: one more reading of an envelope page whose date OCR lost.

On scans the ring a postmark is stamped with, drawn around the date, makes Tesseract drop the
date line, and the envelope's date is what an item's receipt date, and so its deadlines, start
from (issue 15). A second reading with the thin strokes taken out (``tasks.ocr.thin_strokes_removed``)
reads it: on 12 envelope pages, as scanned 10, cleaned 11, cleaned only where the first reading
found no date 12. So only an envelope page read by OCR without a date gets it, once per file, and
the date it gives is kept only if the receipt rule would take it (``tasks.deadlines.store.receipt_day``):
a cleaned page loses thin parts of letters, and a misread date must not become a receipt date.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date

from config.limits import Limits
from config.runtime import OcrSettings
from tasks.deadlines.store import receipt_day
from tasks.extract import images_to_read
from tasks.ocr import OcrError, PageImage, ocr_pages, orients_itself, thin_strokes_removed
from tasks.sandboxed import SandboxError
from tasks.split.cues import postmark_date
from tasks.validate import CheckedFile

log = logging.getLogger(__name__)

ORIENTING_PSM = 1
"""Tesseract's page segmentation with orientation detection: an envelope is often scanned sideways
or upside down, and which way the first reading turned it is not kept, so the second reading finds
the way itself in the same pass."""


def plausible_postmark(text: str, arrived: date | None) -> date | None:
    """The postmark date of an envelope page's text when the receipt rule would take it (not after
    the file arrived, not long before); with no arrival day known, the date read is kept for the
    rule to judge when the item is recorded."""
    found = postmark_date(text)
    if found is None or arrived is None:
        return found
    return found if receipt_day(arrived=arrived, postmark=found) == found else None


def postmark_under_ring(
    checked: CheckedFile,
    data: bytes,
    page: int,
    *,
    ocr: OcrSettings,
    limits: Limits,
    arrived: date | None,
) -> date | None:
    """The postmark date of envelope page ``page`` (1-based) read again with thin strokes removed,
    or None: no date read, an implausible one, or a failure (the first reading then stands)."""
    try:
        [image] = images_to_read(checked, data, [page - 1], limits)
        if image is None:
            return None
        settings = replace(ocr, psm=ORIENTING_PSM) if orients_itself(ocr) else ocr
        cleaned = PageImage(thin_strokes_removed(image.image, image.dpi), image.dpi)
        [read] = ocr_pages([cleaned], settings)
    except (OcrError, SandboxError) as exc:
        log.warning("postmark re-reading failed (%s): the envelope keeps no date", type(exc).__name__)
        return None
    return plausible_postmark(read.text, arrived)
