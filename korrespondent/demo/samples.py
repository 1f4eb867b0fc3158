"""Sample work for a newcomer's first screen: earlier mail, scans in the inbox and draft letters.

``korrespondent demo`` drops these into an empty installation: scans the pipeline registers on
its own, scans that need a clerk (unknown sender, a debtor's own statement, a case that is not
in the CRM), files it refuses (a photo saved as PDF, an empty file), and a few draft letters.
It also registers «earlier mail» (``earlier_mail``): documents received in the past weeks and
months whose deadlines run now (a cancelled court order, an ended enforcement, a refusal to open
one) and a debtor's refusal of interaction, so «Сроки» has entries in every bucket and a case
shows its guard on first open. Their dates are counted back from the day the demo runs.
The texts name the demo cases of ``cases.csv`` so registered scans land on real cases.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

from PIL import Image

from korrespondent.demo.render import jpeg_scan, text_pdf
from tasks.deadlines.calendar import add_months


@dataclass(frozen=True, slots=True)
class SampleFile:
    name: str
    data: bytes
    expectation: str


OPENING = """ОСП по Центральному району г. Новосибирска
630099, г. Новосибирск, ул. Каменская, д. 12

ПОСТАНОВЛЕНИЕ
о возбуждении исполнительного производства

г. Новосибирск 12.03.2026

Судебный пристав-исполнитель, рассмотрев исполнительный документ, в отношении должника
Петрова Сергея Ивановича, 22.11.1982 года рождения, ПОСТАНОВИЛ: возбудить исполнительное
производство № 661243/24/66003-ИП.
"""

COURT_ORDER = """Мировой судья судебного участка № 5 Кировского района г. Самары
443093, г. Самара, ул. Партизанская, д. 56

Дело № 2-6496/2023

СУДЕБНЫЙ ПРИКАЗ

«14» апреля 2023 г. г. Самара

Мировой судья судебного участка № 5 Кировского района г. Самары, рассмотрев заявление
ПАО «Банк Восход» о выдаче судебного приказа, ПРИКАЗАЛ: взыскать с должника Смирновой Анны
Петровны, 17.04.1984 года рождения, задолженность по кредитному договору № КД-944039.
"""

CANCELLATION = """Октябрьский районный суд г. Краснодара
350063, г. Краснодар, ул. Красная, д. 5

Дело № 2-9787/2025

ОПРЕДЕЛЕНИЕ
об отмене судебного приказа

«03» февраля 2026 г. г. Краснодар

Суд, рассмотрев возражения должника Кузнецова Дмитрия Олеговича относительно исполнения
судебного приказа по делу № 2-9787/2025, ОПРЕДЕЛИЛ: судебный приказ отменить.
"""

UNKNOWN_SENDER = """ООО «Управляющая компания Рассвет»
620000, г. Екатеринбург, ул. Малышева, д. 1

Исх. № 118 от 02.11.2026

ИНФОРМАЦИОННОЕ ПИСЬМО

Сообщаем, что Попова Марина Александровна по адресу г. Екатеринбург, пр-т Мира, д. 41,
кв. 42 не проживает с сентября 2026 года.
"""

DEBTOR_STATEMENT = """от Лебедева Игоря Николаевича
443093, г. Самара, пр-т Мира, д. 78, кв. 56

ЗАЯВЛЕНИЕ
об отказе от взаимодействия

Я, Лебедев Игорь Николаевич, в соответствии со статьёй 8 Федерального закона № 230-ФЗ
отказываюсь от взаимодействия с вами по договору № КД-722914.
"""

UNKNOWN_CASE = """ОСП по Центральному району г. Новосибирска
630099, г. Новосибирск, ул. Каменская, д. 12

ПОСТАНОВЛЕНИЕ
об окончании исполнительного производства

г. Новосибирск 20.10.2026

Исполнительное производство № 999001/26/54007-ИП в отношении должника Орлова Павла
Петровича окончено, исполнительный документ возвращается взыскателю.
"""


_GENITIVE = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()


def _in_words(day: date) -> str:
    """«06» октября 2026 г.: the date line of a court ruling."""
    return f"«{day:%d}» {_GENITIVE[day.month - 1]} {day.year} г."


@dataclass(frozen=True, slots=True)
class EarlierItem:
    """A document the demo registers as received earlier: whose, from whom, what, when."""

    name: str
    case_number: str
    sender: str
    document_type: str
    text: str
    received: date


EARLIER_REFUSAL_CASE = "К-2026-00005"
"""The demo case whose debtor refused interaction: letters to him are refused."""


def earlier_mail(today: date) -> list[EarlierItem]:
    """Mail received before the demo, dated back from ``today`` so its deadlines fall due now.

    - a cancelled court order six months less four days ago: the claim is due within the week;
    - an ended enforcement (п. 3 ч. 1 ст. 46) seven months ago: re-presentable now, for three years;
    - a refusal to open enforcement received three weeks ago: its ten working days have run out;
    - a debtor's refusal of interaction received yesterday: a guard, and one working day to note it.
    """
    cancelled = add_months(today, -6) + timedelta(days=4)
    ended = add_months(today, -7)
    refused = today - timedelta(days=21)
    return [
        EarlierItem(
            "определение_отмена_приказа_шевченко.pdf",
            "К-2026-00013",
            "Октябрьский районный суд г. Краснодара",
            "Определение об отмене судебного приказа",
            f"""Октябрьский районный суд г. Краснодара
350063, г. Краснодар, ул. Красная, д. 5

Дело № 2-1819/2023

ОПРЕДЕЛЕНИЕ
об отмене судебного приказа

{_in_words(cancelled)} г. Краснодар

Суд, рассмотрев возражения должника Шевченко Виктора Петровича, 05.12.1984 года рождения,
относительно исполнения судебного приказа по делу № 2-1819/2023 о взыскании задолженности
по договору № КД-543183, ОПРЕДЕЛИЛ: судебный приказ отменить. Разъяснить взыскателю, что
заявленное требование может быть предъявлено в порядке искового производства.
""",
            cancelled + timedelta(days=6),
        ),
        EarlierItem(
            "окончание_ип_морозова.pdf",
            "К-2026-00010",
            "ОСП по Центральному району г. Новосибирска",
            "Постановление об окончании исполнительного производства",
            f"""ОСП по Центральному району г. Новосибирска
630099, г. Новосибирск, ул. Каменская, д. 12

ПОСТАНОВЛЕНИЕ
об окончании исполнительного производства

г. Новосибирск {ended:%d.%m.%Y}

Судебный пристав-исполнитель, рассмотрев материалы исполнительного производства
№ 726966/26/54007-ИП в отношении должника Морозовой Татьяны Игоревны,
26.03.1974 года рождения, установил, что у должника отсутствует имущество, на которое может
быть обращено взыскание, и, руководствуясь п. 3 ч. 1 ст. 46 Федерального закона № 229-ФЗ,
ПОСТАНОВИЛ: исполнительное производство окончить, исполнительный документ возвратить
взыскателю.
""",
            ended + timedelta(days=9),
        ),
        EarlierItem(
            "отказ_в_возбуждении_волков.pdf",
            "К-2026-00011",
            "Ленинский РОСП г. Екатеринбурга ГУФССП России по Свердловской области",
            "Постановление об отказе в возбуждении исполнительного производства",
            f"""Ленинский РОСП г. Екатеринбурга ГУФССП России по Свердловской области
620014, г. Екатеринбург, ул. Вайнера, д. 9

ПОСТАНОВЛЕНИЕ
об отказе в возбуждении исполнительного производства

г. Екатеринбург {refused - timedelta(days=6):%d.%m.%Y}

Судебный пристав-исполнитель, рассмотрев исполнительный лист по делу № 2-4078/2024 в
отношении должника Волкова Алексея Михайловича, 02.04.1992 года рождения, установил, что
исполнительный документ не соответствует требованиям статьи 13 Федерального закона
№ 229-ФЗ (не указаны идентификаторы должника), и, руководствуясь п. 4 ч. 1 ст. 31,
ПОСТАНОВИЛ: отказать в возбуждении исполнительного производства.
""",
            refused,
        ),
        EarlierItem(
            "заявление_соколова.pdf",
            EARLIER_REFUSAL_CASE,
            "Соколов Андрей Викторович",
            "Заявление должника",
            f"""от Соколова Андрея Викторовича
630099, г. Новосибирск, ул. Садовая, д. 36, кв. 143

ЗАЯВЛЕНИЕ
об отказе от взаимодействия

Я, Соколов Андрей Викторович, в соответствии со статьёй 8 Федерального закона № 230-ФЗ
отказываюсь от взаимодействия с вами по договору № КД-887738.

{today - timedelta(days=3):%d.%m.%Y}
""",
            today - timedelta(days=1),
        ),
    ]


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 180, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def sample_scans() -> list[SampleFile]:
    """The demo inbox: what each file shows the newcomer is in ``expectation``."""
    return [
        SampleFile("постановление_возбуждение.pdf", text_pdf(OPENING), "зарегистрируется сам"),
        SampleFile("судебный_приказ.pdf", text_pdf(COURT_ORDER), "зарегистрируется сам"),
        SampleFile("отмена_приказа.jpg", jpeg_scan(CANCELLATION, seed=7), "скан с распознаванием текста"),
        SampleFile("письмо_ук.pdf", text_pdf(UNKNOWN_SENDER), "на разбор: отправитель не в справочнике"),
        SampleFile("заявление_должника.pdf", text_pdf(DEBTOR_STATEMENT), "на разбор в первую очередь"),
        SampleFile("окончание_ип.pdf", text_pdf(UNKNOWN_CASE), "на разбор: кейс не найден"),
        SampleFile("фото_телефона.pdf", _photo(), "отклонён: это PNG, а не PDF"),
        SampleFile("пустой.pdf", b"", "отклонён: пустой файл"),
    ]
