"""What keeps a Sở's merge fast: the cheap sheet scan still finds wide sheets, however the XML is spaced."""

from __future__ import annotations

from qplan_xl.workbook.xmlscan import scan_sheet


def test_a_wide_sheet_is_measured_whatever_the_whitespace() -> None:
    narrow = b'<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="Z9"><v>2</v></c></row></sheetData>'
    assert scan_sheet(narrow, 50).max_col == 0
    for space in (b" ", b"\n", b"\t", b"\r\n"):
        wide = b'<sheetData><row r="1"><c' + space + b'r="AB7"><v>1</v></c></row></sheetData>'
        assert scan_sheet(wide, 50).max_col == 28, space
    far = b'<sheetData><row r="1"><c r="XFD1"><v>1</v></c></row></sheetData>'
    assert scan_sheet(far, 50).far_cell == "XFD1"
