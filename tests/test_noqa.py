"""``# noqa`` parsing and the edit that adds a code to a line."""
from __future__ import annotations

from flatten_lint import noqa
from flatten_lint.findings import Finding


def finding(line: int, code: str) -> Finding:
    return Finding("m.py", line, 1, code, "message")


def test_bare_and_coded_noqa() -> None:
    lines = ["x = 1  # noqa", "y = 2  # NOQA:FL001,FL002", "z = 3  # noqa: FL0", "w = 4"]
    kept = noqa.apply([finding(1, "FL003"), finding(2, "FL002"), finding(2, "FL004"), finding(3, "FL007"),
                       finding(4, "FL001"), finding(1, "FL900")], lines)
    assert [(f.line, f.code) for f in kept] == [(2, "FL004"), (4, "FL001"), (1, "FL900")]


def test_insertion_extends_or_appends() -> None:
    assert noqa.insertion("Dense(2),  # noqa: FL002", "FL001") == (len("Dense(2),  # noqa: FL002"), ", FL001")
    assert noqa.insertion("Dense(2),", "FL001") == (9, "  # noqa: FL001")
    assert noqa.insertion("Dense(2),  # a comment", "FL001") == (22, "  # noqa: FL001")
