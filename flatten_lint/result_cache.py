"""The lint result cache: each parsed file's findings, so that a warm run parses nothing.

An entry is keyed by everything the findings depend on: the file's bytes and
path (as given), the settings that reach its analysis (after per-file ignores)
and the linter's own code (version plus a digest of its modules, so that an
edited checkout never reads stale results).  Entries are ``cache.Cache`` files
under ``.flatten_lint_cache/lint/``; an unreadable or corrupt entry is a miss and
a cache that cannot be written is skipped.  Findings keep every field reporters
use; the judged ``model`` is not stored (``--confirm`` re-lints files with findings).
"""
from __future__ import annotations

import dataclasses
import os
from typing import Any, List, Optional, Union

from . import __version__
from .cache import Cache, sha256_hex
from .findings import Finding, Fix
from .settings import Settings

# Settings that never reach one file's analysis: which files run, and what happens after linting.
_NOT_ANALYSIS = frozenset({"exclude", "extend_exclude", "per_file_ignores", "confirm"})
_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def code_digest(package: str = _PACKAGE) -> str:
    """The version and a digest of the package's Python modules (their paths, sizes and mtimes)."""
    entries = []
    for directory, dirnames, filenames in os.walk(package):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".py"):
                stat = os.stat(os.path.join(directory, name))
                relative = os.path.relpath(os.path.join(directory, name), package)
                entries.append(f"{relative}\0{stat.st_size}\0{stat.st_mtime_ns}\0")
    return f"{__version__}:{sha256_hex(''.join(entries).encode())}"


def settings_key(settings: Settings) -> str:
    """The settings that reach a file's analysis, as text (new Settings fields count by default)."""
    return repr([(f.name, getattr(settings, f.name)) for f in dataclasses.fields(settings)
                 if f.name not in _NOT_ANALYSIS])


class ResultCache:
    """``key(data, path, settings)``, then ``get(key, path)`` / ``put(key, findings)``."""

    def __init__(self, directory: Union[str, "os.PathLike[str]"], code: Optional[str] = None) -> None:
        self._cache = Cache(directory)
        self._code = code

    def key(self, data: bytes, path: str, settings: Settings) -> str:
        if self._code is None:  # computed on the first file that needs parsing
            self._code = code_digest()
        content = sha256_hex(data)
        return f"lint\0{self._code}\0{settings_key(settings)}\0{path}\0{content}"

    def get(self, key: str, path: str) -> Optional[List[Finding]]:
        """The findings of ``path`` stored under ``key``; None on a miss or a malformed entry."""
        rows = self._cache.get(key)
        if not isinstance(rows, list):
            return None
        try:
            return [_finding(path, row) for row in rows]
        except (TypeError, ValueError):
            return None

    def put(self, key: str, findings: List[Finding]) -> None:
        self._cache.put(key, [_row(f) for f in findings])


def _row(f: Finding) -> List[Any]:
    fix = None if f.fix is None else [f.fix.description, f.fix.layer]
    return [f.line, f.col, f.code, f.message, f.end_line, f.end_col, fix, f.verdict, f.cell]


def _finding(path: str, row: Any) -> Finding:
    line, col, code, message, end_line, end_col, fix, verdict, cell = row
    if not (all(type(n) is int for n in (line, col, end_line, end_col)) and isinstance(code, str)
            and isinstance(message, str) and (cell is None or type(cell) is int)
            and (verdict is None or isinstance(verdict, str))
            and (fix is None or (isinstance(fix, list) and len(fix) == 2
                                 and all(isinstance(part, str) for part in fix)))):
        raise ValueError("malformed cache entry")
    return Finding(path, line, col, code, message, end_line, end_col,
                   None if fix is None else Fix(*fix), verdict, cell=cell)
