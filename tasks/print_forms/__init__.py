"""Cover documents of outgoing letters as PDFs: envelopes (DL, C5), ф.107 inventory, cover letter.

Pure: data in, PDF bytes out, no database and no network. DejaVu Sans is embedded, so Cyrillic
prints the same on any machine. The batch's ф.103 is not drawn here: Russian Post makes it.
"""

from tasks.print_forms.address import Party, address_lines
from tasks.print_forms.cover_letter import cover_letter_pdf
from tasks.print_forms.envelope import ENVELOPE_SIZES_MM, envelope_pdf
from tasks.print_forms.inventory import Enclosure, inventory_pdf, split_value
from tasks.print_forms.neutral import RevealsDebt, check_neutral

__all__ = [
    "ENVELOPE_SIZES_MM",
    "Enclosure",
    "Party",
    "RevealsDebt",
    "address_lines",
    "check_neutral",
    "cover_letter_pdf",
    "envelope_pdf",
    "inventory_pdf",
    "split_value",
]
