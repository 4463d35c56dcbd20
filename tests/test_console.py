"""Console output in a legacy code page (Windows cmd redirected to a file): never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
INVALID = SAMPLES / "loi-mau-tieu-hoc-2023-2024.xlsx"
VALID = SAMPLES / "thcs-nguyen-du-2024-2025.xlsx"


def _run(encoding: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "qplan_xl", *args], capture_output=True, env=env,
                          timeout=120, check=False)


@pytest.mark.parametrize("encoding", ["cp1258", "cp437"])
def test_text_reports_survive_a_legacy_code_page(encoding: str) -> None:
    for args, code in ((("validate", str(INVALID)), 1), (("summary", str(VALID)), 0)):
        done = _run(encoding, *args)
        assert b"Traceback" not in done.stderr, done.stderr.decode(encoding, "replace")
        assert done.returncode == code
        assert done.stdout.decode(encoding).strip()


@pytest.mark.parametrize("encoding", ["cp1258", "cp437"])
def test_json_stays_valid_and_lossless_in_a_legacy_code_page(encoding: str) -> None:
    done = _run(encoding, "validate", "--format", "json", str(INVALID))
    assert done.returncode == 1
    found = json.loads(done.stdout.decode(encoding))
    utf8 = _run("utf-8", "validate", "--format", "json", str(INVALID))
    assert found == json.loads(utf8.stdout.decode("utf-8"))


def test_merge_reports_after_writing_in_a_legacy_code_page(tmp_path: Path) -> None:
    out = tmp_path / "tong-hop.xlsx"
    done = _run("cp437", "merge", str(VALID), str(INVALID), "-o", str(out))
    assert b"Traceback" not in done.stderr
    assert done.returncode == 0
    assert out.is_file() and done.stdout.strip()


def test_vietnamese_falls_back_to_letters_without_marks() -> None:
    from qplan_xl.cli.console import transliterate

    assert transliterate("Tr\u01b0\u1eddng \u0110\u1ea1i", "cp437") == "Truong Dai"
    assert transliterate("Tr\u01b0\u1eddng", "cp1258").encode("cp1258").decode("cp1258")
