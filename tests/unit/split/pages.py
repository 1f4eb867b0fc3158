"""Pages of a stack the split tests build on: an envelope with its postmark, a resolution, its
continuation, a writ, and a scanned PDF of page images (issue 15)."""

from __future__ import annotations

import io

from PIL import Image

ENVELOPE = """ПОЧТА РОССИИ
Заказное с уведомлением
От кого: ОСП по Ленинскому району г. Кирова
Откуда: 610004, г. Киров, ул. Ленина, д. 95
КИРОВ 610004    15.04.25
Кому: ООО ПКО «Долговой центр»
Куда: 125009, г. Москва, ул. Тверская, д. 7, офис 12"""
"""Its postmark reads 15.04.2025."""

RESOLUTION = """ФЕДЕРАЛЬНАЯ СЛУЖБА СУДЕБНЫХ ПРИСТАВОВ
ОСП по Ленинскому району г. Кирова
ПОСТАНОВЛЕНИЕ
о возбуждении исполнительного производства
Судебный пристав-исполнитель рассмотрел материалы исполнительного производства № {ip} в отношении
должника и постановил возбудить исполнительное производство.
{mark}"""
"""``ip``: its ИП number; ``mark``: a page number line, or nothing."""

CONTINUATION = """2. Копию настоящего постановления направить взыскателю и должнику.
3. Постановление может быть обжаловано в десятидневный срок.
Судебный пристав-исполнитель ____________
{mark}"""

WRIT = """РОССИЙСКАЯ ФЕДЕРАЦИЯ
ИСПОЛНИТЕЛЬНЫЙ ЛИСТ
Дело № 2-4225/2024
Взыскать с должника задолженность по кредитному договору в пользу взыскателя."""

IP_A, IP_B = "693605/25/43001-ИП", "142488/24/77054-ИП"


def resolution(ip: str = IP_A, mark: str = "") -> str:
    return RESOLUTION.format(ip=ip, mark=mark)


def scanned_pdf(pages: list[Image.Image], dpi: int = 150) -> bytes:
    """The pages as a scanner's PDF: one image a page, no text layer."""
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return buf.getvalue()
