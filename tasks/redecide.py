"""A package decided again in «Разбор» after a clerk changed what it holds.

Moving pages (``tasks.page_moves``) or splitting and merging packages file by file
(``tasks.review``) leaves a package holding other pages than the pipeline decided it on. Each
package that changed (a new one included) is then decided again the way the pipeline decides a
document (``tasks.ingest.analyse``/``decide``: classification, the case matcher,
``decide_package``) from the text of what it now holds, so its case candidates, type and filing
are its own and not those of what it lost or of the package it came from. The page texts are the
pipeline's readings (OCR included), kept in each file's text one page per form feed; nothing is
read again, so a clerk's request never runs OCR.

A module of its own because ``tasks.page_moves`` builds on ``tasks.review`` and both decide again.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy.orm import Session

from config.runtime import AUTO_THRESHOLD
from db.models import Attachment, Incoming
from tasks.extract import ExtractedText, Method, text_quality
from tasks.ingest.analyse import ReferenceData, load_reference, read_document
from tasks.ingest.decide import PackageDecision, decide_package
from tasks.ingest.documents import match_for
from tasks.validate import CheckedFile, Mime

PIPELINE_THRESHOLD = AUTO_THRESHOLD
"""A package decided again is filed on a case exactly when registration would file it."""


def page_texts(document: Attachment) -> list[str]:
    """The file's text per page: the pipeline joins pages with a form feed.

    The pipeline strips the joined text, so empty pages at its end leave no form feed behind;
    they are the missing ones (the splitter never starts a document on a page without text:
    an inked page OCR could not read is a continuation). More parts than pages (a form feed in
    a page's own text) keeps the surplus on the last page: no text is ever dropped.
    """
    count = document.page_count or 0
    texts = [t.strip() for t in (document.text or "").split("\f")]
    if len(texts) < count:
        return texts + [""] * (count - len(texts))
    if count and len(texts) > count:
        return [*texts[: count - 1], "\n".join(texts[count - 1 :]).strip()]
    return texts


def _method(files: Sequence[Attachment]) -> Method:
    """How the files' text was read, as ``tasks.ingest.analyse.pages_of`` sums up its pages:
    a package with any OCR'd file was OCR'd, one without any read text was not read."""
    methods = {f.text_method for f in files}
    return "ocr" if "ocr" in methods else "text_layer" if "text_layer" in methods else "none"


def package_decision(
    session: Session,
    files: Sequence[Attachment],
    texts: Sequence[str],
    *,
    reference: ReferenceData,
    threshold: float = PIPELINE_THRESHOLD,
) -> PackageDecision:
    """What the pipeline decides for a document made of ``files`` whose pages read ``texts``: the
    same reading (``tasks.ingest.analyse``), case matcher (``match_for``) and decision
    (``decide_package``). The first file names the document in the suggestion."""
    text = "\n\f\n".join(texts).strip()
    first = files[0]
    extracted = ExtractedText(
        text=text, pages=tuple(texts), method=_method(files), quality=text_quality(text)
    )
    checked = CheckedFile(
        path=None,
        name=first.file_name,
        sha256=first.sha256,
        mime=Mime.JPEG if first.mime == Mime.JPEG else Mime.PDF,
        size=sum(f.size for f in files),
        pages=len(texts),
    )
    analysis = read_document(checked, b"", extracted, reference, tuple(range(1, len(texts) + 1)))
    return decide_package(analysis, match_for(session, analysis, reference), reference, threshold=threshold)


def package_suggestions(item: Incoming) -> list[dict[str, Any]] | None:
    """What the pipeline suggested for each of the item's packages, in their order; None when the
    suggestions do not line up with the packages (then none of them can be kept)."""
    old = (item.suggestions or {}).get("packages") or []
    if len(old) != len(item.packages):
        return None
    return [s if isinstance(s, dict) else {} for s in old]


def decide_again(
    session: Session,
    item: Incoming,
    files: Sequence[Sequence[Attachment]],
    *,
    kept: Sequence[dict[str, Any]] | None,
    changed: Collection[int],
    pages: Sequence[Sequence[int]] | None = None,
    threshold: float = PIPELINE_THRESHOLD,
) -> dict[str, Any]:
    """File the changed packages as the pipeline would and give each its own suggestions.

    ``files[i]``: the files package ``i`` (0-based, in the item's order) is decided over, from
    their page texts. ``kept[i]``: the suggestion of package ``i`` as it is, kept when ``i`` did
    not change (None: the suggestions did not line up with the packages, so every package is
    decided again). ``pages[i]``, if given, is stored with a decided package's suggestion (a
    split scan's page numbers). The item's own suggestions follow its first package, as
    ``decide_item`` sets them. Returns what each decided package is now filed on, for the audit row.
    """
    suggestions = dict(item.suggestions or {})
    before = [p.get("reasons") for p in suggestions.get("packages") or []]
    redo = set(changed) if kept is not None else set(range(len(item.packages)))
    if not redo:
        return {}
    reference = load_reference(session)
    filed: dict[str, Any] = {}
    per_package = []
    for index, package in enumerate(item.packages):
        if index not in redo and kept is not None:
            per_package.append(kept[index])
            continue
        own = files[index]
        texts = [text for document in own for text in page_texts(document)]
        decision = package_decision(session, own, texts, reference=reference, threshold=threshold)
        suggestion = dict(decision.suggestion)
        if pages is not None:
            suggestion["pages"] = list(pages[index])
        per_package.append(suggestion)
        package.document_type_id, package.case_id = decision.document_type_id, decision.case_id
        package.client_id, package.debtor_id = decision.client_id, decision.debtor_id
        filed[str(package.position)] = {
            "document_type_id": decision.document_type_id,
            "case_id": decision.case_id,
            "client_id": decision.client_id,
        }
    first = per_package[0]
    suggestions.update(
        packages=per_package,
        document_type=first.get("document_type"),
        case_candidates=first.get("case_candidates", []),
        identifiers=first.get("identifiers", {}),
    )
    reasons = _item_reasons(item, before, [p.get("reasons") for p in per_package])
    suggestions["reasons"] = reasons
    item.review_reason = " ".join(reasons) or None
    item.suggestions = suggestions  # a new dict: the JSON column sees the change
    return filed


def _item_reasons(item: Incoming, before: list[Any], after: list[Any]) -> list[str]:
    """Why the item waits once its packages were decided again: their reasons now, and the item's
    own ones (several senders) that no package gave; a clerk who set a boundary no longer reads
    «границы определены неуверенно» in the header while every package says it is settled.

    When the packages' reasons were not known before (suggestions that did not line up, or none),
    every reason the item had is kept: nothing is dropped that cannot be told apart.
    """
    old = (item.review_reason or "").split()
    now = [r for rs in after if isinstance(rs, list) for r in rs]
    if not before or any(not isinstance(r, list) for r in before):
        return list(dict.fromkeys([*old, *now]))
    from_packages = {r for rs in before for r in rs}
    return list(dict.fromkeys([*now, *(r for r in old if r not in from_packages)]))
