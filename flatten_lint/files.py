"""Which files a run lints: the given paths, walked for Python files and notebooks, minus excluded globs."""
from __future__ import annotations

import os
import re
from fnmatch import translate
from functools import lru_cache
from pathlib import Path
from typing import Iterable, List, Optional, Tuple

from .config import UsageError
from .findings import Finding
from .settings import Settings

SUFFIXES = (".py", ".pyi", ".ipynb")


def os_reason(error: OSError) -> str:
    """A short, lower-case reason for an OS error, e.g. ``permission denied``."""
    text = error.strerror or type(error).__name__
    return text[:1].lower() + text[1:]


def matches(path: str, patterns: Iterable[str], root: Path) -> bool:
    """True when a glob matches the base name of ``path`` or its posix path relative to ``root``."""
    pattern = _compiled(tuple(patterns))
    return pattern is not None and _hit(pattern, os.path.basename(path), _relative(path, root))


@lru_cache(maxsize=64)
def _compiled(patterns: Tuple[str, ...]) -> Optional["re.Pattern[str]"]:
    """One regex for several globs (``fnmatchcase`` semantics: ``*`` crosses ``/``)."""
    return re.compile("|".join(f"(?:{translate(p)})" for p in patterns)) if patterns else None


def _hit(pattern: "re.Pattern[str]", name: str, relative: str) -> bool:
    return pattern.match(name) is not None or pattern.match(relative) is not None


def _excluded(pattern: Optional["re.Pattern[str]"], name: str, prefix: str) -> bool:
    return pattern is not None and _hit(pattern, name, prefix + name)


def _relative(path: str, root: Path) -> str:
    return Path(os.path.relpath(os.path.abspath(path), root)).as_posix()


def collect(paths: Iterable[str], settings: Settings, root: Path) -> Tuple[List[str], List[Finding]]:
    """The files to lint, sorted, and an FL900 for each directory that could not be listed.

    Named files are always linted, whatever their suffix; directories are walked
    without following directory symlinks, skipping names and paths that match
    ``exclude``/``extend-exclude``.  A path that does not exist is a UsageError.
    """
    pattern = _compiled(settings.exclude + settings.extend_exclude)
    files: dict = {}
    problems: List[Finding] = []

    def unreadable(error: OSError) -> None:
        problems.append(Finding(os.path.normpath(error.filename), 1, 1, "FL900",
                                f"cannot read directory: {os_reason(error)}"))

    for given in paths:
        if not os.path.lexists(given):
            raise UsageError(f"path not found: {given}")
        if not os.path.isdir(given):
            files.setdefault(os.path.normpath(given), given)
            continue
        for directory, dirnames, filenames in os.walk(given, onerror=unreadable):
            base = _relative(directory, root)  # each entry's relative path is base/name
            prefix = "" if base == "." else base + "/"
            dirnames[:] = [d for d in dirnames if not _excluded(pattern, d, prefix)]
            for name in filenames:
                if name.endswith(SUFFIXES) and not _excluded(pattern, name, prefix):
                    path = os.path.normpath(os.path.join(directory, name))
                    files.setdefault(path, path)
    return sorted(files.values()), problems
