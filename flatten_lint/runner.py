"""Linting files: read, screen, decode, lint; one bad file never stops the run; parallel when worth it.

For each file: read the bytes; report a UTF-16/32 byte-order mark or NUL bytes
as FL900 (such a file would otherwise slip past the byte prefilter unseen);
skip files the prefilter rules out; decode per PEP 263 (or, for a Jupyter
notebook, join its code cells); call ``lint_source`` and turn any exception it
raises into one FL901 line.
"""
from __future__ import annotations

import codecs
import dataclasses
import io
import json
import tokenize
import traceback
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any, List, Optional, Sequence, Tuple

from .files import matches, os_reason
from .findings import Finding
from .prefilter import may_contain_model
from .settings import Settings

POOL_THRESHOLD = 8  # a process pool pays off only above this many files

_WIDE_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"),
)

Result = Tuple[List[Finding], Optional[str]]  # findings and, on FL901, the traceback


def file_settings(settings: Settings, path: str, root: Path) -> Settings:
    """``settings`` with the ``per-file-ignores`` whose glob matches ``path`` added to ``ignore``."""
    extra = tuple(code for glob, codes in settings.per_file_ignores.items()
                  if matches(path, (glob,), root) for code in codes)
    return dataclasses.replace(settings, ignore=settings.ignore + extra) if extra else settings


def _tool_finding(path: str, code: str, message: str, line: int = 1) -> List[Finding]:
    return [Finding(path, line, 1, code, message)]


def _enabled(result: Result, settings: Settings) -> Result:
    """Select/ignore apply to every code, the FL9xx ones included."""
    findings, trace = result
    return [f for f in findings if settings.enabled(f.code)], trace


def _binary_problem(data: bytes) -> Optional[Tuple[int, str]]:
    """(line, reason) when ``data`` cannot be Python source whatever its encoding cookie says."""
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            return 1, f"{name} byte-order mark: Python source must use an ASCII-compatible encoding"
    nul = data.find(b"\0")
    if nul >= 0:
        return data.count(b"\n", 0, nul) + 1, "source contains null bytes (binary file?)"
    return None


def decode(data: bytes) -> str:
    """Source text per PEP 263 (BOM, coding cookie, else UTF-8) with newlines made ``\\n``."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(encoding)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def notebook_source(data: bytes) -> Tuple[str, List[Tuple[int, int]]]:
    """The code cells of a Jupyter notebook joined into one source, and each joined line's (cell, line).

    Cells are numbered from 1 counting every cell, markdown included, as notebook
    editors show them.  A cell run by a cell magic (``%%bash``) is not Python and
    becomes blank lines; ``lint_source`` itself copes with line magics and ``!``
    escapes.  ValueError when ``data`` is no notebook.
    """
    try:
        cells: List[Any] = json.loads(data)["cells"]
        sources = [(number, cell.get("source", "")) for number, cell in enumerate(cells, 1)
                   if cell.get("cell_type") == "code"]
        texts = [(number, src if isinstance(src, str) else "".join(src)) for number, src in sources]
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ValueError("not a Jupyter notebook") from None
    lines: List[str] = []
    where: List[Tuple[int, int]] = []
    for number, text in texts:
        cell_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        magic_cell = cell_lines[0].lstrip().startswith("%%")
        lines.extend("" if magic_cell else line for line in cell_lines)
        where.extend((number, index) for index in range(1, len(cell_lines) + 1))
    return "\n".join(lines) + "\n", where


def _in_cell(finding: Finding, where: Sequence[Tuple[int, int]]) -> Finding:
    """``finding`` on a joined notebook source, moved to its cell and the line within it."""
    def locate(line: int) -> Tuple[int, int]:
        return where[min(max(line, 1), len(where)) - 1]

    cell, line = locate(finding.line)
    end_cell, end_line = locate(finding.end_line)
    same = bool(finding.end_line) and end_cell == cell
    return dataclasses.replace(finding, cell=cell, line=line, end_line=end_line if same else 0,
                               end_col=finding.end_col if same else 0)


def check_source(data: bytes, path: str, settings: Settings) -> Result:
    """Lint the raw bytes of one file shown as ``path`` (a notebook when it ends in ``.ipynb``)."""
    return _enabled(_lint_bytes(data, path, settings), settings)


def _lint_bytes(data: bytes, path: str, settings: Settings) -> Result:
    if path.endswith(".ipynb"):
        return _lint_notebook(data, path, settings)
    problem = _binary_problem(data)
    if problem is not None:
        return _tool_finding(path, "FL900", f"cannot parse: {problem[1]}", problem[0]), None
    if not may_contain_model(data):
        return [], None
    try:
        source = decode(data)
    except SyntaxError as error:  # bad coding cookie, or a BOM that contradicts it
        return _tool_finding(path, "FL900", f"cannot parse: {error.msg}", error.lineno or 1), None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        message = f"cannot parse: invalid {error.encoding} byte 0x{data[error.start]:02x}"
        return _tool_finding(path, "FL900", message, line), None
    return _lint_text(source, path, settings)


def _lint_notebook(data: bytes, path: str, settings: Settings) -> Result:
    if not may_contain_model(data):
        return [], None
    try:
        source, where = notebook_source(data)
    except ValueError as error:
        return _tool_finding(path, "FL900", f"cannot parse: {error}"), None
    findings, trace = _lint_text(source, path, settings)
    return [_in_cell(f, where) for f in findings], trace


def _lint_text(source: str, path: str, settings: Settings) -> Result:
    from .lint import lint_source  # loaded only once a file needs parsing

    try:
        return lint_source(source, path, settings), None
    except Exception as error:  # noqa: BLE001 - one file's crash must not stop the run
        message = f"internal error: {type(error).__name__}"
        return _tool_finding(path, "FL901", message), traceback.format_exc()


def check_file(path: str, settings: Settings, root: Path) -> Result:
    """Read and lint one file; unreadable files give one FL900 line."""
    settings = file_settings(settings, path, root)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        return _enabled((_tool_finding(path, "FL900", f"cannot read: {os_reason(error)}"), None), settings)
    return check_source(data, path, settings)


def lint_files(paths: Sequence[str], settings: Settings, root: Path,
               jobs: int) -> Tuple[List[Finding], List[str]]:
    """Findings of all ``paths`` sorted by path, line, col and code, and the FL901 tracebacks.

    Uses up to ``jobs`` worker processes when there are more than POOL_THRESHOLD
    files; the output is the same whatever ``jobs`` is.
    """
    work = partial(check_file, settings=settings, root=root)
    workers = min(jobs, len(paths))
    if workers > 1 and len(paths) > POOL_THRESHOLD:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(work, paths, chunksize=max(1, len(paths) // (workers * 4))))
    else:
        results = [work(path) for path in paths]
    findings = sorted((f for found, _ in results for f in found), key=Finding.sort_key)
    return findings, [tb for _, tb in results if tb]
