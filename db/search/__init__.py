"""Search and paging of the incoming register across every field clerks remember.

One needle is looked up in the registration number, the sender's name and aliases, the comment,
the debtor's name, the case number, the case identifiers (ИП, court case, УИД) and the documents'
extracted text; structured filters (sender, type, case, status, dates) narrow the result.

Every text field goes through a trigram accelerator, so no search scans the models' rows:

- ``index``: where the accelerators live (PostgreSQL schema ``korr_search``, ``pg_trgm`` GIN,
  migrations ``0003``/``0005``; SQLite: FTS5 trigram tables in a side file, ``attach_search_index``);
- ``refresh``: keeping them current (PostgreSQL: triggers; SQLite: catch-up before each search);
- ``parts``: the four parts of a needle (own fields, cases and debtors, senders, document text);
- ``matching``: each part probed in its index; the plan (``Match``) follows the counts;
- ``walk``: the newest matches of the filtered register, in one query or walked in chunks;
- ``paging``: filters, the page, the capped count (``COUNT_CAP``);
- ``needle``, ``shapes``: substring helpers, the filter and result types.

Without an accelerator (an in-memory database) the same queries scan.

Measured with 100,000 items: see bench/ui_pages.py and the README.
"""

from db.search.index import (
    SEARCH_SCHEMA,
    SEARCH_TABLE,
    SHORT_FIELDS,
    Accelerator,
    ShortField,
    accelerator,
    attach_search_index,
)
from db.search.matching import MIN_DOCUMENT_TEXT_NEEDLE, PROBE, Match, match_needle
from db.search.needle import matching_sender_ids
from db.search.paging import COUNT_CAP, search_incoming
from db.search.refresh import REFRESH_OVERLAP, refresh_search_index
from db.search.shapes import IncomingFilter, IncomingPage, IncomingRow

__all__ = [
    "COUNT_CAP",
    "MIN_DOCUMENT_TEXT_NEEDLE",
    "REFRESH_OVERLAP",
    "SEARCH_SCHEMA",
    "SEARCH_TABLE",
    "SHORT_FIELDS",
    "PROBE",
    "Accelerator",
    "IncomingFilter",
    "IncomingPage",
    "IncomingRow",
    "Match",
    "ShortField",
    "accelerator",
    "attach_search_index",
    "match_needle",
    "matching_sender_ids",
    "refresh_search_index",
    "search_incoming",
]
