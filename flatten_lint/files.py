"""Which files a run lints: the given paths, walked for Python files and notebooks, minus excluded globs."""
from __future__ import annotations

import os
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Iterable, List, Tuple

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
    name = os.path.basename(path)
    relative = Path(os.path.relpath(os.path.abspath(path), root)).as_posix()
    return any(fnmatchcase(name, p) or fnmatchcase(relative, p) for p in patterns)


def collect(paths: Iterable[str], settings: Settings, root: Path) -> Tuple[List[str], List[Finding]]:
    """The files to lint, sorted, and an FL900 for each directory that could not be listed.

    Named files are always linted, whatever their suffix; directories are walked
    without following directory symlinks, skipping names and paths that match
    ``exclude``/``extend-exclude``.  A path that does not exist is a UsageError.
    """
    patterns = settings.exclude + settings.extend_exclude
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
            dirnames[:] = [d for d in dirnames
                           if not matches(os.path.join(directory, d), patterns, root)]
            for name in filenames:
                path = os.path.normpath(os.path.join(directory, name))
                if name.endswith(SUFFIXES) and not matches(path, patterns, root):
                    files.setdefault(path, path)
    return sorted(files.values()), problems
