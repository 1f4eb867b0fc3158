"""Finding the debtor's case for a document, precision first.

Attaching a scan to the wrong debtor leaks personal data (152-ФЗ), so the matcher proposes a
case with a confidence and the evidence behind it, and any conflict or weak evidence comes
back with reasons for review. Document keys (ИП number, court case number, УИД) find cases;
person keys (СНИЛС, ИНН, name + birth date) must not contradict them. A case number alone,
with no mention of the debtor in the text, is not enough to file automatically; two numbers of
different issuers (ИП and court case or УИД) agreeing on one case are. Keys OCR damaged count only
in pairs that do not depend on each other: a name read through slips with the exact birth date, the
full name with the ОСП code of a bailiff's own number, never contradicted by another number read.

Court case numbers are compared in their canonical spelling (``tasks.case_numbers``): a court's
``2-1234/23`` finds the case the CRM exported as ``2-1234/2023``, including rows imported
before the import stored canonical numbers (the lookup asks for their common spellings).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Case, Debtor
from db.models.enums import CaseIdentifierKind
from db.reference import cases_by_contract, cases_by_identifier, cases_of_debtors, find_debtors
from tasks.case_numbers import court_case_spellings
from tasks.identifiers import Identifiers
from tasks.mentions import is_mentioned
from tasks.names import PersonName, fuzzy_mentioned, ocr_distance, surname_stem
from tasks.normalize import normalize_text
from tasks.review_reasons import ReviewReason

CONFIDENT = 0.97
PERSON_ONLY = 0.9
NAME_AND_BIRTH = 0.88
TWO_NUMBERS = 0.9  # two numbers of different issuers (ИП, court case, УИД) agree, the name was lost
NAME_AND_OFFICE = 0.88  # full name read exactly + the ОСП that runs the debtor's only ИП there
UNCORROBORATED = 0.6
MAX_CANDIDATES = 5
MAX_BORN_ON = 200  # debtors born on one of the text's dates looked at for an OCR-damaged name
NUMBER_SLIPS = 2.0  # OCR slips (edits) a misread number may carry and still not contradict a case
OCR_NAME = "name_ocr"  # the debtor's name read through OCR damage (``fuzzy_mentioned``)
NAME_OFFICE = "name_office"  # full name + the ОСП code of the bailiff's own document number
BIRTH_DATE = "birth_date"  # the debtor's birth date in the text, the name unreadable
DOCUMENT_KEYS = frozenset({"ip", "court_case", "uid", "writ", "contract"})
# Numbers issued by different bodies (the ОСП, the court's registry, ГАС «Правосудие»): two of them
# read exactly and pointing at one case do not both come from a misread or a stranger's paper, so
# they corroborate each other when a stamp took the debtor's name (the text names nobody else).
INDEPENDENT_NUMBERS = frozenset({"ip", "court_case", "uid"})
# A court case number is unique only within one court ("2-526/2021" exists in many): a debtor
# found by nothing else may be set aside when the text names another candidate and not him.
_COURT_LOCAL_KEYS = frozenset({"court_case"})
_CONTRACT = re.compile(r"договор[а-я]*\s*(?:займа|кредит[а-я]*)?\s*№\s*([\w/.\-]*\d[\w/.\-]*)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class CaseCandidate:
    case_id: int
    case_number: str
    debtor_name: str
    evidence: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.case_id,
            "case_number": self.case_number,
            "debtor": self.debtor_name,
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True, slots=True)
class CaseMatch:
    case_id: int | None
    case_number: str | None
    confidence: float
    candidates: tuple[CaseCandidate, ...]
    reasons: tuple[ReviewReason, ...]


def debtor_name_key(full_name: str) -> str:
    """The same coarse key as ``PersonName.name_key``: surname stem + initials."""
    words = full_name.split()
    initials = "".join(word[0] + "." for word in words[1:3])
    return f"{surname_stem(words[0])} {initials.lower()}" if words else ""


def _name_agrees(debtor: Debtor, persons: tuple[PersonName, ...], text: str) -> bool | None:
    """True when the text names this debtor; False when it names only others; None when nobody."""
    if text and is_mentioned(text, debtor.full_name):
        return True
    if not persons:
        return None
    key = debtor_name_key(debtor.full_name)
    surname_key = key.split(" ")[0]
    return any(
        person.name_key() == key or (person.name_key().split(" ")[0] == surname_key and not person.initials)
        for person in persons
    )


def _name_agrees_through_ocr(debtor: Debtor, persons: tuple[PersonName, ...], text: str) -> bool:
    """The debtor named under OCR damage (a stamp over «Петровой А.С.» read as «Пстровой A.C.»).

    Asked only when the exact check found nobody or only strangers, for a case already found by
    its numbers: the fragments must fit this debtor's surname within its OCR budget and the first
    name or its initial (``tasks.names.fuzzy_mentioned``). When the text names people after a
    debtor cue, one of them must be such a reading: a stranger read cleanly still contradicts.
    """
    if persons:
        return any(fuzzy_mentioned(person.full_name, debtor.full_name) for person in persons)
    return bool(text) and fuzzy_mentioned(text, debtor.full_name)


def _birth_date_agrees(debtor: Debtor, identifiers: Identifiers) -> bool:
    """The text gives this debtor's birth date, labelled as one («30.06.1985 г.р.», «дата рождения»)
    or not: OCR often mangles the label («г.p.», «r.р.») and leaves the date readable.

    A key independent of the number that found the case: a stamp that wipes the name out often
    leaves the date after it. Asked only when the text names nobody (a stranger still contradicts).
    An unlabelled date equal to the debtor's exact birth date is no coincidence a document makes:
    its own dates (issue, hearing, deadlines) are decades after any debtor's birth.
    """
    dates = (*identifiers.birth_dates, *identifiers.dates)
    return debtor.birth_date is not None and debtor.birth_date in dates


def contract_numbers(text: str) -> list[str]:
    """Loan contract numbers quoted in the text ("по договору № 38225700/2020")."""
    return list(dict.fromkeys(m.group(1).rstrip(".,") for m in _CONTRACT.finditer(text)))


def _collect_evidence(
    session: Session, identifiers: Identifiers, text: str
) -> dict[int, tuple[Case, set[str]]]:
    found: dict[int, tuple[Case, set[str]]] = {}
    for case in cases_by_contract(session, numbers=contract_numbers(text)):
        found.setdefault(case.id, (case, set()))[1].add("contract")
    court_cases = identifiers.court_case_numbers + identifiers.arbitration_case_numbers
    lookups = (
        (CaseIdentifierKind.IP_NUMBER, identifiers.ip_numbers),
        (CaseIdentifierKind.COURT_CASE, [s for number in court_cases for s in court_case_spellings(number)]),
        (CaseIdentifierKind.UID, identifiers.uids),
        (CaseIdentifierKind.WRIT, identifiers.writs),
    )
    for kind, values in lookups:
        for case in cases_by_identifier(session, kind=kind.value, values=list(values)):
            found.setdefault(case.id, (case, set()))[1].add(kind.value)
    for label, values in (("snils", identifiers.snilses), ("inn", identifiers.inns)):
        debtors: list[Debtor] = []
        for value in values:
            debtors += find_debtors(session, **{label: value})
        for case in cases_of_debtors(session, debtor_ids=[d.id for d in debtors]):
            found.setdefault(case.id, (case, set()))[1].add(label)
    return found


def _name_candidates(session: Session, identifiers: Identifiers) -> dict[int, tuple[Case, set[str]]]:
    found: dict[int, tuple[Case, set[str]]] = {}
    for person in identifiers.persons:
        debtors = [
            d
            for d in find_debtors(session, surname=person.surname)
            if debtor_name_key(d.full_name) == person.name_key()
        ]
        for case in cases_of_debtors(session, debtor_ids=[d.id for d in debtors]):
            evidence = "name_birth" if _birth_date_agrees(case.debtor, identifiers) else "name"
            found.setdefault(case.id, (case, set()))[1].add(evidence)
    return found


def _numbers_agree(case: Case, identifiers: Identifiers) -> bool:
    """No number read in the text speaks against this case: each kind the text gives (ИП number,
    court case, УИД) has a value within ``NUMBER_SLIPS`` OCR slips of one of the case's own.

    The case was not found by its numbers (they matched nothing exactly), so they are misread or
    they belong to another debtor the CRM does not know: a number far from all of the case's own
    means the latter, and the document is left to a clerk.
    """
    court_cases = identifiers.court_case_numbers + identifiers.arbitration_case_numbers
    read = (
        (CaseIdentifierKind.IP_NUMBER, identifiers.ip_numbers),
        (CaseIdentifierKind.COURT_CASE, court_cases),
        (CaseIdentifierKind.UID, identifiers.uids),
    )
    for kind, values in read:
        own = [i.value for i in case.identifiers if i.kind == kind.value]
        if values and not any(ocr_distance(v, o) <= NUMBER_SLIPS for v in values for o in own):
            return False
    return True


def _ocr_name_birth_candidates(
    session: Session, identifiers: Identifiers, text: str
) -> dict[int, tuple[Case, set[str]]]:
    """Cases of debtors born on a date the text gives whose name the text reads through OCR damage.

    For a scan whose numbers all came out misread and whose debtor's name has a slip in it
    («Пстрова Елсна»): two keys that do not depend on each other, the exact birth date and the
    name within its OCR budget (``fuzzy_mentioned``, surname and first name both), and no number
    in the text that points away from the case (``_numbers_agree``). A cleanly read stranger in
    the text contradicts, as in ``_name_agrees_through_ocr``.
    """
    dates = list(dict.fromkeys((*identifiers.birth_dates, *identifiers.dates)))
    if not dates or not text:
        return {}
    born = session.scalars(select(Debtor).where(Debtor.birth_date.in_(dates)).limit(MAX_BORN_ON)).all()
    debtors = [d for d in born if _name_agrees_through_ocr(d, identifiers.persons, text)]
    found: dict[int, tuple[Case, set[str]]] = {}
    for case in cases_of_debtors(session, debtor_ids=[d.id for d in debtors]):
        if _numbers_agree(case, identifiers):
            found[case.id] = (case, {"name_birth", OCR_NAME})
    return found


def _candidates(found: dict[int, tuple[Case, set[str]]]) -> tuple[CaseCandidate, ...]:
    strength = {
        "ip": 5,
        "court_case": 5,
        "uid": 6,
        "writ": 4,
        "snils": 5,
        "inn": 5,
        "name_birth": 3,
        "name_office": 3,
        "name": 1,
    }
    ranked = sorted(found.values(), key=lambda item: -sum(strength.get(e, 0) for e in item[1]))
    return tuple(
        CaseCandidate(case.id, case.case_number, case.debtor.full_name, tuple(sorted(evidence)))
        for case, evidence in ranked[:MAX_CANDIDATES]
    )


def _result(
    case: Case | None, confidence: float, found: dict[int, tuple[Case, set[str]]], reasons: list[ReviewReason]
) -> CaseMatch:
    return CaseMatch(
        case_id=case.id if case else None,
        case_number=case.case_number if case else None,
        confidence=confidence,
        candidates=_candidates(found),
        reasons=tuple(reasons),
    )


def match_case(session: Session, identifiers: Identifiers, *, text: str = "") -> CaseMatch:
    """The case this document belongs to, with confidence, candidates and review reasons.

    ``text`` is the document's text: when given, a case found by its numbers is corroborated
    by the debtor being named in it (any grammatical case), see ``tasks.mentions``.
    """
    text = normalize_text(text)  # OCR look-alikes in initials ("Петрову 0.0.") hide the debtor
    reasons = [ReviewReason.IP_LEGACY] if identifiers.ip_legacy else []
    found = _collect_evidence(session, identifiers, text)
    if not found:
        found = _name_candidates(session, identifiers)
        if not any("name_birth" in evidence for _, evidence in found.values()):
            found = _with_ocr_name_birth(found, _ocr_name_birth_candidates(session, identifiers, text))
        if not any("name_birth" in evidence for _, evidence in found.values()):
            _mark_name_and_office(found, identifiers)
        return _decide_by_name(found, reasons)
    by_debtor: dict[int, list[Case]] = defaultdict(list)
    for case, _evidence in found.values():
        by_debtor[case.debtor_id].append(case)
    if len(by_debtor) > 1:
        by_debtor = _set_aside_unnamed(by_debtor, found, text)
    if len(by_debtor) > 1:
        return _result(None, 0.0, found, [*reasons, ReviewReason.CASE_CONFLICT])
    cases = next(iter(by_debtor.values()))
    debtor = cases[0].debtor
    agrees = _name_agrees(debtor, identifiers.persons, text)
    if not agrees and _name_agrees_through_ocr(debtor, identifiers.persons, text):
        agrees = True
        for case in cases:
            found[case.id][1].add(OCR_NAME)
    if agrees is False:
        return _result(None, 0.0, found, [*reasons, ReviewReason.NAME_MISMATCH])
    document_keyed = [c for c in cases if found[c.id][1] & DOCUMENT_KEYS]
    if len(document_keyed) == 1:
        case = document_keyed[0]
        corroborated = agrees or found[case.id][1] & {"snils", "inn"}
        if not corroborated and agrees is None and _birth_date_agrees(debtor, identifiers):
            found[case.id][1].add(BIRTH_DATE)
            corroborated = True
        if corroborated:
            return _result(case, CONFIDENT, found, reasons)
        if agrees is None and len(found[case.id][1] & INDEPENDENT_NUMBERS) >= 2:
            return _result(case, TWO_NUMBERS, found, reasons)
        return _result(case, UNCORROBORATED, found, [*reasons, ReviewReason.WEAK_EVIDENCE])
    if len(document_keyed) > 1 or len(cases) > 1:
        return _result(None, 0.0, found, [*reasons, ReviewReason.SEVERAL_CASES])
    return _result(cases[0], PERSON_ONLY, found, reasons)


def _set_aside_unnamed(
    by_debtor: dict[int, list[Case]], found: dict[int, tuple[Case, set[str]]], text: str
) -> dict[int, list[Case]]:
    """Resolve a conflict only when exactly one debtor is named in the text and every other one
    was found by a court-local case number alone; otherwise keep the conflict for a clerk."""
    named = [d for d, cases in by_debtor.items() if text and is_mentioned(text, cases[0].debtor.full_name)]
    if len(named) != 1:
        return by_debtor
    others_weak = all(
        found[case.id][1] <= _COURT_LOCAL_KEYS
        for debtor_id, cases in by_debtor.items()
        if debtor_id != named[0]
        for case in cases
    )
    return {named[0]: by_debtor[named[0]]} if others_weak else by_debtor


def _with_ocr_name_birth(
    found: dict[int, tuple[Case, set[str]]], through_ocr: dict[int, tuple[Case, set[str]]]
) -> dict[int, tuple[Case, set[str]]]:
    """The name-only candidates plus those read through OCR with the birth date, when the latter
    are the same debtor's: a name-only candidate of another debtor keeps the choice to a clerk."""
    if not through_ocr:
        return found
    ocr_debtors = {case.debtor_id for case, _ in through_ocr.values()}
    if any(case.debtor_id not in ocr_debtors for case, _ in found.values()):
        return found
    merged = {cid: (case, set(evidence)) for cid, (case, evidence) in found.items()}
    for cid, (case, evidence) in through_ocr.items():
        merged.setdefault(cid, (case, set()))[1].update(evidence)
    return merged


def _ip_office(ip_number: str) -> str | None:
    """The ОСП code of an ИП number («228536/23/61001-ИП» → «61001»), None for another shape."""
    parts = ip_number.split("/")
    return parts[2].split("-")[0] if len(parts) == 3 else None


def _mark_name_and_office(found: dict[int, tuple[Case, set[str]]], identifiers: Identifiers) -> None:
    """Evidence ``name_office`` on the one case a bailiff's paper is about when its numbers were lost.

    A stamp or a skewed line can take the whole paragraph with the ИП number, the court case and
    the birth date, leaving the debtor's name in the operative part and the document's own number
    in its header («№ 61001/24/898322»), whose first part is the ОСП's code. Two independent keys
    then agree: the debtor's full name read exactly (surname, first name and patronymic, one
    debtor in the CRM) and the office that runs exactly one of that debtor's ИП. Nothing read may
    speak against it: a birth date labelled as one must be the debtor's, and any number read must
    lie within ``NUMBER_SLIPS`` of the case's own.
    """
    offices = {number.split("/")[0] for number in identifiers.fssp_doc_numbers}
    debtors = {case.debtor_id: case.debtor for case, _ in found.values()}
    if not offices or len(debtors) != 1:
        return
    debtor = next(iter(debtors.values()))
    full_name = debtor.full_name.replace("ё", "е").replace("Ё", "Е")
    if not any(p.full_name.replace("ё", "е").replace("Ё", "Е") == full_name for p in identifiers.persons):
        return
    if identifiers.birth_dates and debtor.birth_date not in identifiers.birth_dates:
        return
    at_office = [
        case
        for case, _ in found.values()
        if _numbers_agree(case, identifiers)
        and any(
            _ip_office(i.value) in offices
            for i in case.identifiers
            if i.kind == CaseIdentifierKind.IP_NUMBER.value
        )
    ]
    if len(at_office) == 1:
        found[at_office[0].id][1].add(NAME_OFFICE)


def _decide_by_name(found: dict[int, tuple[Case, set[str]]], reasons: list[ReviewReason]) -> CaseMatch:
    if not found:
        return _result(None, 0.0, found, [*reasons, ReviewReason.CASE_NOT_FOUND])
    with_birth = {cid: item for cid, item in found.items() if "name_birth" in item[1]}
    debtors = {case.debtor_id for case, _ in with_birth.values()}
    with_office = [case for case, evidence in found.values() if NAME_OFFICE in evidence]
    if not with_birth and len(with_office) == 1:
        return _result(with_office[0], NAME_AND_OFFICE, found, reasons)
    if len(with_birth) == 1 and len(debtors) == 1:
        case = next(iter(with_birth.values()))[0]
        return _result(case, NAME_AND_BIRTH, found, reasons)
    reason = ReviewReason.SEVERAL_CASES if len(debtors) == 1 and with_birth else ReviewReason.WEAK_EVIDENCE
    return _result(None, 0.0, found, [*reasons, reason])
