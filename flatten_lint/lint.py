"""The analysis pipeline for one source text: parse, discover, infer shapes, run rules."""
from __future__ import annotations

import ast
import re
import sys
import warnings
from typing import Dict, List, Optional, Tuple

from . import noqa
from .findings import Finding
from .settings import Settings


class ParseError(Exception):
    """The source is not Python we can read; ``line``/``col`` are 1-based."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.line, self.col = line, col


def analyze_source(source: str) -> list:
    """Every model in ``source`` with its inferred shapes (``rules.Analysis`` objects).

    Raises ``ParseError`` when the source cannot be parsed.
    """
    from .discover import discover
    from .rules import Analysis
    from .shapes import infer

    tree = parse(source)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, _RECURSION_LIMIT))  # what ``ast`` parses, discovery can follow
    try:
        models = discover(tree, source)
    except RecursionError:
        raise ParseError("nested too deeply to analyse") from None
    finally:
        sys.setrecursionlimit(limit)
    return [Analysis(model, infer(model)) for model in models]


_RECURSION_LIMIT = 20_000


_MAGIC = re.compile(r"^([ \t]*)(?:[!%]|\?\w)")


def mask_magics(source: str) -> str:
    """IPython lines (``!pip ...``, ``%matplotlib``, ``?obj``) as ``pass``, lines kept in place."""
    return "\n".join(_MAGIC.sub(r"\1pass  # ", line) if _MAGIC.match(line) else line
                     for line in source.split("\n"))


def parse(source: str) -> ast.Module:
    """The module's syntax tree; ``ParseError`` (with the position) when it has none.

    A file that only fails because of IPython magics pasted from a notebook is read
    without them."""
    try:
        return _parse(source)
    except SyntaxError as error:
        masked = mask_magics(source)
        if masked != source:
            try:
                return _parse(masked)
            except SyntaxError:
                pass
        raise ParseError(error.msg or "syntax error", error.lineno or 1, max(error.offset or 1, 1)) from None
    except (ValueError, RecursionError, MemoryError) as error:
        raise ParseError(str(error) or type(error).__name__) from None


def _parse(source: str) -> ast.Module:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escapes and the like are not ours to report
        return ast.parse(source)


_DEFAULTS = Settings()


def analyze_recovering(source: str) -> Tuple[list, Optional[ParseError]]:
    """``analyze_source``; when ``source`` does not parse, the models of the statements before
    the error (a paste cut short, a Python 2 ``print``) and the error."""
    try:
        return analyze_source(source), None
    except ParseError as error:
        return _recovered(source, error.line), error


def lint_source(source: str, path: str = "-", settings: Settings = _DEFAULTS) -> List[Finding]:
    """All findings for one file's text, after select/ignore and ``# noqa``, sorted."""
    from .rules import RULES

    analyses, error = analyze_recovering(source)
    problems = [] if error is None else [
        Finding(path, error.line, error.col, "FL900", f"cannot parse: {error}", error.line, error.col)]
    best: Dict[Tuple[int, int, str], Finding] = {}
    rules = [rule for rule in RULES if settings.enabled(rule.code)]
    for analysis in analyses:
        for rule in rules:
            for report in rule.check(analysis, settings):
                span = analysis.model.nodes[report.node].layer.span
                finding = Finding(path, span.line, span.col, rule.code, report.message, span.end_line,
                                  span.end_col, report.fix, model=analysis.model if settings.confirm else None)
                key = (finding.line, finding.col, finding.code)
                if key not in best or _vagueness(finding) < _vagueness(best[key]):
                    best[key] = finding
    findings = noqa.apply(list(best.values()), source.splitlines()) + problems
    return sorted(findings, key=Finding.sort_key)


_MAX_RECOVERY_TRIES = 8
_PY2_PRINT = re.compile(r"^([ \t]*)print(?:[ \t]+(?![(=.,\[])(.*?))?[ \t]*$")
_PY2_EXCEPT = re.compile(r"^([ \t]*except[ \t]+[\w.]+)[ \t]*,[ \t]*(\w+)[ \t]*:")


def _python2_repaired(source: str) -> str:
    """Keras 1 scripts are often Python 2: ``print x`` and ``except E, e:`` made Python 3,
    each line kept in place."""
    def line(text: str) -> str:
        code, comment = _split_comment(text)
        code = _PY2_EXCEPT.sub(r"\1 as \2:", code)
        return _PY2_PRINT.sub(lambda m: f"{m.group(1)}print({m.group(2) or ''})", code) + comment
    return "\n".join(line(text) for text in source.split("\n"))


def _split_comment(text: str) -> Tuple[str, str]:
    """A line's code and its trailing ``# comment`` (a ``#`` inside quotes is code)."""
    quote = ""
    for index, char in enumerate(text):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#":
            return text[:index], text[index:]
    return text, ""


def _recovered(source: str, error_line: int) -> list:
    """The models of the longest parseable run of whole top-level statements before a
    syntax error (a Q&A paste cut short, a Python 2 ``print`` at the end), minus any
    model that the text after the cut may still change (``model.add``, ``model.pop``)."""
    repaired = _python2_repaired(source)
    if repaired != source:
        try:
            return analyze_source(repaired)
        except ParseError:
            pass
    lines = source.split("\n")
    cuts = [n for n in range(min(error_line, len(lines)) - 1, 0, -1)
            if lines[n][:1] not in ("", " ", "\t", "#", ")", "]", "}")][:_MAX_RECOVERY_TRIES]
    for cut in cuts:
        head, rest = "\n".join(lines[:cut]), "\n".join(lines[cut:])
        try:
            analyses = analyze_source(head)
        except ParseError:
            continue
        changed_later = set(re.findall(r"([A-Za-z_]\w*)\s*\.\s*(?:add|pop)\s*\(", rest))
        return [a for a in analyses if a.model.name not in changed_later]
    return []


def _vagueness(finding: Finding) -> int:
    """How many unknown dims a message shows; the same finding seen twice keeps the sharper one."""
    return finding.message.count("?")
