"""The file uploader in Russian: Streamlit's own English texts hidden and replaced.

Streamlit 1.67 cannot translate its widget strings («Drag and drop file here», «Limit … per
file», «Browse files»/«Upload»), so the page CSS hides the instructions (our label says what is
accepted) and draws «Выбрать файлы» on the button instead. The date fields' English placeholder
«dd.mm.yyyy» is drawn as «дд.мм.гггг» the same way, and the text fields' «Press Enter to submit
form» hint is hidden. Per-file size limits are checked by
our validation (``tasks.validate``), with a Russian reason, not by the widget: a widget limit
shows «Error: File must be 1.0MB or smaller.». What stays English: the widget's refusal of a
file over the server's ``maxUploadSize`` (5 MB), which no page can reword.
"""

from __future__ import annotations

import streamlit as st

STYLE = """
<style>
[data-testid="stFileUploaderDropzoneInstructions"] { display: none; }
[data-testid="stFileUploaderDropzone"] button { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] { display: none; }
[data-testid="stFileUploaderDropzone"] button::after {
  content: "Выбрать файлы";
  font-size: 0.875rem;
  margin-left: 0.5rem;
}
[data-testid="InputInstructions"] { display: none; }
[data-testid="stDateInput"] [data-placeholder="true"] { font-size: 0; }
[data-testid="stDateInput"] [data-placeholder="true"]::after { font-size: 0.875rem; }
[data-testid="stDateInput"] [data-placeholder="true"][data-type="day"]::after { content: "дд"; }
[data-testid="stDateInput"] [data-placeholder="true"][data-type="month"]::after { content: "мм"; }
[data-testid="stDateInput"] [data-placeholder="true"][data-type="year"]::after { content: "гггг"; }
</style>
"""


def russian_uploader() -> None:
    """Once per run, from the entry point: the CSS above for every page's uploaders."""
    st.html(STYLE)


def files_uploader(label: str, *, key: str) -> None:
    """The uploader for a package's or a letter's files: PDF and JPEG, several at once.

    No widget size limit on purpose: an oversized file reaches our validation, which refuses it
    with a Russian reason, instead of Streamlit's English «File must be 1.0MB or smaller».
    """
    st.file_uploader(label, type=["pdf", "jpg", "jpeg"], accept_multiple_files=True, key=key)
