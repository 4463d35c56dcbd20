"""Print check: every sample rendered to PDF by LibreOffice, then read back word by word (poppler):
no amount split across lines, no page left half empty but the last of a section, nothing in the margins."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_bieu2_plan
from printcheck import Page, Word, available, half_empty, outside_margins, read_pages, split_numbers

from qplan_xl.validation import validate_workbook
from qplan_xl.word.document import convert_to_pdf, find_soffice, write_plan_docx

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (ROOT / "samples").glob("*-20??-20??.xlsx") if not p.name.startswith("loi-mau"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(find_soffice() is None or not available(), reason="LibreOffice and poppler needed"),
]


def _render(plan: object, tmp_path: Path, name: str) -> Path:
    docx, pdf = tmp_path / f"{name}.docx", tmp_path / f"{name}.pdf"
    write_plan_docx(plan, docx)  # type: ignore[arg-type]
    convert_to_pdf(docx, pdf)
    return pdf


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("print")
    pdfs = {}
    for sample in SAMPLES:
        plan = validate_workbook(sample).plan
        assert plan is not None
        pdfs[sample.stem] = _render(plan, out, sample.stem)
    big = make_bieu2_plan()  # amounts of billions in a narrow column
    big = big.replace(actions=tuple(a.replace(cost=12_500_000_000 + i * 100_000_000) for i, a in enumerate(big.actions)))
    pdfs["billions"] = _render(big, out, "billions")
    return pdfs


def test_every_sample_is_rendered(rendered: dict[str, Path]) -> None:
    assert len(SAMPLES) == 6 and len(rendered) == 7


@pytest.mark.parametrize("name", [p.stem for p in SAMPLES] + ["billions"])
def test_no_amount_is_split_across_lines(rendered: dict[str, Path], name: str) -> None:
    assert split_numbers(read_pages(rendered[name])) == []


@pytest.mark.parametrize("name", [p.stem for p in SAMPLES] + ["billions"])
def test_no_page_half_empty_but_the_last_of_a_section(rendered: dict[str, Path], name: str) -> None:
    assert half_empty(read_pages(rendered[name])) == []


@pytest.mark.parametrize("name", [p.stem for p in SAMPLES] + ["billions"])
def test_everything_prints_inside_the_margins(rendered: dict[str, Path], name: str) -> None:
    assert outside_margins(read_pages(rendered[name])) == []


def test_the_check_finds_what_it_looks_for(rendered: dict[str, Path]) -> None:
    """The checks are not blind: a broken amount, a word in the margin, a half-empty page are found."""
    broken = Page(1, 842, 595, ((Word(100, 100, 150, 110, "1.000.000.00"),), (Word(100, 112, 110, 122, "0"),
                                                                            Word(112, 112, 120, 122, "đ"))))
    alone = Page(2, 842, 595, ((Word(100, 100, 150, 110, "100.000."),), (Word(100, 112, 110, 122, "đ"),)))
    assert len(split_numbers([broken, alone])) == 3
    assert outside_margins([Page(1, 595, 842, ((Word(75, 60, 120, 70, "PHÒNG"),),))])
    assert half_empty([alone, alone]) and not half_empty([alone])
