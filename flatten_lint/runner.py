"""Linting files: read, screen, decode, lint; one bad file never stops the run; parallel when worth it.

For each file: read the bytes; report a UTF-16/32 byte-order mark or NUL bytes
as FL900 (such a file would otherwise slip past the prefilter unseen); skip
files the prefilter rules out; take the findings from the result cache when it
has them; else decode per PEP 263 (or, for a Jupyter notebook, join its code
cells), call ``lint_source`` and turn any exception it raises into one FL901
line.  The files that need parsing go to worker processes when there are
enough of them.
"""
from __future__ import annotations

import codecs
import os
import dataclasses
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterator, List, Optional, Sequence, Tuple, Union

from .files import matches, os_reason
from .findings import Finding
from .prefilter import declared_encoding, may_contain_model, notebook_may_contain_model, source_may_contain_model
from .result_cache import ResultCache
from .settings import Settings

# Worker processes pay off once the files to parse hold this many bytes (about 1.2 us of work per byte
# here, against some 30 ms to start and stop the workers): see docs/performance.md.
POOL_BYTES = 64_000
# One worker task: a file, or small files together up to this size (a task costs some 0.1 ms).
BATCH_BYTES = 16_000

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
    text = data.decode(declared_encoding(data))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def notebook_source(data: bytes) -> Tuple[str, List[Tuple[int, int]]]:
    """The code cells of a Jupyter notebook joined into one source, and each joined line's (cell, line).

    Cells are numbered from 1 counting every cell, markdown included, as notebook
    editors show them.  A cell run by a cell magic (``%%bash``) is not Python and
    becomes blank lines; ``lint_source`` itself copes with line magics and ``!``
    escapes.  ValueError when ``data`` is no notebook.
    """
    import json  # notebooks only

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


def cell_line(where: Sequence[Tuple[int, int]], line: int) -> Tuple[int, int]:
    """(cell, line within it) of ``line`` of the joined code cells ``notebook_source`` returned."""
    return where[min(max(line, 1), len(where)) - 1] if where else (1, line)


def _in_cell(finding: Finding, where: Sequence[Tuple[int, int]]) -> Finding:
    """``finding`` on a joined notebook source, moved to its cell and the line within it."""
    cell, line = cell_line(where, finding.line)
    end_cell, end_line = cell_line(where, finding.end_line)
    same = bool(finding.end_line) and end_cell == cell
    return dataclasses.replace(finding, cell=cell, line=line, end_line=end_line if same else 0,
                               end_col=finding.end_col if same else 0)


def check_source(data: bytes, path: str, settings: Settings) -> Result:
    """Lint the raw bytes of one file shown as ``path`` (a notebook when it ends in ``.ipynb``)."""
    screened = _screen(data, path)
    return _enabled(screened if screened is not None else _analyse(data, path, settings), settings)


def _screen(data: bytes, path: str) -> Optional[Result]:
    """The result of a file that needs no parsing (binary, or certainly without a model), else None."""
    if path.endswith(".ipynb"):
        return None if notebook_may_contain_model(data) else ([], None)
    problem = _binary_problem(data)
    if problem is not None:
        return _tool_finding(path, "FL900", f"cannot parse: {problem[1]}", problem[0]), None
    return None if may_contain_model(data) else ([], None)


def _analyse(data: bytes, path: str, settings: Settings) -> Result:
    if path.endswith(".ipynb"):
        return _lint_notebook(data, path, settings)
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
    try:
        source, where = notebook_source(data)
    except ValueError as error:
        return _tool_finding(path, "FL900", f"cannot parse: {error}"), None
    if not source_may_contain_model(source):  # the names were in markdown or outputs only
        return [], None
    findings, trace = _lint_text(source, path, settings)
    return [_in_cell(f, where) for f in findings], trace


def _lint_text(source: str, path: str, settings: Settings) -> Result:
    from .lint import lint_source  # loaded only once a file needs parsing

    try:
        return lint_source(source, path, settings), None
    except Exception as error:  # noqa: BLE001 - one file's crash must not stop the run
        import traceback

        message = f"internal error: {type(error).__name__}"
        return _tool_finding(path, "FL901", message), traceback.format_exc()


def check_file(path: str, settings: Settings, root: Path, cache: Optional[ResultCache] = None) -> Result:
    """Read and lint one file; unreadable files give one FL900 line.  With a ``cache``,
    the findings of a file that needs parsing come from it, or go into it."""
    prepared = _prepare(path, settings, root, cache)
    if isinstance(prepared, tuple):
        return prepared
    findings, trace = _enabled(_analyse(prepared.data, path, prepared.settings), prepared.settings)
    if cache is not None and prepared.key is not None and trace is None:
        cache.put(prepared.key, findings)
    return findings, trace


@dataclasses.dataclass
class _Parse:
    """A file that needs parsing: its bytes, its settings and its cache key."""

    data: bytes
    settings: Settings
    key: Optional[str]


def _prepare(path: str, settings: Settings, root: Path,
             cache: Optional[ResultCache]) -> Union[Result, _Parse]:
    """The result of ``path`` when it needs no parsing (or the cache has it), else what parsing needs."""
    settings = file_settings(settings, path, root)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        return _enabled((_tool_finding(path, "FL900", f"cannot read: {os_reason(error)}"), None), settings)
    screened = _screen(data, path)
    if screened is not None:
        return _enabled(screened, settings)
    key = cache.key(data, path, settings) if cache is not None else None
    if key is not None:
        hit = cache.get(key, path)
        if hit is not None and not (hit and settings.confirm):  # --confirm needs each finding's model
            return hit, None
    return _Parse(data, settings, key)


def lint_files(paths: Sequence[str], settings: Settings, root: Path, jobs: int,
               cache: Optional[ResultCache] = None) -> Tuple[List[Finding], List[str]]:
    """Findings of all ``paths`` sorted by path, line, col and code, and the FL901 tracebacks.

    This process reads and screens every file, largest first, and looks it up in
    ``cache``; the files left to parse are linted here, or, once they hold more than
    POOL_BYTES, in up to ``jobs`` worker processes that start while the screening
    goes on.  The output is the same whatever ``jobs`` is.
    """
    results: List[Any] = [None] * len(paths)
    parsing = _Parsing(partial(check_file, settings=settings, root=root, cache=cache), paths, jobs)
    for index in sorted(range(len(paths)), key=lambda i: -_size(paths[i])):  # workers finish together
        prepared = _prepare(paths[index], settings, root, cache)
        if isinstance(prepared, _Parse):  # read again when parsed: no file's bytes are held meanwhile
            parsing.add(index, len(prepared.data))
        else:
            results[index] = prepared
    for index, result in parsing.results():
        results[index] = result
    findings = sorted((f for found, _ in results for f in found), key=Finding.sort_key)
    return findings, [tb for _, tb in results if tb]


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


class _Parsing:
    """The files to parse: linted in this process, or, once they hold more than POOL_BYTES, sent
    to worker processes as they come, alone or in batches of small files (BATCH_BYTES)."""

    def __init__(self, work: Callable[[str], Result], paths: Sequence[str], jobs: int) -> None:
        self._work, self._paths, self._jobs = work, paths, jobs
        self._pending: List[int] = []
        self._pending_bytes = self._total_bytes = 0
        self._pool: Any = None
        self._sent: List[Tuple[List[int], Any]] = []  # (file indices, future of their results)

    def add(self, index: int, size: int) -> None:
        self._pending.append(index)
        self._pending_bytes += size
        self._total_bytes += size
        if self._pool is None and self._jobs > 1 and self._total_bytes > POOL_BYTES:
            from concurrent.futures import ProcessPoolExecutor  # imports multiprocessing: only when needed

            from . import lint  # noqa: F401 - imported once here; forked workers inherit it

            self._pool = ProcessPoolExecutor(max_workers=self._jobs)
        if self._pool is not None and self._pending_bytes >= BATCH_BYTES:
            self._send()

    def _send(self) -> None:
        batch, self._pending, self._pending_bytes = self._pending, [], 0
        self._sent.append((batch, self._pool.submit(_lint_batch, self._work, [self._paths[i] for i in batch])))

    def results(self) -> Iterator[Tuple[int, Result]]:
        """(file index, result) of every file added."""
        if self._pool is None:
            yield from ((index, self._work(self._paths[index])) for index in self._pending)
            return
        if self._pending:
            self._send()
        with self._pool:
            for batch, future in self._sent:
                yield from zip(batch, future.result())


def _lint_batch(work: Callable[[str], Result], paths: List[str]) -> List[Result]:
    return [work(path) for path in paths]
