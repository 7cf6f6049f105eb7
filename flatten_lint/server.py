"""``flatten-lint server``: a language server on stdio with live diagnostics and quick fixes.

Every open Python document, and every notebook (its code cells joined as the
CLI joins them), goes through the CLI's pipeline (``runner.check_source``) with
the configuration the CLI would find for its path.  The analysis runs in a worker
thread, ``DEBOUNCE`` seconds after the last keystroke, for the changed document
only; a newer change cancels a pending one.  A text that does not parse keeps
the diagnostics of the last text that did (until one has, it shows the CLI's
findings in the complete statements, without the FL900).  Code actions insert the missing layer
(``fix.plan_fixes``, the code behind ``--fix``) or add a ``# noqa`` comment.
Needs the ``lsp`` extra (pygls); TensorFlow is never imported.
"""
from __future__ import annotations

import argparse
import asyncio
import dataclasses
import importlib
import io
import json
import os
import re
import sys
import tokenize
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from . import __version__, noqa
from .config import Overrides, UsageError, find_config, load_settings
from .findings import Finding
from .lint import ParseError, mask_magics, parse
from .report import rule_url
from .runner import check_source, file_settings, notebook_source
from .settings import Settings

DEBOUNCE = 0.15  # seconds of quiet after a change before it is analysed
SOURCE = "flatten-lint"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the line ends LSP counts
_WARM_UP = b"import keras\nkeras.Sequential([keras.layers.Dense(1)])\n"
_FIXER = "flatten_lint.fix"


# ----------------------------------------------------------------------------- analysis (no LSP state)

@dataclass(frozen=True)
class Part:
    """One text document of a unit: the whole file, or one notebook cell (``python`` False: not code)."""

    uri: str
    text: str
    python: bool = True
    version: Optional[int] = None

    @property
    def lines(self) -> List[str]:
        return _LINE_BREAK.split(self.text)


@dataclass(frozen=True)
class Unit:
    """What is analysed at once: a Python document, or a notebook and all its cells."""

    uri: str
    path: str  # the file system path, or the URI of an unsaved document
    parts: Tuple[Part, ...]
    notebook: bool = False

    def data(self) -> bytes:
        """The bytes the CLI would read: the source in its declared encoding, or the notebook's JSON."""
        if self.notebook:
            cells = [{"cell_type": "code" if p.python else "markdown", "source": p.text} for p in self.parts]
            return json.dumps({"cells": cells}).encode("utf-8")
        text = self.parts[0].text
        try:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(text.encode("utf-8")).readline)
            return text.encode(encoding)
        except (SyntaxError, UnicodeEncodeError):
            return text.encode("utf-8")  # the CLI then reports the cookie as FL900, as for the file

    def joined(self) -> Tuple[str, List[Tuple[int, int]]]:
        """The source the findings' lines count in, and each of its lines' (part index, 1-based line)."""
        if not self.notebook:
            text = self.parts[0].text
            return text, [(0, line) for line in range(1, len(self.parts[0].lines) + 1)]
        source, where = notebook_source(self.data())
        return source, [(cell - 1, line) for cell, line in where]


@dataclass(frozen=True)
class Located:
    """A finding in ``Result.source`` coordinates, and where it shows: a part and a code-point range."""

    finding: Finding
    part: int
    range: types.Range


@dataclass(frozen=True)
class Result:
    """One analysis of a unit."""

    unit: Unit
    source: str
    where: Tuple[Tuple[int, int], ...]
    found: Tuple[Located, ...]
    broken: bool = False  # the source does not parse; ``found`` is what the rest gave
    traceback: Optional[str] = None


@dataclass(frozen=True)
class Action:
    """A quick fix: its title, the finding it fixes, and the edits as (part, code-point range, text)."""

    title: str
    located: Located
    edits: Tuple[Tuple[int, types.Range, str], ...]
    preferred: bool = False


def settings_for(path: str, root: Path) -> Settings:
    """The CLI's settings for ``path``: the closest ``[tool.flatten-lint]`` and its per-file-ignores."""
    config = find_config(Path(path).parent if os.path.isabs(path) else root)
    settings = load_settings(config, Overrides())
    return file_settings(settings, path, config.parent if config is not None else root)


def analyse(unit: Unit, root: Path) -> Result:
    """``unit``'s findings as the CLI reports them, without the FL900 of a syntax error.

    Raises ``UsageError`` for a broken configuration.
    """
    source, where = unit.joined()
    try:
        parse(source)
        broken = False
    except ParseError:
        broken = True
    findings, trace = check_source(unit.data(), unit.path, settings_for(unit.path, root))
    at = {(cell, line): joined for joined, (cell, line) in enumerate(where, 1)}
    found = tuple(_located(f, unit, at) for f in findings if not (broken and f.code == "FL900"))
    return Result(unit, source, tuple(where), found, broken, trace)


def _located(finding: Finding, unit: Unit, at: Dict[Tuple[int, int], int]) -> Located:
    part = finding.cell - 1 if finding.cell else 0
    lines = unit.parts[part].lines
    start = types.Position(finding.line - 1, finding.col - 1)
    if finding.end_line:
        end = types.Position(finding.end_line - 1, finding.end_col - 1)
    else:
        end = types.Position(finding.line - 1, len(lines[min(finding.line, len(lines)) - 1]))
    if finding.cell:  # back to the joined source, where the fixer finds the call
        finding = dataclasses.replace(
            finding, cell=None, line=at[part, finding.line],
            end_line=at[part, finding.end_line] if finding.end_line else 0)
    return Located(finding, part, types.Range(start, end))


def actions(result: Result, part: int, wanted: types.Range) -> List[Action]:
    """The quick fixes for the findings of ``part`` whose range meets ``wanted`` (code points)."""
    def key(position: types.Position) -> Tuple[int, int]:
        return position.line, position.character

    found: List[Action] = []
    for located in result.found:
        if located.part == part and key(located.range.start) <= key(wanted.end) \
                and key(wanted.start) <= key(located.range.end):
            found += _fix_actions(result, located)
            found += _noqa_actions(result, located)
    return found


def _fix_actions(result: Result, located: Located) -> Iterator[Action]:
    """One action per fix style that can be placed: "Insert Flatten()", "Insert GlobalAveragePooling2D()"."""
    if located.finding.fix is None:
        return
    from .fix import STYLES, plan_fixes  # imports libcst: only once a fix is asked for

    titles = set()
    for style in STYLES:
        insertions, fixed = plan_fixes(result.source, [located.finding], style)
        inserted = re.search(r"\w+\(\)", "".join(i.text for i in insertions))
        if not fixed or inserted is None or inserted.group() in titles:
            continue
        titles.add(inserted.group())
        edits = []
        for insertion in insertions:
            cell, line = result.where[insertion.line - 1]
            here = types.Position(line - 1, insertion.col - 1)
            edits.append((cell, types.Range(here, here), insertion.text))
        yield Action(f"Insert {inserted.group()}", located, tuple(edits), preferred=len(titles) == 1)


def _noqa_actions(result: Result, located: Located) -> Iterator[Action]:
    """"Suppress with # noqa: CODE": extend the line's ``# noqa:`` list, or append one."""
    finding = located.finding
    if finding.code.startswith("FL9") or not _comment_fits(result.source, finding.line):
        return
    cell, line = result.where[finding.line - 1]
    text = result.unit.parts[cell].lines[line - 1]
    column, new = noqa.insertion(text, finding.code)
    here = types.Position(line - 1, column)
    yield Action(f"Suppress with # noqa: {finding.code}", located, ((cell, types.Range(here, here), new),))


def _comment_fits(source: str, line: int) -> bool:
    """True when a comment can end ``line``: the line does not end inside a string or after a backslash."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(mask_magics(source)).readline))
    except (tokenize.TokenError, SyntaxError):
        return False
    return any(t.type in (tokenize.NEWLINE, tokenize.NL) and t.start[0] == line for t in tokens)


# ----------------------------------------------------------------------------- the server

class FlattenLintServer(LanguageServer):
    """Diagnostics per document or notebook, analysed one at a time in a worker thread."""

    def __init__(self) -> None:
        cells = types.NotebookDocumentFilterWithCells(
            cells=[types.NotebookCellLanguage(language="python")], notebook="*")
        super().__init__(SOURCE, __version__,
                         notebook_document_sync=types.NotebookDocumentSyncOptions(notebook_selector=[cells]))
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=SOURCE)
        self.pending: Dict[str, asyncio.Future] = {}
        self.shown: Dict[str, Result] = {}  # per unit URI: the result whose diagnostics are published
        self.config_error: Optional[str] = None

    @property
    def root(self) -> Path:
        return Path(self.workspace.root_path or os.getcwd())

    # --- documents
    def unit(self, uri: str) -> Optional[Unit]:
        """A snapshot of the Python document or notebook ``uri``; None when it is neither (any more)."""
        notebook = self.workspace.get_notebook_document(notebook_uri=uri)
        if notebook is not None:
            parts = []
            for cell in notebook.cells:
                document = self.document(cell.document)
                python = document is not None and cell.kind == types.NotebookCellKind.Code \
                    and document.language_id == "python"
                parts.append(Part(cell.document, document.source if document else "", python))
            return Unit(uri, _path(uri), tuple(parts), notebook=True)
        document = self.document(uri)
        if document is None or self.workspace.get_notebook_document(cell_uri=uri) is not None:
            return None
        if uri.endswith(".ipynb") or document.language_id != "python" and not uri.endswith((".py", ".pyi")):
            return None  # a notebook opened as JSON text, or another language
        return Unit(uri, _path(uri), (Part(uri, document.source, version=document.version),))

    def document(self, uri: str) -> Optional[TextDocument]:
        """The open text document ``uri`` (pygls keys them unquoted)."""
        return self.workspace.text_documents.get(unquote(uri))

    def holder(self, uri: str) -> Optional[Tuple[Unit, int]]:
        """The unit that holds the text document ``uri`` (a file or a cell), and the part it is."""
        notebook = self.workspace.get_notebook_document(cell_uri=uri)
        unit = self.unit(notebook.uri if notebook is not None else uri)
        index = next((i for i, p in enumerate(unit.parts) if p.uri == uri), None) if unit else None
        return None if index is None else (unit, index)

    # --- diagnostics
    def schedule(self, uri: str, delay: float) -> None:
        """Analyse ``uri`` after ``delay`` seconds, replacing any analysis still pending for it."""
        old = self.pending.pop(uri, None)
        if old is not None:
            old.cancel()
        self.pending[uri] = asyncio.ensure_future(self._refresh(uri, delay))

    async def _refresh(self, uri: str, delay: float) -> None:
        try:
            await asyncio.sleep(delay)
            unit = self.unit(uri)
            if unit is not None:
                self.publish(uri, await self.analysed(unit))
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                del self.pending[uri]

    async def analysed(self, unit: Unit) -> Optional[Result]:
        """The result for ``unit``: the one shown when the text is the same, else a new analysis;
        None when the configuration is broken."""
        shown = self.shown.get(unit.uri)
        if shown is not None and shown.unit == unit:
            return shown
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(self.executor, analyse, unit, self.root)
        except UsageError as error:
            if str(error) != self.config_error:
                self.config_error = str(error)
                self.window_show_message(
                    types.ShowMessageParams(types.MessageType.Error, f"{SOURCE}: {error}"))
            return None
        self.config_error = None
        if _FIXER not in sys.modules:  # quick fixes are asked for next: import libcst now, once
            self.executor.submit(importlib.import_module, _FIXER)
        if result is not None and result.traceback:
            self.window_log_message(types.LogMessageParams(types.MessageType.Error, result.traceback))
        return result

    def publish(self, uri: str, result: Optional[Result]) -> None:
        """Show ``result``'s diagnostics, unless it does not parse and the last text shown did."""
        old = self.shown.get(uri)
        if result is None or result.broken and old is not None and not old.broken:
            return
        self.shown[uri] = result
        for index, part in enumerate(result.unit.parts):
            if part.python:
                diagnostics = [self.diagnostic(d, part) for d in result.found if d.part == index]
                self.text_document_publish_diagnostics(
                    types.PublishDiagnosticsParams(part.uri, diagnostics, part.version))
        self._clear(_code_uris(old) - _code_uris(result) if old else set())

    def forget(self, uri: str, parts: Sequence[str]) -> None:
        """A closed document or notebook: no analysis pending, no diagnostics shown."""
        old = self.pending.pop(uri, None)
        if old is not None:
            old.cancel()
        shown = self.shown.pop(uri, None)
        self._clear({*parts, *_code_uris(shown)} if shown else set(parts))

    def _clear(self, uris: Iterable[str]) -> None:
        for uri in uris:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))

    def diagnostic(self, located: Located, part: Part) -> types.Diagnostic:
        finding = located.finding
        severity = types.DiagnosticSeverity.Error if finding.code.startswith("FL9") \
            else types.DiagnosticSeverity.Warning
        return types.Diagnostic(
            range=self.workspace.position_codec.range_to_client_units(part.lines, located.range),
            message=finding.message, severity=severity, code=finding.code,
            code_description=types.CodeDescription(href=rule_url(finding.code)), source=SOURCE)

    # --- code actions
    async def code_actions(self, params: types.CodeActionParams) -> List[types.CodeAction]:
        """The quick fixes for the findings in the requested range of a document or cell."""
        only = params.context.only
        held = self.holder(params.text_document.uri)
        if held is None or (only and types.CodeActionKind.QuickFix not in only):
            return []
        unit, index = held
        result = await self.analysed(unit)
        if result is None or result.broken:
            return []
        codec, lines = self.workspace.position_codec, unit.parts[index].lines
        start, end = (codec.position_from_client_units(lines, position)
                      for position in (params.range.start, params.range.end))
        wanted = types.Range(types.Position(start.line, start.character),
                             types.Position(end.line, end.character))
        loop = asyncio.get_running_loop()
        found = await loop.run_in_executor(self.executor, actions, result, index, wanted)
        return [self.code_action(action, unit) for action in found]

    def code_action(self, action: Action, unit: Unit) -> types.CodeAction:
        codec = self.workspace.position_codec
        changes: Dict[str, List[types.TextEdit]] = {}
        for index, where, text in action.edits:
            part = unit.parts[index]
            changes.setdefault(part.uri, []).append(
                types.TextEdit(codec.range_to_client_units(part.lines, where), text))
        return types.CodeAction(
            action.title, kind=types.CodeActionKind.QuickFix,
            diagnostics=[self.diagnostic(action.located, unit.parts[action.located.part])],
            edit=types.WorkspaceEdit(changes=changes), is_preferred=action.preferred)


def _path(uri: str) -> str:
    return to_fs_path(uri) or uri


def _code_uris(result: Result) -> Set[str]:
    return {p.uri for p in result.unit.parts if p.python}


def create_server() -> FlattenLintServer:
    """The server with its handlers registered."""
    server = FlattenLintServer()

    @server.feature(types.INITIALIZED)
    def initialized(params: types.InitializedParams) -> None:
        # Import the pipeline now, not on the first keystroke.
        server.executor.submit(check_source, _WARM_UP, "warm-up.py", Settings())

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        server.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        server.schedule(params.text_document.uri, DEBOUNCE)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        server.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        server.forget(params.text_document.uri, [params.text_document.uri])

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
    def notebook_open(params: types.DidOpenNotebookDocumentParams) -> None:
        server.schedule(params.notebook_document.uri, 0)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def notebook_change(params: types.DidChangeNotebookDocumentParams) -> None:
        server.schedule(params.notebook_document.uri, DEBOUNCE)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def notebook_close(params: types.DidCloseNotebookDocumentParams) -> None:
        server.forget(params.notebook_document.uri, [c.uri for c in params.cell_text_documents])

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    async def code_action(params: types.CodeActionParams) -> List[types.CodeAction]:
        return await server.code_actions(params)

    return server


def main(argv: Sequence[str]) -> int:
    """``flatten-lint server``: serve LSP on standard input and output until the client exits."""
    parser = argparse.ArgumentParser(prog="flatten-lint server",
                                     description="Run the flatten-lint language server on stdio.")
    parser.add_argument("--stdio", action="store_true",
                        help="accepted for clients that pass it; stdio is the default")
    parser.parse_args(argv)
    create_server().start_io()
    return 0
