"""Search and paging of the incoming register across every field clerks remember.

One needle is looked up in the registration number, the sender's name and aliases, the comment,
the debtor's name, the case number, the case identifiers (ИП, court case, УИД) and the documents'
extracted text; structured filters (sender, type, case, status, dates) narrow the result.

Every text field goes through a trigram accelerator, so no search scans the models' rows (a
two-letter needle, too short for trigrams, scans the small lower-cased copies instead):

- ``index``: where the accelerators live (PostgreSQL schema ``korr_search``, ``pg_trgm`` GIN,
  migrations ``0003``/``0005``; SQLite: FTS5 trigram tables in a side file, ``attach_search_index``);
- ``refresh``: keeping them current (PostgreSQL: triggers; SQLite: catch-up before each search);
- ``parts``: the four parts of a needle (own fields, cases and debtors, senders, document text);
- ``matching``: each part probed in its index; the plan (``Match``) follows the counts;
- ``walk``: the newest matches of the filtered register, in one query or walked in chunks;
- ``paging``: filters, the page, the capped count (``COUNT_CAP``);
- ``needle``, ``shapes``: substring helpers, the filter and result types.

Without an accelerator (an in-memory database) the same queries scan.

At a million items (PostgreSQL, issue 16) these rules keep a page in the tens of milliseconds:
the register's count stops at ``REGISTER_COUNT_CAP`` («более 10 000») and a needle's at
``COUNT_CAP`` («более 200»); a needle under ``MIN_NEEDLE_LENGTH`` characters is not searched
(the page asks for more); a needle that looks like a number is first answered from one pass of
ids (``matching._complete``) instead of counts then the same index lookups again; a phrase's
document text is judged crowded from the newest files (``matching._documents_crowded``); the
register by sender walks senders in name order (``paging._by_sender``); a deep page takes its
ids from the ``(received_at, id)`` index first (``paging._page_by_ids``); a needle of several
words with a digit asks the trigram index for its rare words only (``matching._narrowed``).

Measured with 100,000 items (bench/ui_pages.py, two cores, median of 5, SQLite / PostgreSQL): a
number, case, ИП or rare phrase 3–30 ms, a common number prefix, surname or phrase 10–70 ms, two
letters 95–125 ms; with two CPU hogs on both cores, medians all under 0.2 s. The scans this package
replaced took 175–375 / 115–650 ms quiet and up to 0.7 / 0.9 s loaded. A needle common overall but
absent from the newest items (forced in a test by counting every part as crowded) is the worst
case: the walk's budget, then one indexed query, about 0.35 / 0.45 s.
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
from db.search.paging import COUNT_CAP, MIN_NEEDLE_LENGTH, REGISTER_COUNT_CAP, search_incoming
from db.search.refresh import REFRESH_OVERLAP, index_document_text, refresh_search_index
from db.search.shapes import IncomingFilter, IncomingPage, IncomingRow

__all__ = [
    "COUNT_CAP",
    "MIN_DOCUMENT_TEXT_NEEDLE",
    "MIN_NEEDLE_LENGTH",
    "REGISTER_COUNT_CAP",
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
    "index_document_text",
    "ShortField",
    "accelerator",
    "attach_search_index",
    "match_needle",
    "matching_sender_ids",
    "refresh_search_index",
    "search_incoming",
]
