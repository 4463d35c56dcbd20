"""Plan + Summary -> the formal Word plan (.docx), and its PDF through LibreOffice."""

from qplan_xl.word.document import PdfError, convert_to_pdf, write_plan_docx

__all__ = ["PdfError", "convert_to_pdf", "write_plan_docx"]
