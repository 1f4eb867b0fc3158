# ruff: noqa: E501  (page templates read best one sentence per line)
"""Unkind stacks: one scan holding several documents, as operators scan an envelope or a morning (issue 15).

Built on the unkind world (``world.py``): the same cities, units, cases and document texts, laid out
as pages. A stack is a list of page texts (one layout page each) with the truth of every page:

- ``court``: a court's envelope with a determination (or a decision) and a writ for the same debtor;
- ``bailiff``: a bailiff office's envelope with resolutions for several debtors, some unknown to the
  CRM, some sharing a known debtor's name (a namesake with another birth date and ИП);
- ``pair``: two court decisions, the first about a debtor unknown to the CRM, the second about a known
  one (the scan the issue saw filed whole on the wrong case);
- ``morning``: 2-6 unrelated documents from the world's mix, with blank pages or the app's separator
  sheet («ЛИСТ-РАЗДЕЛИТЕЛЬ КОРРЕСПОНДЕНТ» and a code) between some of them;
- ``single``: one document (one or two pages), the single-document figures in the mix.

Documents run over one to three pages, numbered «стр. 1 из 2» / «Страница 2 из 3» / «- 2 -» at the
top or bottom, or not numbered at all; continuation pages carry no letterhead and no title. An
envelope page (конверт: «Почта России», the sender's and our addresses with postal indices, a
postmark with its date) starts some stacks; ``stacks_render`` stamps and rotates it on scans.

API: ``world_stacks(n, *, seed, cases=200) -> list[Stack]`` (prefix-stable, deterministic by seed; the
first five cover every kind once). ``Stack.roles[p]`` is the index of the document page ``p + 1``
belongs to, or ``ENVELOPE``/``BLANK``/``SEPARATOR``; ``Stack.documents[i]`` is that document's
``Truth`` (``case_number=""`` for a debtor the CRM does not know).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache

from tests.corpus.texts import AGENCY, AGENCY_ADDRESS, Truth
from tests.corpus.world import (
    _CITIES,
    FSSP_TYPES,
    UNITS,
    Unit,
    _Case,
    _case,
    _court_doc,
    _document,
    _fssp_doc,
)

ENVELOPE = "envelope"
BLANK = "blank"
SEPARATOR = "separator"
KINDS = ("court", "bailiff", "single", "pair", "morning")
SEPARATOR_TITLE = "ЛИСТ-РАЗДЕЛИТЕЛЬ КОРРЕСПОНДЕНТ"

Role = int | str


@dataclass(frozen=True, slots=True)
class Envelope:
    """The envelope's truth: who sent it and the postmark's date."""

    sender: str
    postmark: date
    rotated: int  # degrees a scan of it is turned by (0, 90, 180, 270)


@dataclass(frozen=True, slots=True)
class Stack:
    """One scanned file: its pages' texts and what each page is."""

    kind: str
    pages: tuple[str, ...]
    roles: tuple[Role, ...]
    documents: tuple[Truth, ...]
    envelope: Envelope | None = None

    @property
    def text(self) -> str:
        """The whole stack for the renderers: a form feed between pages."""
        return "\f".join(self.pages)

    def document_pages(self, index: int) -> tuple[int, ...]:
        """The 1-based page numbers of document ``index``."""
        return tuple(p + 1 for p, role in enumerate(self.roles) if role == index)

    def pages_of(self, role: str) -> tuple[int, ...]:
        """The 1-based numbers of the envelope, blank or separator pages."""
        return tuple(p + 1 for p, r in enumerate(self.roles) if r == role)


@cache
def _known_cases(seed: int, n: int) -> tuple[_Case, ...]:
    return tuple(_case(i, seed) for i in range(n))


def _truth(case: _Case, doc_type: str, when: date, sender: Unit, text: str, *, known: bool) -> Truth:
    """The register truth of a document built here, as ``world._document`` builds it."""
    return Truth(
        sender.name, sender.kind, doc_type, case.row["case_number"] if known else "",
        case.person_forms[2], case.birth, when,
        ip_numbers=(case.ip,) if case.ip in text else (),
        court_case_numbers=tuple(n for n in (case.court_case, case.arbitration) if n and n in text),
        uids=(case.uid,) if case.uid in text else (),
    )  # fmt: skip


def _continuation(truth: Truth, rng: random.Random) -> list[str]:
    """A later page of a document: no letterhead, no title; the debtor named again at times."""
    debtor = truth.debtor_full_name
    if truth.document_type == "Исполнительный лист":
        return [f"Должник: {debtor}", f"дата рождения: {truth.debtor_birth_date:%d.%m.%Y}, место рождения: г. {rng.choice(_CITIES)[0]}",
                "Срок предъявления исполнительного листа к исполнению — три года со дня вступления судебного акта в законную силу.",
                "", "Судья ____________________", "М.П.", "", f"Исполнительный лист выдан {truth.document_date:%d.%m.%Y}"]  # fmt: skip
    if truth.sender_kind == "bailiff":
        lines = ["2. Копию настоящего постановления направить взыскателю и должнику.",
                 "3. Постановление может быть обжаловано в порядке подчиненности вышестоящему должностному лицу "
                 "службы судебных приставов или оспорено в суде в десятидневный срок."]  # fmt: skip
        if rng.random() < 0.5:
            lines.append(
                f"4. Разъяснить должнику ({debtor}) порядок исполнения требований исполнительного документа."
            )
        return [*lines, "", "Судебный пристав-исполнитель ____________", "",
                "Документ подписан электронной подписью", f"Сертификат: {rng.getrandbits(64):016X}",
                f"Действителен с {truth.document_date:%d.%m.%Y} по {truth.document_date + timedelta(days=365):%d.%m.%Y}"]  # fmt: skip
    if truth.sender_kind == "court":
        return ["Определение (решение) может быть обжаловано в апелляционном порядке в течение пятнадцати "
                "дней (месяца) через суд, вынесший судебный акт.", "",
                "Судья ____________________", "", "Копия верна.", "Секретарь судебного заседания ____________",
                f"Судебный акт вступил в законную силу {truth.document_date + timedelta(days=rng.randint(15, 40)):%d.%m.%Y}"]  # fmt: skip
    return ["Настоящий ответ подготовлен на основании данных автоматизированной системы банка.",
            "В случае несогласия с ответом Вы вправе обратиться в Банк России.", "",
            "Исполнитель: специалист отдела по работе с обращениями", f"тел. 8-800-{rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"]  # fmt: skip


_OPERATIVE = (
    "П О С Т А Н О В И Л",
    "ПОСТАНОВИЛ",
    "Р Е Ш И Л",
    "ОПРЕДЕЛИЛ",
    "ПРИКАЗАЛ",
    "У С Т А Н О В И Л",
    "УСТАНОВИЛ",
)


def _break_at_operative_part(text: str, rng: random.Random) -> list[str]:
    """A page break before «ПОСТАНОВИЛ:» or «Р Е Ш И Л :», so page 2 opens with words in capitals
    that are not a new document's title; the text as one page when it has no such line."""
    lines = text.split("\n")
    starts = [n for n, line in enumerate(lines) if n > 6 and line.lstrip().startswith(_OPERATIVE)]
    if not starts:
        return [text]
    cut = rng.choice(starts)
    return ["\n".join(lines[:cut]), "\n".join(lines[cut:])]


def _paginate(text: str, truth: Truth, rng: random.Random) -> list[str]:
    """One document as 1-3 pages: its text, then continuations; numbered in one of the usual ways or not."""
    first, marker, later = text.partition("Страница 2 из 2")
    if marker:  # the world's own numbered second page: kept as it is
        return [first.rstrip("\n"), marker + later.rstrip("\n")]
    pages = _break_at_operative_part(first, rng) if rng.random() < 0.35 else [first]
    roll = rng.random()
    wanted = 1 if roll < 0.45 else 2 if roll < 0.85 else 3
    while len(pages) < wanted:
        pages.append("\n".join(_continuation(truth, rng)))
    style = rng.choice((None, None, "стр. {k} из {n}", "Страница {k} из {n}", "- {k} -", "Лист {k}"))
    if style is None or (len(pages) == 1 and rng.random() < 0.8):
        return pages
    top = rng.random() < 0.5
    numbered = []
    for k, page in enumerate(pages, start=1):
        mark = style.format(k=k, n=len(pages))
        numbered.append(f"{mark}\n{page}" if top else f"{page}\n\n{mark}")
    return numbered


def _envelope_page(sender: Unit, postmark: date, rng: random.Random) -> str:
    """The envelope: «Почта России», from whom and where, to whom and where, a postmark with its date."""
    city = _CITIES[sender.city][0] if sender.city >= 0 else "Москва"
    index = sender.address.split(",", 1)[0]
    lines = ["ПОЧТА РОССИИ", rng.choice(("ЗАКАЗНОЕ", "Заказное с уведомлением", "Судебное" if sender.kind == "court" else "Простое")),
             "", f"От кого: {sender.name}", f"Откуда: {sender.address}", "",
             f"{city.upper()} {index}    {postmark:%d.%m.%y}", "",
             f"Кому: {AGENCY}", f"Куда: {AGENCY_ADDRESS}", "", "1 2 5 0 0 9"]  # fmt: skip
    if rng.random() < 0.6:
        lines.insert(3, f"ШПИ {index}{rng.randint(10, 99)}{rng.randint(10000000, 99999999)}")
    return "\n".join(lines)


def _separator_page(rng: random.Random) -> str:
    """The sheet the app prints to put between documents: its title, a line for the operator, a code."""
    lines = ("", "", SEPARATOR_TITLE, "", "Положите этот лист между документами: программа начнёт с него новый документ.",
             "", f"Код: KORR-SEP-{rng.randint(0, 99999):05d}")  # fmt: skip
    return "\n".join(lines)


class _Builder:
    """Pages and roles as a stack grows; documents get the next index."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.pages: list[str] = []
        self.roles: list[Role] = []
        self.documents: list[Truth] = []
        self.envelope: Envelope | None = None

    def add_envelope(self, sender: Unit, rng: random.Random) -> None:
        latest = max(t.document_date for t in self.documents)
        postmark = latest + timedelta(days=rng.randint(1, 6))
        self.envelope = Envelope(sender.name, postmark, rng.choice((0, 0, 90, 180, 270)))
        self.pages.insert(0, _envelope_page(sender, postmark, rng))
        self.roles.insert(0, ENVELOPE)

    def add_document(self, text: str, truth: Truth, rng: random.Random) -> None:
        index = len(self.documents)
        self.documents.append(truth)
        for page in _paginate(text, truth, rng):
            self.pages.append(page)
            self.roles.append(index)

    def add_gap(self, rng: random.Random, *, blank: float, separator: float) -> None:
        roll = rng.random()
        if roll < blank:
            self.pages.append("")
            self.roles.append(BLANK)
        elif roll < blank + separator:
            self.pages.append(_separator_page(rng))
            self.roles.append(SEPARATOR)

    def stack(self) -> Stack:
        return Stack(self.kind, tuple(self.pages), tuple(self.roles), tuple(self.documents), self.envelope)


def _when(rng: random.Random) -> date:
    return date(2024, 1, 1) + timedelta(days=rng.randint(0, 600))


def _court_stack(rng: random.Random, known: tuple[_Case, ...], unknown: _Case) -> Stack:
    """A court's envelope: a determination or a decision, then a writ, for the same debtor and case."""
    is_known = rng.random() < 0.85
    case = rng.choice(known) if is_known else unknown
    case = replace(case, district=case.district, magistrate=case.district)  # one court sends both
    first = rng.choice(
        (
            "Определение о процессуальном правопреемстве",
            "Определение о процессуальном правопреемстве",
            "Решение суда",
        )
    )
    when = _when(rng)
    out = _Builder("court")
    for doc_type in (first, "Исполнительный лист"):
        lines, court = _court_doc(case, doc_type, when, rng)
        text = "\n".join(lines)
        out.add_document(text, _truth(case, doc_type, when, court, text, known=is_known), rng)
    if rng.random() < 0.8:
        out.add_envelope(case.district, rng)
    return out.stack()


def _bailiff_stack(rng: random.Random, known: tuple[_Case, ...], strangers: list[_Case]) -> Stack:
    """A bailiff office's envelope: resolutions for several debtors, known, unknown, namesakes."""
    first = rng.choice(known)
    osp = first.osp
    same = [c for c in known if c.osp == osp and c is not first]
    rng.shuffle(same)
    cases: list[tuple[_Case, bool]] = [(first, True)]
    cases += [(case, True) for case in same[: rng.randint(0, 3)]]
    wanted = rng.choice((0, 1, 1, 2))  # about half the envelopes hold a debtor the CRM does not know
    for stranger in strangers[: max(wanted, 2 - len(cases))]:
        ip = f"{rng.randint(1000, 999999)}/{rng.randint(22, 25)}/{osp.code}-ИП"
        moved = replace(
            stranger, city=first.city, osp=osp, district=first.district, magistrate=first.magistrate, ip=ip
        )
        if rng.random() < 0.35:  # a namesake of a known debtor, born another day, in another ИП
            moved = replace(moved, person_forms=first.person_forms)
        cases.append((moved, False))
    rng.shuffle(cases)
    if rng.random() < 0.3:  # two resolutions in one ИП of the same debtor, one after the other
        cases.insert(cases.index((first, True)), (first, True))
    out = _Builder("bailiff")
    previous = ""
    for case, is_known in cases:
        doc_type = rng.choice([t for t in FSSP_TYPES if t != previous])
        previous = doc_type
        when = _when(rng)
        text = "\n".join(_fssp_doc(case, doc_type, when, rng))
        out.add_document(text, _truth(case, doc_type, when, osp, text, known=is_known), rng)
        out.add_gap(rng, blank=0.15, separator=0.0)
    if out.roles[-1] == BLANK:
        out.pages.pop()
        out.roles.pop()
    if rng.random() < 0.7:
        out.add_envelope(osp, rng)
    return out.stack()


def _pair_stack(rng: random.Random, known: tuple[_Case, ...], unknown: _Case) -> Stack:
    """Two court decisions, a debtor the CRM does not know first, then a known one."""
    out = _Builder("pair")
    for case, is_known in ((unknown, False), (rng.choice(known), True)):
        when = _when(rng)
        lines, court = _court_doc(case, "Решение суда", when, rng)
        text = "\n".join(lines)
        out.add_document(text, _truth(case, "Решение суда", when, court, text, known=is_known), rng)
    return out.stack()


def _morning_stack(rng: random.Random, seed: int, i: int, cases: int) -> Stack:
    """A morning's stack: unrelated documents, blank pages or separator sheets between some."""
    out = _Builder("morning")
    count = rng.randint(2, 6)
    for k in range(count):
        text, truth = _document(10_000 + i * 10 + k, seed, cases)
        out.add_document(text, truth, rng)
        if k < count - 1:
            out.add_gap(rng, blank=0.2, separator=0.25)
    if rng.random() < 0.25:  # the first letter's envelope, scanned on top
        sender = _unit_named(out.documents[0].sender)
        if sender is not None:
            out.add_envelope(sender, rng)
    return out.stack()


def _unit_named(name: str) -> Unit | None:
    return next((u for u in UNITS if u.name == name), None)


def _single_stack(rng: random.Random, seed: int, i: int, cases: int) -> Stack:
    out = _Builder("single")
    text, truth = _document(20_000 + i, seed, cases)
    out.add_document(text, truth, rng)
    return out.stack()


def _stack(i: int, seed: int, cases: int) -> Stack:
    rng = random.Random(f"world-stack:{seed}:{i}")
    kind = KINDS[i] if i < len(KINDS) else rng.choice(KINDS)
    known = _known_cases(seed, cases)
    strangers = [_case(200_000 + i * 10 + k, seed) for k in range(4)]
    if kind == "court":
        return _court_stack(rng, known, strangers[0])
    if kind == "bailiff":
        return _bailiff_stack(rng, known, strangers)
    if kind == "pair":
        return _pair_stack(rng, known, strangers[0])
    if kind == "morning":
        return _morning_stack(rng, seed, i, cases)
    return _single_stack(rng, seed, i, cases)


def world_stacks(n: int, *, seed: int, cases: int = 200) -> list[Stack]:
    """``n`` stacks with their truth (prefix-stable); the first five are one of each kind."""
    return [_stack(i, seed, cases) for i in range(n)]


__all__ = ["BLANK", "ENVELOPE", "KINDS", "SEPARATOR", "Envelope", "Stack", "world_stacks"]
