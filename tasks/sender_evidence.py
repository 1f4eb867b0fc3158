"""Evidence that tells apart counterparties whose names the letterhead matches equally well.

Russia has dozens of «ОСП по Ленинскому району» and «Кировский районный суд»; a directory often
lists them under aliases without the city. When fuzzy name matching leaves several candidates
close together, each is weighed by what the document says about *where* it comes from:

- the city or region on the letterhead line that names the unit (any grammatical case);
- the regional line above it («ГУФССП России по Пермскому краю»);
- the department code inside ИП numbers (``…/59045-ИП``) and the court code inside a УИД
  (``59RS0004-01-…``): exact codes the directory holds or learned, and their region prefix;
- the letterhead's postal index, and street with house, against the candidate's address;
- other places the letterhead names (weak: the addressee's own address may stand there too);
- the case's own history: an ИП or court case number in the text that a registered document of
  this counterparty already carried (``history_keys``; learned by ``tasks.learning``).

A candidate contradicted by the unit line or the regional line loses weight; ``weigh`` returns a
score per candidate and the Russian sentences a clerk reads as the reason. ``tasks.classify``
decides: a candidate wins only by a clear margin, otherwise the review lists them all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from tasks.geo import lemma, place_keys, region_of_code
from tasks.senders import CounterpartyRef

# ИП department code; УИД court code (region, RS/MS/GV…, four digits), tolerant of OCR's «$» for S.
IP_CODE = re.compile(r"\d{1,8}/\d{2}/(\d{5})-(?:ИП|СД|СВ)")
UID_CODE = re.compile(r"\b(\d{2}(?:RS|MS|GV|OS|GS|МS|RЅ)\d{4})-\d{2}-\d{4}-\d{6}-\d{2}\b")
UID_LOOSE = re.compile(r"\b(\d{2})([RМM][S$]|[MМ][S$])(\d{4})-\d{2}-\d{4}")
ARBITRATION_CODE = re.compile(r"\b[АA](\d{2})-\d+/\d{4}")
_DATED = re.compile(r"\b(?:19|20)\d{2}\s*(?:г\.|года)?\s+(?:г\.|город|гор\.)")
_INDEX = re.compile(r"(?<!\d)(\d{6})(?!\d)")
_STREET = re.compile(
    r"(?:\bул\.?|\bулица|\bпр-т|\bпросп\.?|\bпроспект|\bпр\.|\bпер\.?|\bпереулок|\bб-р|\bбульвар"
    r"|\bнаб\.?|\bнабережная|\bш\.|\bшоссе|\bпл\.|\bплощадь|\bтракт)\s*"
    r"((?:\d{1,2}-[яй]\s+)?[А-ЯЕ0-9][А-Яа-яЕе.-]*(?:\s+[А-ЯЕа-яе][а-яе-]+){0,2}?)"
    r"(?:\s+\d{1,2}-[яй])?,?\s*(?:д\.?|дом)?\s*(\d{1,4}[А-Яа-я]?)\b",
)
_REGIONAL_LINE = re.compile(r"уфссп|управлени[а-я]*\s+фссп|управлени[а-я]*\s+федеральной", re.IGNORECASE)

W_CODE = 3.0
W_CODE_REGION = 1.0
W_LINE_CITY = 2.0
W_LINE_REGION = 1.0
W_REGIONAL = 2.0
W_INDEX = 2.0
W_STREET = 1.5
W_HEADER_CITY = 1.0
W_HEADER_REGION = 0.5
W_HISTORY = 2.0
HISTORY_PREFIXES = ("ИП:", "ДЕЛО:")
"""Keys of the case history, kept among a counterparty's ``codes``: ``ИП:<number>``, ``ДЕЛО:<number>``."""


@dataclass(frozen=True, slots=True)
class Profile:
    """Where a counterparty is, as far as its directory row says: places, index, street, codes."""

    cities: frozenset[str]
    regions: frozenset[str]
    index: str | None
    streets: frozenset[str]
    codes: frozenset[str]
    history: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Clues:
    """What one document says about where its sender is."""

    header: tuple[str, ...]
    header_places: frozenset[str]
    regional_places: frozenset[str]
    indexes: frozenset[str]
    streets: frozenset[str]
    codes: frozenset[str]
    code_regions: frozenset[str]
    history: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Weighed:
    """One candidate's evidence score and the reasons, in Russian, for the clerk and the contract."""

    score: float
    reasons: tuple[str, ...]
    contradicted: bool


def street_keys(text: str) -> frozenset[str]:
    """``street:<first word lemma> <house>`` for each «ул. Ленина, д. 95» the text holds."""
    keys = set()
    for found in _STREET.finditer(text):
        words = [w for w in re.split(r"[\s.]+", found.group(1)) if w and not re.fullmatch(r"\d+-[яй]", w)]
        if words:
            keys.add(f"street:{lemma(words[-1])} {found.group(2).lower()}")
    return frozenset(keys)


def document_codes(text: str) -> frozenset[str]:
    """ИП department codes and УИД court codes anywhere in the (normalised) text."""
    codes = {m.group(1) for m in IP_CODE.finditer(text)}
    codes |= {f"A{m.group(1)}" for m in ARBITRATION_CODE.finditer(text)}
    codes |= {f"{m.group(1)}{m.group(2).replace('$', 'S').replace('М', 'M')}{m.group(3)}"
              for m in UID_LOOSE.finditer(text)}  # fmt: skip
    return frozenset(codes)


def learnable_codes(identifiers: dict[str, object], *, kind: str) -> set[str]:
    """Codes a registered document's stored identifiers teach about its sender of ``kind``."""

    def values(key: str) -> list[str]:
        found = identifiers.get(key)
        return [str(v) for v in found] if isinstance(found, list) else []

    if kind == "bailiff":
        return {m.group(1) for v in values("ip_numbers") if (m := IP_CODE.search(v))}
    if kind == "court":
        return {c for v in values("uids") + values("arbitration_case_numbers") for c in document_codes(v)}
    return set()


def history_keys(identifiers: dict[str, object], *, kind: str) -> set[str]:
    """The case-history keys a document's identifiers give a sender of ``kind``.

    A bailiff office writes under ИП numbers, a court under its case numbers; a number of the
    other kind quoted in the text (the court case an ИП was opened on) says nothing of the sender.
    """

    def values(key: str) -> list[str]:
        found = identifiers.get(key)
        return [str(v).upper() for v in found] if isinstance(found, list) else []

    if kind == "bailiff":
        return {f"ИП:{v}" for v in values("ip_numbers")}
    if kind == "court":
        return {f"ДЕЛО:{v}" for v in values("court_case_numbers") + values("arbitration_case_numbers")}
    return set()


def document_history(identifiers: dict[str, object]) -> frozenset[str]:
    """Every case-history key a document's identifiers could match, whoever sent it."""
    return frozenset(history_keys(identifiers, kind="bailiff") | history_keys(identifiers, kind="court"))


@lru_cache(maxsize=4096)
def profile(ref: CounterpartyRef) -> Profile:
    """A counterparty's whereabouts from its name, aliases, address and codes (cached per row)."""
    named = " \n".join((ref.name, *ref.aliases, ref.address or ""))
    places = place_keys(named)
    index = ref.postal_index or next(iter(_INDEX.findall(ref.address or "")), None)
    every = frozenset(c.upper() for c in ref.codes)
    history = frozenset(c for c in every if c.startswith(HISTORY_PREFIXES))
    codes = every - history
    regions = {k for k in places if k.startswith("region:")}
    regions |= {r for c in codes if (r := region_of_code(c))}
    return Profile(
        cities=frozenset(k for k in places if k.startswith("city:")),
        regions=frozenset(regions),
        index=index,
        streets=street_keys(ref.address or ""),
        codes=codes,
        history=history,
    )


def clues(
    text: str, header: Sequence[str], *, title: int | None, history: frozenset[str] = frozenset()
) -> Clues:
    """Collect the document's place evidence once.

    ``header`` is the first lines with addressee lines blanked (line numbers as ``SenderHit.line``);
    places, indexes and streets count only above the title. ``history`` is ``document_history``
    of the document's identifiers.
    """
    letterhead = header[: title if title is not None else len(header)]
    # Courts print the place of the decision on the dated line under the title («… 2024 г. г. Пермь»).
    placed = [line for line in header[title or 0 :][:8] if title is not None and _DATED.search(line)]
    joined = "\n".join([*letterhead, *placed])
    regional = [line for line in letterhead if _REGIONAL_LINE.search(line)]
    codes = document_codes(text)
    return Clues(
        header=tuple(header),
        header_places=frozenset(place_keys(joined)),
        regional_places=frozenset(
            k for line in regional for k in place_keys(line) if k.startswith("region:")
        ),
        indexes=frozenset(_INDEX.findall(joined)),
        streets=street_keys(joined),
        codes=codes,
        code_regions=frozenset(r for c in codes if (r := region_of_code(c))),
        history=history,
    )


def _place_score(
    own: frozenset[str], said: set[str], *, match: float, clash: float, label: str
) -> tuple[float, list[str], bool]:
    if not own or not said:
        return 0.0, [], False
    if own & said:
        return match, [f"{label}: {', '.join(sorted(k.split(':', 1)[1] for k in own & said))}"], False
    return -clash, [f"{label} другой: {', '.join(sorted(k.split(':', 1)[1] for k in said))}"], clash > 0


def weigh(ref: CounterpartyRef, clue: Clues, *, line: int) -> Weighed:
    """Evidence for ``ref`` as the sender whose name the letterhead shows at ``line``."""
    own = profile(ref)
    unit_text = " ".join(clue.header[line : line + 2]) if 0 <= line < len(clue.header) else ""
    unit_places = place_keys(unit_text)
    score, reasons, contradicted = 0.0, [], False

    def add(part: tuple[float, list[str], bool]) -> None:
        nonlocal score, contradicted
        score += part[0]
        reasons.extend(part[1])
        contradicted = contradicted or part[2]

    cities = {k for k in unit_places if k.startswith("city:")}
    regions = {k for k in unit_places if k.startswith("region:")}
    add(
        _place_score(
            own.cities, cities, match=W_LINE_CITY, clash=W_LINE_CITY, label="город в строке отправителя"
        )
    )
    add(
        _place_score(
            own.regions, regions, match=W_LINE_REGION, clash=W_LINE_CITY, label="регион в строке отправителя"
        )
    )
    add(_place_score(own.regions, set(clue.regional_places), match=W_REGIONAL, clash=W_REGIONAL,
                     label="регион в строке управления ФССП"))  # fmt: skip
    if ref.kind in {"bailiff", "court"}:
        exact = own.codes & clue.codes
        if exact:
            score += W_CODE
            reasons.append(f"код подразделения/суда в номерах: {', '.join(sorted(exact))}")
        add(_place_score(own.regions, set(clue.code_regions), match=W_CODE_REGION, clash=0.0,
                         label="регион по коду в номере ИП/УИД"))  # fmt: skip
        written = own.history & clue.history
        if written:
            score += W_HISTORY
            numbers = ", ".join(sorted(k.split(":", 1)[1] for k in written)[:3])
            reasons.append(f"уже писал по этому делу: {numbers}")
    if own.index and own.index in clue.indexes:
        score += W_INDEX
        reasons.append(f"индекс {own.index} совпадает с адресом")
    if own.streets & clue.streets:
        score += W_STREET
        reasons.append(f"улица и дом совпадают с адресом: {', '.join(sorted(own.streets & clue.streets))}")
    header_rest = set(clue.header_places) - unit_places
    if own.cities & header_rest:
        score += W_HEADER_CITY
        reasons.append(f"город в шапке: {', '.join(sorted(k[5:] for k in own.cities & header_rest))}")
    elif own.regions & header_rest:
        score += W_HEADER_REGION
        reasons.append("регион в шапке")
    return Weighed(round(score, 3), tuple(reasons), contradicted)
