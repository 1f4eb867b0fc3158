"""Korrespondent: settings and the command line; the product lives in the other top-level packages."""
