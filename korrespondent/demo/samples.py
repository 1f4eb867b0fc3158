"""Sample work for a newcomer's first screen: scans in the inbox and draft letters.

``korrespondent demo`` drops these into an empty installation: scans the pipeline registers on
its own, scans that need a clerk (unknown sender, a debtor's own statement, a case that is not
in the CRM), files it refuses (a photo saved as PDF, an empty file), and a few draft letters.
The texts name the demo cases of ``cases.csv`` so registered scans land on real cases.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

from korrespondent.demo.render import jpeg_scan, text_pdf


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
