"""A seeded fuzz corpus through validation and extraction: every file accepted or refused, no crash."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from tasks.rejections import RejectReason
from tests.corpus.fuzz import ACCEPTED, FuzzFile, fuzz_corpus, outcome
from tests.corpus.hostile import hostile_files

SEED = 20261201
MUTATED = 150


def _judge(file: FuzzFile) -> tuple[str, str]:
    """(outcome, "") or ("crash", what was raised): the test wants no crash at all."""
    try:
        return outcome(file), ""
    except Exception as exc:  # noqa: BLE001 - the point of the test is to catch anything at all
        return "crash", f"{file.name}: {type(exc).__name__}: {exc}"


def test_fuzz_corpus_ends_every_file_accepted_or_refused_with_a_reason() -> None:
    """GIVEN 160 mutated PDFs and JPEGs and every crafted hostile file (bombs, loops, heavy content)
    WHEN each goes through validation and text extraction THEN each is accepted or refused with a
    known reason, none raises anything else, and every hostile file is refused as it should be."""
    files = fuzz_corpus(SEED, MUTATED)
    assert len(files) >= 150 + len(hostile_files())
    with ThreadPoolExecutor(max_workers=2) as pool:
        judged = dict(zip((f.name for f in files), pool.map(_judge, files), strict=True))
    assert [crash for _, crash in judged.values() if crash] == []
    table = Counter(result for result, _ in judged.values())
    assert set(table) <= {ACCEPTED, *(reason.value for reason in RejectReason)}
    assert table[ACCEPTED] >= 10 and sum(table.values()) - table[ACCEPTED] >= 50
    for hostile in hostile_files():
        assert judged[f"h-{hostile.name}"][0] in {r.value for r in hostile.reasons}, hostile.name


def test_fuzz_corpus_is_the_same_for_a_seed() -> None:
    assert fuzz_corpus(7, 20, crafted=False) == fuzz_corpus(7, 20, crafted=False)
    assert fuzz_corpus(7, 20, crafted=False) != fuzz_corpus(8, 20, crafted=False)
