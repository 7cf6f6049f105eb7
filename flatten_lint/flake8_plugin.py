"""flake8 plugin: ``flake8 --select=FL`` reports what ``flatten-lint`` reports.

flake8 applies its own select/ignore, per-file-ignores and ``# noqa``; this
plugin lints the lines flake8 already read, with default settings.
"""
from __future__ import annotations

import ast
from typing import Iterator, List, Tuple

from . import __version__
from .prefilter import source_may_contain_model
from .settings import Settings


class Plugin:
    """A flake8 tree plugin yielding ``(line, col0, "FL001 message", type)``."""

    name = "flatten-lint"
    version = __version__

    def __init__(self, tree: ast.AST, filename: str, lines: List[str]) -> None:
        self.filename = filename
        self.lines = lines

    def run(self) -> Iterator[Tuple[int, int, str, type]]:
        source = "".join(self.lines)
        if not source_may_contain_model(source):
            return
        from .lint import lint_source  # loaded only for files that may hold a model

        try:
            findings = lint_source(source, self.filename, Settings())
        except Exception as error:  # noqa: BLE001 - report, never crash the flake8 run
            yield 1, 0, f"FL901 internal error: {type(error).__name__}", type(self)
            return
        for finding in findings:
            yield finding.line, finding.col - 1, f"{finding.code} {finding.message}", type(self)
