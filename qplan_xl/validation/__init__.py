"""Raw cells -> Plan + Report of issues; never raises on bad input."""

from qplan_xl.validation.book import ValidationResult, validate_book, validate_workbook

__all__ = ["ValidationResult", "validate_book", "validate_workbook"]
