"""One scan, several documents (issue 15): never filed whole on one debtor's case."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import Engine, select

from config.runtime import IngestConfig
from db.engine import session_scope
from db.models import Incoming
from tasks.imports import import_counterparties
from tasks.ingest.envelope import process_envelope
from tasks.ingest.evaluate import CONTRACT_KEYS, classify_files
from tasks.ingest.model import Outcome
from tasks.review_reasons import ReviewReason
from tasks.split.separator import separator_sheet_pdf
from tests.corpus.render import text_pdf
from tests.corpus.texts import generate_documents
from tests.factories import counterparties_csv
from tests.integration.tasks.ingest.scans import SEED, court_decisions, court_envelope, drop, known_order_case

ENVELOPE = court_envelope(date(2025, 4, 15))


def test_known_debtors_decision_alone_is_filed_automatically(
    ingest_engine: Engine, config: IngestConfig
) -> None:
    """The control: the known debtor's decision on its own is registered without a clerk."""
    _, known = court_decisions()
    envelope = drop(config, "c1__known.pdf", text_pdf(known))
    outcome = process_envelope(ingest_engine, envelope, config=config, actor="scanner")
    assert outcome.outcome == Outcome.REGISTERED


def test_two_debtors_decisions_in_one_scan_never_put_the_stranger_on_the_known_case(
    ingest_engine: Engine, config: IngestConfig
) -> None:
    """GIVEN one PDF: an unknown debtor's court decision, then a known debtor's (the issue's scan)
    WHEN processed THEN the stranger's page waits for a clerk on no case; the known one is filed."""
    unknown, known = court_decisions()
    envelope = drop(config, "c2__stack.pdf", text_pdf(unknown + "\f" + known))
    process_envelope(ingest_engine, envelope, config=config, actor="scanner")
    with session_scope(ingest_engine) as session:
        packages = [p for item in session.scalars(select(Incoming)) for p in item.packages]
        pages = {p.attachments[0].file_name.rsplit("(", 1)[1]: p for p in packages}
        assert set(pages) == {"стр. 1).pdf", "стр. 2).pdf"}
        assert pages["стр. 1).pdf"].case_id is None and pages["стр. 1).pdf"].incoming.status == "needs_review"
        assert pages["стр. 2).pdf"].case_id is not None


def test_pages_numbered_as_one_document_but_naming_two_debtors_are_never_filed_whole(
    ingest_engine: Engine, config: IngestConfig
) -> None:
    """The guard: «стр. 1 из 2», «стр. 2 из 2» keep the two decisions together as one document,
    yet their pages name different cases: the item waits for a clerk (mixed_cases), on no case."""
    unknown, known = court_decisions()
    text = unknown + "\nстр. 1 из 2\f" + known + "\nстр. 2 из 2"
    envelope = drop(config, "c5__stack.pdf", text_pdf(text))
    outcome = process_envelope(ingest_engine, envelope, config=config, actor="scanner")
    assert outcome.outcome == Outcome.NEEDS_REVIEW
    with session_scope(ingest_engine) as session:
        item = session.scalars(select(Incoming)).one()
        assert ReviewReason.MIXED_CASES.value in (item.review_reason or "").split()
        assert [p.case_id for p in item.packages] == [None]


def test_classify_json_gives_each_document_of_a_stack_and_places_every_page_once(
    ingest_engine: Engine, config: IngestConfig, tmp_path: Path
) -> None:
    """GIVEN envelope, the unknown debtor's decision, a blank sheet, the separator sheet, the known
    debtor's decision WHEN classified THEN two documents: the first waits for a clerk, the second
    is on the known case; the envelope with its postmark; blank and separator skipped."""
    unknown, known = court_decisions()
    separator = PdfReader(io.BytesIO(separator_sheet_pdf())).pages[0].extract_text()
    path = tmp_path / "stack.pdf"
    path.write_bytes(text_pdf("\f".join([ENVELOPE, unknown, " ", separator, known])))
    [answer] = classify_files(ingest_engine, [path], config=config)
    assert tuple(answer) == CONTRACT_KEYS and answer["valid"]
    documents = answer["documents"]
    assert [d["pages"] for d in documents] == [[2], [5]]
    assert documents[0]["needs_review"] and documents[0]["case_number"] is None
    assert documents[1]["case_number"] == known_order_case() and not documents[1]["needs_review"]
    assert answer["needs_review"] and answer["case_number"] is None  # the file waits; top = first
    assert answer["envelope"] == {"pages": [1], "postmark_date": "2025-04-15"}
    assert answer["skipped_pages"] == [{"page": 3, "reason": "blank"}, {"page": 4, "reason": "separator"}]
    placed = [p for d in documents for p in d["pages"]] + answer["envelope"]["pages"]
    placed += [s["page"] for s in answer["skipped_pages"]]
    assert sorted(placed) == [1, 2, 3, 4, 5]


def test_a_single_document_answers_as_before_with_a_one_element_documents_list(
    ingest_engine: Engine, config: IngestConfig, tmp_path: Path
) -> None:
    _, known = court_decisions()
    (path := tmp_path / "one.pdf").write_bytes(text_pdf(known))
    [answer] = classify_files(ingest_engine, [path], config=config)
    assert not answer["needs_review"] and answer["envelope"] is None and answer["skipped_pages"] == []
    assert answer["documents"] == [
        {
            "pages": [1],
            "document_type": answer["document_type"],
            "sender": answer["sender"],
            "case_number": answer["case_number"],
            "confidence": answer["confidence"],
            "needs_review": False,
        }
    ]


def test_a_stack_above_the_single_file_limit_is_accepted_and_one_above_the_stack_limit_refused(
    ingest_engine: Engine, config: IngestConfig, tmp_path: Path
) -> None:
    """Limits made small: a two-document stack over the file limit is split, each document within
    it; the same stack over the stack limit is refused with the stack's own reason."""
    unknown, known = court_decisions()
    (path := tmp_path / "stack.pdf").write_bytes(text_pdf(unknown + "\f" + known))
    size = path.stat().st_size
    small = replace(config, limits=replace(config.limits, max_file_bytes=size - 1, max_stack_bytes=size))
    [answer] = classify_files(ingest_engine, [path], config=small)
    assert answer["valid"] and [d["pages"] for d in answer["documents"]] == [[1], [2]]
    tiny = replace(config, limits=replace(config.limits, max_file_bytes=size // 4, max_stack_bytes=size - 1))
    [refused] = classify_files(ingest_engine, [path], config=tiny)
    assert not refused["valid"] and "пачки" in refused["reason"] and refused["documents"] == []
    single = replace(config, limits=replace(config.limits, max_file_bytes=size // 4))
    continuation = "Приказ может быть отменён по возражениям должника.\nСудья ____________"
    (one := tmp_path / "one.pdf").write_bytes(text_pdf(known + "\f" + continuation))
    [too_large] = classify_files(ingest_engine, [one], config=single)
    assert not too_large["valid"] and "больше 1 МБ" in too_large["reason"]


def test_a_court_envelope_becomes_one_item_with_a_package_per_document_and_its_envelope_kept(
    ingest_engine: Engine, config: IngestConfig
) -> None:
    """GIVEN one scan: the envelope, then two documents of one court about one known debtor
    WHEN processed THEN one item, two packages each with its own PDF of its pages on the case;
    the envelope page kept as a file of the first package, its postmark date in the suggestions."""
    _, known = court_decisions()
    writ = known.replace("СУДЕБНЫЙ ПРИКАЗ", "ОПРЕДЕЛЕНИЕ")
    envelope = drop(config, "c3__court.pdf", text_pdf("\f".join([ENVELOPE, known, writ])))
    outcome = process_envelope(ingest_engine, envelope, config=config, actor="scanner")
    assert outcome.reg_number is not None
    with session_scope(ingest_engine) as session:
        item = session.scalars(select(Incoming)).one()
        assert len(item.packages) == 2
        files = [[a.file_name for a in p.attachments] for p in item.packages]
        assert files[0][0].endswith("(стр. 2).pdf") and files[1][0].endswith("(стр. 3).pdf")
        assert files[0][1].startswith("Конверт") and len(files[1]) == 1
        assert all(p.attachments[0].page_count == 1 for p in item.packages)
        assert item.suggestions["envelope"] == {"pages": [1], "postmark_date": "2025-04-15"}
        assert item.packages[0].case is not None and item.packages[0].case.case_number == known_order_case()
    assert list(config.archive_dir.rglob("*.pdf"))  # the whole scan is archived under the number


def test_a_morning_stack_of_mail_from_two_senders_becomes_two_items(
    ingest_engine: Engine, config: IngestConfig
) -> None:
    """GIVEN one scan: a bailiff's resolution, the separator sheet, a court's order WHEN processed
    THEN two items, one per sender, each with its own document on its own case."""
    documents = generate_documents(16, seed=SEED)
    resolution, truth = documents[0]
    _, known = court_decisions()
    separator = PdfReader(io.BytesIO(separator_sheet_pdf())).pages[0].extract_text()
    scan = text_pdf("\f".join([resolution, separator, known]))
    envelope = drop(config, "c4__morning.pdf", scan)
    process_envelope(ingest_engine, envelope, config=config, actor="scanner")
    with session_scope(ingest_engine) as session:
        items = session.scalars(select(Incoming).order_by(Incoming.id)).all()
        assert [len(item.packages) for item in items] == [1, 1]
        assert items[0].sender is not None and items[0].sender.name == truth.sender
        assert items[0].packages[0].case is not None
        assert items[0].packages[0].case.case_number == truth.case_number
        assert items[1].sender is not None and items[1].sender.name != truth.sender


def test_an_unsure_cut_in_a_morning_stack_holds_back_only_the_documents_beside_it(
    ingest_engine: Engine, config: IngestConfig
) -> None:
    """GIVEN one scan: a bailiff's resolution, the separator sheet, a court's order, then a page
    without a title naming another court case (the order's last page, or a document of its own?)
    WHEN processed THEN the resolution's item is registered on its case without a clerk; the order
    and the page wait for one, each for the unsure cut between them."""
    resolution, truth = generate_documents(16, seed=SEED)[0]
    _, known = court_decisions()
    separator = PdfReader(io.BytesIO(separator_sheet_pdf())).pages[0].extract_text()
    page = "Сообщаем, что по делу № 2-1187/2024 в отношении должника направлен запрос.\nСекретарь ______"
    envelope = drop(config, "c8__morning.pdf", text_pdf("\f".join([resolution, separator, known, page])))
    outcome = process_envelope(ingest_engine, envelope, config=config, actor="scanner")
    assert outcome.outcome == Outcome.NEEDS_REVIEW  # the file's outcome names the item that waits
    with session_scope(ingest_engine) as session:
        first, held = session.scalars(select(Incoming).order_by(Incoming.id)).all()
        assert first.status == "registered" and first.sender is not None and first.sender.name == truth.sender
        assert [p.case.case_number if p.case else None for p in first.packages] == [truth.case_number]
        assert held.status == "needs_review" and len(held.packages) == 2
        assert ReviewReason.SPLIT_UNSURE.value in (held.review_reason or "").split()
        assert ReviewReason.SPLIT_UNSURE.value in held.suggestions["reasons"]
        split_reasons = [
            ReviewReason.SPLIT_UNSURE.value in p["reasons"] for p in held.suggestions["packages"]
        ]
        assert split_reasons == [True, True]


def test_the_same_stack_dropped_twice_is_refused_as_a_duplicate_the_second_time(
    ingest_engine: Engine, config: IngestConfig
) -> None:
    unknown, known = court_decisions()
    data = text_pdf(unknown + "\f" + known)
    outcomes = []
    for claim in ("c6__first.pdf", "c7__again.pdf"):
        envelope = drop(config, claim, data)
        outcomes.append(process_envelope(ingest_engine, envelope, config=config, actor="scanner"))
    assert outcomes[0].outcome != Outcome.DUPLICATE and outcomes[1].outcome == Outcome.DUPLICATE
    assert outcomes[0].reg_number is not None and outcomes[0].reg_number in (
        outcomes[1].files[0].reason or ""
    )


NAMESAKE = {
    "name": "Октябрьский районный суд г. Екатеринбурга",
    "kind": "court",
    "address": "620075, г. Екатеринбург, ул. Луначарского, д. 181",
    "inn": "",
    "ogrn": "",
    "aliases": "Октябрьский районный суд города Екатеринбурга",
}
WRIT_KIROV = """ОКТЯБРЬСКИЙ РАЙОННЫЙ СУД Г. КИРОВА
610017, г. Киров, ул. Московская, д. 70

ИСПОЛНИТЕЛЬНЫЙ ЛИСТ
Дело № {case}
Взыскать с должника Пушкиной Дарьи Викторовны, 13.05.1955 г.р., в пользу взыскателя
ООО ПКО «Долговой центр» задолженность по кредитному договору № 26963862/2020."""
DETERMINATION = """ОКТЯБРЬСКИЙ РАЙОННЫЙ СУД

ОПРЕДЕЛЕНИЕ
о процессуальном правопреемстве
Дело № {case}
Суд, рассмотрев заявление ООО ПКО «Долговой центр» о процессуальном правопреемстве по делу
в отношении Пушкиной Дарьи Викторовны, 13.05.1955 г.р., ОПРЕДЕЛИЛ: заменить взыскателя."""


def test_a_determination_naming_its_court_without_the_city_takes_the_court_of_its_writ(
    ingest_engine: Engine, config: IngestConfig
) -> None:
    """GIVEN the Kirov and the Yekaterinburg «Октябрьский районный суд» in the directory, and one
    scan: the writ naming the Kirov court in full, then a determination on the same case naming
    only «Октябрьский районный суд» WHEN classified THEN the determination alone is unsure of its
    court; in the scan it is the writ's court, and both are filed on the case without a clerk."""
    with session_scope(ingest_engine) as session:
        assert not import_counterparties(session, counterparties_csv([NAMESAKE]), actor="t").errors
    _, known = court_decisions()  # the known debtor's court case number, as her court order names it
    court_case = known.split("Дело № ", 1)[1].split()[0]
    writ, determination = WRIT_KIROV.format(case=court_case), DETERMINATION.format(case=court_case)
    [alone] = classify_files(
        ingest_engine, [_written(config, "alone.pdf", text_pdf(determination))], config=config
    )
    assert alone["reason"] == "sender_unsure"  # read alone, either court fits
    [answer] = classify_files(
        ingest_engine, [_written(config, "court.pdf", text_pdf(f"{writ}\f{determination}"))], config=config
    )
    kirov = "Октябрьский районный суд г. Кирова"
    assert [(d["pages"], d["sender"], d["case_number"], d["needs_review"]) for d in answer["documents"]] == [
        ([1], kirov, known_order_case(), False),
        ([2], kirov, known_order_case(), False),
    ]


def _written(config: IngestConfig, name: str, data: bytes) -> Path:
    path = config.processing_dir / name
    path.write_bytes(data)
    return path
