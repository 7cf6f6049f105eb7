"""Case files under tests/cases/: each expected finding is written on its line as
``# expect: FL001`` (several codes comma-separated); every other line must be clean."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from flatten_lint.lint import lint_source
from flatten_lint.settings import Settings

CASES = Path(__file__).parent / "cases"
_EXPECT = re.compile(r"#\s*expect:\s*(?P<codes>FL\d{3}(?:\s*,\s*FL\d{3})*)")


def expected(source: str) -> List[Tuple[int, str]]:
    """(line, code) pairs marked in ``source``."""
    marks = []
    for number, line in enumerate(source.splitlines(), start=1):
        match = _EXPECT.search(line)
        if match:
            marks.extend((number, code.strip()) for code in match.group("codes").split(","))
    return sorted(marks)


def case_files() -> List[Path]:
    return sorted(CASES.rglob("*.py"))


@pytest.mark.parametrize("path", case_files(), ids=lambda p: str(p.relative_to(CASES)))
def test_case(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    found = lint_source(source, str(path), Settings(select=("ALL",)))
    got = sorted((f.line, f.code) for f in found)
    details: Dict[Tuple[int, str], str] = {(f.line, f.code): f.message for f in found}
    assert got == expected(source), "\n".join(f"{line}: {code} {details.get((line, code), '')}" for line, code in got)


def test_there_are_cases() -> None:
    assert len(case_files()) >= 20
