"""The corpus renderers live with the demo (``korrespondent.demo.render``); tests import them here."""

from korrespondent.demo.render import image_pdf, jpeg_scan, layout, page_images, scan, text_pdf

__all__ = ["image_pdf", "jpeg_scan", "layout", "page_images", "scan", "text_pdf"]
