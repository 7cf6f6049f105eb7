"""Rule metadata for users and the output formats: text, concise, json, json-lines, github, sarif."""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence
from urllib.parse import quote

from . import __version__
from .cache import sha256_hex
from .findings import Finding

HOME = "https://github.com/flatten-lint/flatten-lint"


@dataclass(frozen=True)
class CodeInfo:
    """What users see of a code: ``FL001``, its kebab-case name and a one-line summary."""

    code: str
    name: str
    summary: str


@lru_cache(maxsize=None)
def catalogue() -> Dict[str, CodeInfo]:
    """Every code flatten-lint can report, rules first, each group in code order."""
    from .rules import RULES, TOOL_CODES

    rules = sorted((CodeInfo(r.code, r.name, r.summary) for r in RULES), key=lambda i: i.code)
    tools = (CodeInfo(code, name, summary) for code, (name, summary) in sorted(TOOL_CODES.items()))
    return {info.code: info for info in (*rules, *tools)}


def rule_url(code: str) -> str:
    """The documentation page of ``code``."""
    return f"{HOME}/blob/main/docs/rules/{code}.md"


def rule_doc(code: str) -> str:
    """The Markdown page of ``code``, shipped in the package (flatten_lint/rule_docs -> docs/rules)."""
    from importlib import resources  # only the ``rule`` command reads the pages

    return resources.files("flatten_lint").joinpath("rule_docs", f"{code}.md").read_text(encoding="utf-8")


def finding_line(f: Finding) -> str:
    """``path:line:col: CODE message`` (``path:cell N:line:col: ...`` in a notebook)."""
    cell = f"cell {f.cell}:" if f.cell else ""
    return f"{f.path}:{cell}{f.line}:{f.col}: {f.code} {f.message}"


def as_dict(f: Finding) -> dict:
    """The JSON object of one finding (``cell`` only in notebooks, ``verdict`` only with ``--confirm``)."""
    data = {
        "path": f.path, "line": f.line, "col": f.col, "end_line": f.end_line,
        "end_col": f.end_col, "code": f.code, "message": f.message, "url": rule_url(f.code),
        "fix": None if f.fix is None else {"description": f.fix.description, "layer": f.fix.layer},
    }
    if f.cell:
        data["cell"] = f.cell
    if f.verdict is not None:
        data["verdict"] = f.verdict
    return data


def _dumps(value: Any, indent: Optional[int] = None) -> str:
    import json  # only the JSON-based formats need it

    return json.dumps(value, indent=indent)


def _text(findings: Sequence[Finding], root: Path) -> str:
    out: List[str] = []
    for f in findings:
        out.append(finding_line(f))
        if f.fix is not None:
            out.append(f"    help: {f.fix.description}")
        if f.verdict is not None:
            out.append(f"    confirm: {f.verdict}")
    return "".join(line + "\n" for line in out)


def _concise(findings: Sequence[Finding], root: Path) -> str:
    return "".join(finding_line(f) + "\n" for f in findings)


def _json(findings: Sequence[Finding], root: Path) -> str:
    return _dumps([as_dict(f) for f in findings], indent=2) + "\n"


def _json_lines(findings: Sequence[Finding], root: Path) -> str:
    return "".join(_dumps(as_dict(f)) + "\n" for f in findings)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(findings: Sequence[Finding], root: Path) -> str:
    lines = []
    for f in findings:
        props = [f"file={_escape_property(f.path)}", f"line={f.line}", f"col={f.col}"]
        if f.end_line:
            props += [f"endLine={f.end_line}", f"endColumn={f.end_col}"]
        props.append(f"title={f.code} (cell {f.cell})" if f.cell else f"title={f.code}")
        lines.append(f"::error {','.join(props)}::{_escape_data(f.message)}\n")
    return "".join(lines)


def artifact_uri(path: str, root: Path) -> str:
    """``path`` as a URI relative to ``root`` (posix, percent-encoded); absolute outside it."""
    absolute = Path(os.path.abspath(path))
    relative = os.path.relpath(absolute, root) if absolute.drive == root.drive else ".."
    if relative == ".." or relative.startswith(".." + os.sep):
        return absolute.as_uri()
    return quote(Path(relative).as_posix())


def _sarif(findings: Sequence[Finding], root: Path) -> str:
    infos = list(catalogue().values())
    index = {info.code: i for i, info in enumerate(infos)}
    rules = [{"id": i.code, "name": i.name, "shortDescription": {"text": i.summary},
              "helpUri": rule_url(i.code)} for i in infos]
    seen: Counter = Counter()
    results = []
    for f in findings:
        uri = "-" if f.path == "-" else artifact_uri(f.path, root)
        seen[(f.code, uri, f.message)] += 1
        key = f"{f.code}\0{uri}\0{f.message}\0{seen[(f.code, uri, f.message)]}"
        region = {"startLine": f.line, "startColumn": f.col}
        if f.end_line:
            region.update(endLine=f.end_line, endColumn=f.end_col)
        result = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": "error",
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
            "partialFingerprints": {"flattenLint/v1": sha256_hex(key.encode())},
        }
        if f.cell:
            result["properties"] = {"cell": f.cell}
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "flatten-lint", "version": __version__,
                                "informationUri": HOME, "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return _dumps(log, indent=2) + "\n"


FORMATS: Dict[str, Callable[[Sequence[Finding], Path], str]] = {
    "text": _text, "concise": _concise, "json": _json, "json-lines": _json_lines,
    "github": _github, "sarif": _sarif,
}


def render(findings: Sequence[Finding], fmt: str, root: Path) -> str:
    """All ``findings`` in output format ``fmt``; SARIF URIs are made relative to ``root``."""
    return FORMATS[fmt](findings, root)


def statistics(findings: Sequence[Finding], fmt: str) -> str:
    """Counts per code, most frequent first: a JSON list for ``json``, else a table."""
    counts = Counter(f.code for f in findings)
    names = catalogue()
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    named = [(code, names[code].name, n) for code, n in rows]
    if fmt == "json":
        return _dumps([{"code": c, "name": name, "count": n} for c, name, n in named], indent=2) + "\n"
    return "".join(f"{n:>5}\t{c}\t{name}\n" for c, name, n in named)
