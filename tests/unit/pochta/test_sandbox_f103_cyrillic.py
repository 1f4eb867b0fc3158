"""The sandbox's ф.103 prints Cyrillic: its title and the recipient read back as typed (issue 13.11).

reportlab's built-in fonts have no Cyrillic glyphs; without the embedded font the list printed
black boxes where the recipient's name should be, and a clerk could not check it against the batch.
"""

from __future__ import annotations

import io

from pypdf import PdfReader

from pochta import OtpravkaClient
from pochta.sandbox import Sandbox
from tests.unit.pochta.pochta_factories import make_order


def test_sandbox_f103_prints_the_recipient_in_cyrillic_with_an_embedded_font(
    sandbox: Sandbox, otpravka: OtpravkaClient
) -> None:
    order = make_order("F-1")
    created = otpravka.create_orders([order])
    created.raise_for_errors()
    order_id = created.created[0].result_id
    batch = otpravka.create_batch([order_id]).batches[0]
    otpravka.checkin_batch(batch.batch_name)
    pdf = PdfReader(io.BytesIO(otpravka.print_f103(batch.batch_name)))
    text = pdf.pages[0].extract_text()
    assert "Список ф.103" in text
    assert order.recipient_name in text
    fonts = pdf.pages[0]["/Resources"]["/Font"]
    # reportlab embeds a TrueType subset (its name prefixed «AAAAAA+»): the glyphs travel in the file
    used = [ref.get_object() for ref in fonts.values()]
    embedded = [f for f in used if f["/Subtype"] == "/TrueType" and "/FontFile2" in f["/FontDescriptor"]]
    assert embedded, [f["/BaseFont"] for f in used]
