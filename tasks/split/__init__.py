"""Splitting one scanned file into the documents it holds (issue 15): pure logic, no database.

A scanner operator scans a whole envelope or a morning's stack into one PDF. ``cues`` reads what
each page says about itself (a title at the top, «стр. 2 из 3», the case numbers it names, a
blank or separator sheet, the envelope with its postmark); ``boundaries`` judges from those cues
where each document starts, with a confidence per boundary, so an unsure split goes to a clerk
instead of being guessed.
"""
