"""One canonical spelling per court case number and УИД; different cases never share one."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.case_numbers import canonical_court_case, canonical_uid, court_case_spellings
from tasks.identifiers import extract_identifiers

INDEXES = ("2", "2а", "13", "9", "М", "33", "33а", "88", "88а", "8Г", "8Га")
# How clients and OCR write each letter of an index; lower-case м/г only in a CRM's cell.
LETTERS_IN_TEXT = {"а": ("а", "А", "a", "A"), "М": ("М", "M"), "Г": ("Г",)}
LETTERS_IN_CELL = {"а": ("а", "А", "a", "A"), "М": ("М", "M", "м"), "Г": ("Г", "г")}


@dataclass(frozen=True)
class Number:
    """A court case number by its parts; the canonical spelling is written out here, by hand."""

    index: str
    seq: int
    part: int | None
    year: int
    tail: int | None

    def canonical(self) -> str:
        part = f"/{self.part}" if self.part is not None else ""
        tail = f"-{self.tail}" if self.tail is not None else ""
        return f"{self.index}-{self.seq}{part}/{self.year}{tail}"


numbers = st.builds(
    Number,
    index=st.sampled_from(INDEXES),
    seq=st.integers(1, 999_999),
    part=st.none() | st.integers(1, 999),
    year=st.integers(1970, 2069),
    tail=st.none() | st.integers(1, 999),
)


@st.composite
def spelled(draw: st.DrawFn, number: Number, *, in_text: bool = False) -> str:
    """One of the ways a court, a client or OCR writes ``number``."""
    letters = LETTERS_IN_TEXT if in_text else LETTERS_IN_CELL
    index = "".join(draw(st.sampled_from(letters.get(char, (char,)))) for char in number.index)
    space = st.sampled_from(("", " "))
    short = draw(st.booleans())
    year = f"{number.year % 100:02d}" if short else str(number.year)
    part = f"{draw(space)}/{draw(space)}{number.part}" if number.part is not None else ""
    tail = ""
    if number.tail is not None:
        forms = ["-{}", "({})"]
        # "2-1234/23/12" reads as участок 23 of 2012: a slash after a short year is ambiguous.
        if not (short and number.part is None and len(str(number.tail)) == 2):
            forms.append("/{}")
        tail = draw(st.sampled_from(forms)).format(number.tail)
    body = f"{index}{draw(space)}-{draw(space)}{number.seq}{part}{draw(space)}/{draw(space)}{year}{tail}"
    prefix = draw(st.sampled_from(("", "№ ", "№", "дело № ")))
    suffix = draw(st.sampled_from(("", " г.", "г.", " года")))
    return f"{prefix}{body}{suffix}"


@st.composite
def number_and_spelling(draw: st.DrawFn, *, in_text: bool = False) -> tuple[Number, str]:
    number = draw(numbers)
    return number, draw(spelled(number, in_text=in_text))


@settings(max_examples=400, deadline=None)
@given(number_and_spelling())
def test_every_spelling_of_a_number_has_its_canonical_form(case: tuple[Number, str]) -> None:
    number, spelling = case
    assert canonical_court_case(spelling) == number.canonical()


@settings(max_examples=200, deadline=None)
@given(number_and_spelling(in_text=True))
def test_a_number_read_from_text_is_canonical(case: tuple[Number, str]) -> None:
    number, spelling = case
    ids = extract_identifiers(f"Определение по делу {spelling} от 12.03.2024")
    assert ids.court_case_numbers == (number.canonical(),)


FIELDS = ("index", "seq", "part", "year", "tail")


@st.composite
def near_misses(draw: st.DrawFn) -> tuple[Number, Number]:
    """Two numbers that differ in exactly one part: the collisions a sloppy folding makes."""
    number = draw(numbers)
    field = draw(st.sampled_from(FIELDS))
    strategy = {
        "index": st.sampled_from(INDEXES),
        "seq": st.integers(1, 999_999),
        "part": st.none() | st.integers(1, 999),
        "year": st.integers(1900, 2099),
        "tail": st.none() | st.integers(1, 999),
    }[field]
    other = replace(number, **{field: draw(strategy.filter(lambda v: v != getattr(number, field)))})
    return number, other


@settings(max_examples=400, deadline=None)
@given(near_misses(), st.data())
def test_different_numbers_keep_different_canonical_forms(
    pair: tuple[Number, Number], data: st.DataObject
) -> None:
    first, second = pair
    spellings = [
        data.draw(spelled(number)) if 1970 <= number.year <= 2069 else number.canonical() for number in pair
    ]
    assert canonical_court_case(spellings[0]) != canonical_court_case(spellings[1])
    assert (canonical_court_case(spellings[0]), canonical_court_case(spellings[1])) == (
        first.canonical(),
        second.canonical(),
    )


@settings(max_examples=200, deadline=None)
@given(numbers)
def test_lookup_spellings_all_mean_the_same_number(number: Number) -> None:
    spellings = court_case_spellings(number.canonical())
    assert spellings[0] == number.canonical()
    assert all(canonical_court_case(spelling) == number.canonical() for spelling in spellings)
    short = number.canonical().replace(f"/{number.year}", f"/{number.year % 100:02d}")
    assert short in spellings


@settings(max_examples=200, deadline=None)
@given(number_and_spelling())
def test_canonical_form_is_idempotent(case: tuple[Number, str]) -> None:
    once = canonical_court_case(case[1])
    assert canonical_court_case(once) == once


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("2-1234/23", "2-1234/2023"),
        ("№ 2-1234/2023", "2-1234/2023"),
        ("2-1234/2023 г.", "2-1234/2023"),
        ("2 - 1234 / 2023", "2-1234/2023"),
        ("2-1О23/2О24", "2-1023/2024"),  # Cyrillic О read for zeros
        ("2–1234/2023", "2-1234/2023"),  # en dash
        ("2a-77/23(5)", "2а-77/2023-5"),
        ("M-12/24", "М-12/2024"),
        ("33-705/23", "33-705/2023"),
        ("88а-5/22", "88а-5/2022"),
        ("8г-1234/2023", "8Г-1234/2023"),
        ("2-1234/99", "2-1234/1999"),
        ("A40-12345/2023", "А40-12345/2023"),
        ("К-2026-00001", "К-2026-00001"),  # not a court number: kept as written
        ("  Дело  12 ", "Дело 12"),
    ],
)
def test_canonical_court_case_examples(spelling: str, canonical: str) -> None:
    assert canonical_court_case(spelling) == canonical


def test_numbers_of_different_cases_stay_apart() -> None:
    numbers = ["2-1234/2023", "2-1234/2022", "2а-1234/2023", "2-12345/2023", "М-1234/2023", "33-1234/2023"]
    numbers += ["88-1234/2023", "13-1234/2023", "2-1234/5/2023", "2-1234/2023-5", "2-1234/2023-6"]
    assert len({canonical_court_case(n) for n in numbers}) == len(numbers)
    found = {s for n in numbers for s in court_case_spellings(n)}
    assert len(found) == sum(len(court_case_spellings(n)) for n in numbers)


@pytest.mark.parametrize(
    ("value", "uid"),
    [
        ("77RS0001-01-2023-001234-56", "77RS0001-01-2023-001234-56"),
        ("77rs0001-01-2023-001234-56", "77RS0001-01-2023-001234-56"),
        ("77РС0001-01-2023-001234-56", "77RS0001-01-2023-001234-56"),
        ("43МС0012 - 01 - 2023 - 001234 - 56", "43MS0012-01-2023-001234-56"),
        ("50OS0000-01-2022-000123-45", "50OS0000-01-2022-000123-45"),
        ("77RS0001–01–2023–001234–56", "77RS0001-01-2023-001234-56"),
        ("78М$0012-01-2024-514762-50", "78MS0012-01-2024-514762-50"),  # Tesseract's S
    ],
)
def test_canonical_uid_reads_every_spelling(value: str, uid: str) -> None:
    assert canonical_uid(value) == uid


@pytest.mark.parametrize(
    "value",
    [
        "",
        "2-1234/2023",
        "77RS0001-01-2023-01234-56",  # five digits where six belong
        "77RS0001-01-23-001234-56",
        "7RS0001-01-2023-001234-56",
        "77R0001-01-2023-001234-56",
        "77RS0001-01-2023-001234-56-1",
        "77ЖЖ0001-01-2023-001234-56",
    ],
)
def test_canonical_uid_refuses_other_shapes(value: str) -> None:
    assert canonical_uid(value) is None
