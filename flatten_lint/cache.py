"""A small content-keyed JSON cache: one file per entry under a directory.

Keys are any strings (callers put everything the value depends on into the
key); files are named by the key's SHA-256, written atomically, and an entry
that is unreadable, corrupt or stored under another key reads as a miss.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Optional, Union

CACHE_DIR = ".flatten_lint_cache"  # in the project root; lint results and --confirm answers in subfolders


def sha256_hex(data: bytes) -> str:
    """The SHA-256 digest of ``data`` in hex (hashlib is imported on first use: clean runs never need it)."""
    import hashlib

    return hashlib.sha256(data).hexdigest()


class Cache:
    """``Cache(directory).get(key)`` / ``put(key, value)`` for JSON-serialisable values."""

    def __init__(self, directory: Union[str, "os.PathLike[str]"]) -> None:
        self.directory = Path(directory)

    def _path(self, key: str) -> Path:
        return self.directory / (sha256_hex(key.encode("utf-8")) + ".json")

    def get(self, key: str) -> Optional[Any]:
        """The value stored under ``key``, or None on a miss."""
        import json  # like hashlib: a run that parses nothing never needs it

        try:
            entry = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        return entry.get("value")

    def put(self, key: str, value: Any) -> None:
        """Store ``value`` under ``key``; a cache that cannot be written is silently skipped."""
        import json

        text = json.dumps({"key": key, "value": value}, sort_keys=True)
        path = self._path(key)
        temporary = path.with_name(f"{path.name}.{os.urandom(6).hex()}.tmp")  # a name of its own per writer
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            ignore = self.directory / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n", encoding="utf-8")
            try:
                temporary.write_text(text, encoding="utf-8")
                os.replace(temporary, path)
            except BaseException:
                temporary.unlink(missing_ok=True)
                raise
        except OSError:
            return
