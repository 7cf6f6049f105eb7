"""``# noqa`` comments: a bare ``# noqa`` or ``# noqa: FL001, FL002`` on the reported line."""
from __future__ import annotations

import re
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple

from .findings import Finding

_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)

ALL = frozenset({"*"})


def directives(lines: Sequence[str], wanted: Iterable[int]) -> Dict[int, FrozenSet[str]]:
    """For each wanted 1-based line with a noqa comment, the codes it silences (``ALL``)."""
    found: Dict[int, FrozenSet[str]] = {}
    for number in set(wanted):
        if 1 <= number <= len(lines):
            codes = _parse(lines[number - 1])
            if codes is not None:
                found[number] = codes
    return found


def _parse(line: str) -> Optional[FrozenSet[str]]:
    if "#" not in line:
        return None
    match = _NOQA.search(line)
    if match is None:
        return None
    if match.group("codes") is None:
        return ALL
    return frozenset(code.upper() for code in re.split(r"[,\s]+", match.group("codes")) if code)


def apply(findings: List[Finding], lines: Sequence[str]) -> List[Finding]:
    """``findings`` without those a noqa comment silences (FL9xx tool errors always stay)."""
    silenced = directives(lines, (f.line for f in findings))
    return [f for f in findings
            if f.code.startswith("FL9") or not _matches(silenced.get(f.line), f.code)]


def insertion(line: str, code: str) -> Tuple[int, str]:
    """Where and what to insert so that ``line`` silences ``code``: extend its
    ``# noqa: ...`` list, or append a new ``# noqa: CODE`` comment."""
    match = _NOQA.search(line) if "#" in line else None
    if match is not None and match.group("codes"):
        return match.end("codes"), f", {code}"
    return len(line), f"  # noqa: {code}"


def _matches(codes: Optional[FrozenSet[str]], code: str) -> bool:
    if codes is None:
        return False
    return codes is ALL or any(code.startswith(c) for c in codes)
