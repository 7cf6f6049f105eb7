"""``--fix`` / ``--diff`` on files: apply ``fix.plan_fixes`` to Python files and notebooks.

A file is read as bytes and decoded without touching its line endings, so the
fixed file differs from the original only by the inserted text; it is written
back in its own encoding (a UTF-8 BOM is kept).  A notebook is fixed on its
joined code cells, then each insertion goes back into its cell.
"""
from __future__ import annotations

import io
import json
import tokenize
from dataclasses import dataclass, field
from typing import Dict, List, Sequence, Tuple

from .findings import Finding
from .fix import Insertion, apply_insertions, plan_fixes, unified_diff
from .lint import lint_source
from .runner import file_settings, notebook_source
from .settings import Settings


@dataclass
class FixResult:
    """What fixing did: the findings still reported, the diffs, the files written."""

    remaining: List[Finding] = field(default_factory=list)
    diffs: List[str] = field(default_factory=list)
    written: List[str] = field(default_factory=list)


def fix_findings(findings: Sequence[Finding], settings: Settings, root, style: str, write: bool) -> FixResult:
    """Fix every fixable finding of ``findings`` in its file; ``write`` False only diffs."""
    result = FixResult()
    by_path: Dict[str, List[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    for path, found in by_path.items():
        if path == "-" or not any(f.fix is not None for f in found):
            result.remaining.extend(found)
            continue
        try:
            fixed = _fix_file(path, found, file_settings(settings, path, root), style, write, result)
        except (OSError, ValueError, UnicodeError, SyntaxError):
            fixed = set()  # unreadable or unwritable now: leave the findings reported
        result.remaining.extend(f for f in found if _key(f) not in fixed)
    result.remaining.sort(key=Finding.sort_key)
    return result


def _key(finding: Finding) -> Tuple:
    return finding.cell, finding.line, finding.col, finding.code


def _fix_file(path: str, found: List[Finding], settings: Settings, style: str, write: bool,
              result: FixResult) -> set:
    with open(path, "rb") as handle:
        data = handle.read()
    if path.endswith(".ipynb"):
        old, new, fixed = _fix_notebook(data, path, settings, style)
        encoding = "utf-8"
    else:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        old = data.decode(encoding)
        new, done = _fix_text(old, found, style)
        fixed = {_key(f) for f in done}
    if new == old:
        return set()
    result.diffs.append(unified_diff(path, old, new))
    if write:
        with open(path, "wb") as handle:
            handle.write(new.encode(encoding))
        result.written.append(path)
    return fixed


def _fix_text(text: str, found: List[Finding], style: str) -> Tuple[str, List[Finding]]:
    insertions, fixed = plan_fixes(text, found, style)
    return apply_insertions(text, insertions), fixed


def _fix_notebook(data: bytes, path: str, settings: Settings, style: str) -> Tuple[str, str, set]:
    """Old and new notebook JSON text, and the (cell, line, col, code) keys fixed."""
    notebook = json.loads(data)
    source, where = notebook_source(data)
    insertions, fixed = plan_fixes(source, lint_source(source, path, settings), style)
    per_cell: Dict[int, List[Insertion]] = {}
    for insertion in insertions:
        cell, line = where[insertion.line - 1]
        per_cell.setdefault(cell, []).append(Insertion(line, insertion.col, insertion.text))
    for number, cell in enumerate(notebook["cells"], start=1):
        if number in per_cell:
            text = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            new = apply_insertions(text, per_cell[number])
            cell["source"] = new if isinstance(cell["source"], str) else new.splitlines(keepends=True)
    keys = set()
    for finding in fixed:
        cell, line = where[finding.line - 1]
        keys.add((cell, line, finding.col, finding.code))
    old = data.decode("utf-8")
    indent = 1 if '\n "' in old[:200] else (2 if '\n  "' in old[:200] else None)
    new = json.dumps(notebook, indent=indent, ensure_ascii=False) + ("\n" if old.endswith("\n") else "")
    return old, new if per_cell else old, keys
