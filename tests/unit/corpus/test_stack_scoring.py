"""bench.stacks scores an answer the way the issue's bar reads: whole documents, nothing lost, no
paper filed on another debtor's case."""

from __future__ import annotations

from typing import Any

from bench.quality import expected
from bench.stacks import score_stack
from tests.corpus.stacks import BLANK, ENVELOPE, SEPARATOR, Stack, world_stacks


def _stack(kind: str, *, need: str | None = None) -> Stack:
    return next(s for s in world_stacks(40, seed=1) if s.kind == kind and (need is None or need in s.roles))


def _perfect(stack: Stack) -> dict[str, Any]:
    """The answer a perfect splitter gives: every document with its truth, envelope and skipped pages."""
    documents = []
    for index, truth in enumerate(stack.documents):
        sender, doc_type, case = expected(truth)
        pages = list(stack.document_pages(index))
        documents.append({"pages": pages, "sender": sender, "document_type": doc_type, "case_number": case,
                          "confidence": 0.99, "needs_review": False})  # fmt: skip
    envelope = None
    if stack.envelope:
        postmark = stack.envelope.postmark.isoformat()
        envelope = {"pages": list(stack.pages_of(ENVELOPE)), "postmark_date": postmark}
    skipped = [{"page": p, "reason": r} for r in (BLANK, SEPARATOR) for p in stack.pages_of(r)]
    return {**documents[0], "valid": True, "reason": None, "documents": documents, "envelope": envelope,
            "skipped_pages": skipped}  # fmt: skip


def test_a_perfect_answer_scores_every_page_right_and_no_clerk() -> None:
    stack = _stack("morning", need=SEPARATOR)
    score = score_stack(stack, _perfect(stack))
    assert score.pages_right == len(stack.pages) and score.no_clerk
    assert (score.lost, score.duplicated, score.wrong_filings) == (0, 0, [])


def test_a_postmark_read_wrong_or_not_read_is_told_apart() -> None:
    stack = _stack("court", need=ENVELOPE)
    answer = _perfect(stack)
    assert score_stack(stack, answer).postmark == "right"
    answer["envelope"] = {"pages": [1], "postmark_date": "1999-01-01"}
    assert score_stack(stack, answer).postmark == "wrong"
    answer["envelope"] = {"pages": [1], "postmark_date": None}
    assert score_stack(stack, answer).postmark == "missing"


def test_the_issue_case_filed_whole_on_the_known_debtors_case_is_a_wrong_filing_on_a_wrong_case() -> None:
    stack = _stack("pair")
    known = expected(stack.documents[1])
    answer = {"valid": True, "reason": None, "needs_review": False, "sender": known[0],
              "document_type": known[1], "case_number": known[2], "confidence": 0.9}  # fmt: skip
    score = score_stack(stack, answer)  # no `documents`: read as one document over all pages
    assert score.degraded and not score.no_clerk
    assert len(score.wrong_filings) == 1 and score.wrong_case == 1
    assert score.pages_right == 0


def test_a_page_in_two_documents_or_in_none_is_counted() -> None:
    stack = _stack("bailiff")
    answer = _perfect(stack)
    first, second = answer["documents"][:2]
    second["pages"] = [first["pages"][-1], *second["pages"]]
    score = score_stack(stack, answer)
    assert score.duplicated == 1 and score.lost == 0 and not score.no_clerk
    answer = _perfect(stack)
    answer["documents"][-1]["pages"] = answer["documents"][-1]["pages"][:-1]
    score = score_stack(stack, answer)
    assert score.lost == 1 and not score.boundaries_right


def test_a_refused_stack_has_no_page_right() -> None:
    stack = _stack("court")
    score = score_stack(stack, {"valid": False, "reason": "too large", "needs_review": False})
    assert score.refused and score.pages_right == 0 and not score.no_clerk


def test_a_strangers_paper_at_a_clerk_keeps_the_stack_split_without_a_clerk_a_known_ones_does_not() -> None:
    stack = _stack("pair")  # a stranger's decision, then a known debtor's
    answer = _perfect(stack)
    answer["documents"][0]["needs_review"] = True
    score = score_stack(stack, answer)
    assert score.no_clerk and not score.no_review
    answer["documents"][1]["needs_review"] = True
    assert not score_stack(stack, answer).no_clerk
