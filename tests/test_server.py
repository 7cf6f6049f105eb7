"""``flatten-lint server`` driven over stdio by pygls' own LSP client, as an editor would."""
from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import time
from pathlib import Path
from typing import AsyncIterator, Dict, List, Optional

import pytest

pytest.importorskip("pygls")
from lsprotocol import types  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

from flatten_lint.fix import fix_source  # noqa: E402
from flatten_lint.lint import lint_source  # noqa: E402
from flatten_lint.report import rule_url  # noqa: E402
from flatten_lint.server import Part, Unit, actions, analyse  # noqa: E402

from .conftest import REPO  # noqa: E402
from .test_cases import CASES, expected  # noqa: E402

SEED_PATH = CASES / "forms" / "seed_without_flatten.py"
SEED = SEED_PATH.read_text(encoding="utf-8")
WAIT = 20.0  # seconds before a missing notification fails a test (slow CI), not a latency bound
QUIET = 0.8  # seconds that cover the debounce and one analysis of the seed

# Runs the server as ``python -m flatten_lint server`` would, then writes the names of
# all imported modules to the file named by its first argument when the process exits.
_RECORD_MODULES = (
    "import atexit, runpy, sys\n"
    "out = sys.argv[1]\n"
    "atexit.register(lambda: open(out, 'w').write('\\n'.join(sorted(sys.modules))))\n"
    "sys.argv = ['flatten-lint', 'server']\n"
    "runpy.run_module('flatten_lint', run_name='__main__')\n"
)


def seed_range(source: str = SEED) -> types.Range:
    """The LSP range of the call FL001 is marked on: from ``keras.layers.Dense(`` to its ``)``."""
    (line, code), = expected(source)
    assert code == "FL001"
    text = source.splitlines()[line - 1]
    start = text.index("keras.layers.Dense(")
    return types.Range(types.Position(line - 1, start), types.Position(line - 1, text.index(")", start) + 1))


def apply_edits(text: str, edits: List[types.TextEdit]) -> str:
    """``text`` with LSP ``edits`` made (ASCII text: characters are UTF-16 units), last first."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(position: types.Position) -> int:
        return starts[position.line] + position.character

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[:offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
    return text


class Editor:
    """An LSP client over stdio that records what the server publishes."""

    def __init__(self) -> None:
        self.client = LanguageClient("flatten-lint-tests", "0")
        self.diagnostics: "asyncio.Queue[types.PublishDiagnosticsParams]" = asyncio.Queue()
        self.messages: "asyncio.Queue[types.ShowMessageParams]" = asyncio.Queue()
        self.versions: Dict[str, int] = {}
        for method, queue in ((types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, self.diagnostics),
                              (types.WINDOW_SHOW_MESSAGE, self.messages)):
            self.client.feature(method)(lambda params, queue=queue: queue.put_nowait(params))

    async def published(self, uri: Optional[str] = None) -> types.PublishDiagnosticsParams:
        """The next diagnostics the server publishes (for ``uri`` when given)."""
        while True:
            params = await asyncio.wait_for(self.diagnostics.get(), WAIT)
            if uri is None or params.uri == uri:
                return params

    def open(self, path: Path, text: str) -> str:
        uri = path.as_uri()
        self.versions[uri] = 1
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)))
        return uri

    def change(self, uri: str, text: str) -> int:
        """Replace the whole text of ``uri``; the new version."""
        self.versions[uri] += 1
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            [types.TextDocumentContentChangeWholeDocument(text=text)]))
        return self.versions[uri]

    async def actions(self, uri: str, where: types.Range) -> Dict[str, types.CodeAction]:
        found = await self.client.text_document_code_action_async(types.CodeActionParams(
            types.TextDocumentIdentifier(uri=uri), where, types.CodeActionContext(diagnostics=[])))
        return {action.title: action for action in found or []}


@contextlib.asynccontextmanager
async def editor(root: Path, *command: str) -> AsyncIterator[Editor]:
    """A server started in ``root`` (``python -m flatten_lint server`` unless ``command`` is given)."""
    session = Editor()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p))
    await session.client.start_io(sys.executable, *(command or ("-m", "flatten_lint", "server")),
                                  cwd=str(root), env=env)
    await session.client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=root.as_uri()))
    session.client.initialized(types.InitializedParams())
    try:
        yield session
    finally:
        await session.client.shutdown_async(None)
        session.client.exit(None)
        await session.client.stop()


def run(scenario) -> None:
    asyncio.run(asyncio.wait_for(scenario, 120))


@pytest.mark.parametrize("title", ["Insert Flatten()", "Insert GlobalAveragePooling2D()",
                                   "Suppress with # noqa: FL001"])
def test_seed_diagnostic_then_quick_fix_clears_it(tmp_path: Path, title: str) -> None:
    async def scenario() -> None:
        async with editor(tmp_path) as session:
            started = time.perf_counter()
            uri = session.open(tmp_path / "model.py", SEED)
            published = await session.published(uri)
            print(f"\nFL001 published {1000 * (time.perf_counter() - started):.0f} ms after didOpen")
            diagnostic, = published.diagnostics
            assert (diagnostic.code, diagnostic.source) == ("FL001", "flatten-lint")
            assert diagnostic.range == seed_range()
            assert diagnostic.severity == types.DiagnosticSeverity.Warning
            assert diagnostic.code_description.href == rule_url("FL001")
            assert published.version == 1

            actions = await session.actions(uri, diagnostic.range)
            assert set(actions) == {"Insert Flatten()", "Insert GlobalAveragePooling2D()",
                                    "Suppress with # noqa: FL001"}
            action = actions[title]
            assert action.kind == types.CodeActionKind.QuickFix
            assert action.diagnostics[0].code == "FL001"
            assert action.is_preferred == (title == "Insert Flatten()")
            assert set(action.edit.changes) == {uri}
            fixed = apply_edits(SEED, action.edit.changes[uri])
            if title.startswith("Insert"):
                style = "gap" if "Global" in title else "flatten"
                assert fixed == fix_source(SEED, lint_source(SEED, str(SEED_PATH)), style)[0]
            else:
                assert fixed.splitlines()[diagnostic.range.start.line].endswith(
                    "# expect: FL001  # noqa: FL001")

            version = session.change(uri, fixed)
            cleared = await session.published(uri)
            assert (cleared.version, list(cleared.diagnostics)) == (version, [])

    run(scenario())


def test_noqa_action_extends_an_existing_list(tmp_path: Path) -> None:
    line = seed_range().start.line
    lines = SEED.splitlines(keepends=True)
    lines[line] = lines[line].replace("# expect: FL001", "# noqa: FL002")
    text = "".join(lines)

    async def scenario() -> None:
        async with editor(tmp_path) as session:
            uri = session.open(tmp_path / "model.py", text)
            diagnostic, = (await session.published(uri)).diagnostics
            action = (await session.actions(uri, diagnostic.range))["Suppress with # noqa: FL001"]
            fixed = apply_edits(text, action.edit.changes[uri])
            assert fixed.splitlines()[line].endswith("# noqa: FL002, FL001")
            session.change(uri, fixed)
            assert list((await session.published(uri)).diagnostics) == []

    run(scenario())


def test_syntax_error_keeps_the_last_diagnostics(tmp_path: Path) -> None:
    broken = SEED + "model.compile(\n"  # the CLI: FL001, and FL900 on the last line

    async def scenario() -> None:
        async with editor(tmp_path) as session:
            uri = session.open(tmp_path / "model.py", SEED)
            assert [d.code for d in (await session.published(uri)).diagnostics] == ["FL001"]
            session.change(uri, broken)
            await asyncio.sleep(QUIET)  # an answer to the broken text would be published by now
            assert await session.actions(uri, seed_range()) == {}
            fixed = fix_source(SEED, lint_source(SEED, str(SEED_PATH)))[0]
            version = session.change(uri, fixed)
            nothing_between = await session.published(uri)
            assert (nothing_between.version, list(nothing_between.diagnostics)) == (version, [])
            # A text that never parsed shows what the CLI finds in it, less the syntax error.
            fresh = session.open(tmp_path / "fresh.py", broken)
            assert [d.code for d in (await session.published(fresh)).diagnostics] == ["FL001"]

    run(scenario())


def test_changes_in_quick_succession_are_analysed_once(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with editor(tmp_path) as session:
            uri = session.open(tmp_path / "model.py", SEED)
            await session.published(uri)
            for count in range(1, 6):  # typing " # note" one keystroke at a time, faster than the debounce
                last = session.change(uri, SEED + "# note"[:count])
            published = await session.published(uri)
            assert published.version == last
            assert [d.code for d in published.diagnostics] == ["FL001"]
            await asyncio.sleep(QUIET)
            assert session.diagnostics.empty()  # the earlier versions were never published

    run(scenario())


def test_configuration_is_the_clis(tmp_path: Path) -> None:
    quiet, broken = tmp_path / "quiet", tmp_path / "broken"
    quiet.mkdir(), broken.mkdir()
    (quiet / "pyproject.toml").write_text('[tool.flatten-lint]\nignore = ["FL001"]\n', encoding="utf-8")
    (broken / "pyproject.toml").write_text('[tool.flatten-lint]\nselect = ["XX9"]\n', encoding="utf-8")

    async def scenario() -> None:
        async with editor(tmp_path) as session:
            uri = session.open(quiet / "model.py", SEED)
            assert list((await session.published(uri)).diagnostics) == []
            session.open(broken / "model.py", SEED)
            message = await asyncio.wait_for(session.messages.get(), WAIT)
            assert message.type == types.MessageType.Error and "XX9" in message.message

    run(scenario())


def test_notebook_cells_get_their_own_diagnostics_and_fixes(tmp_path: Path) -> None:
    imports, model = SEED.split("\n\n", 1)
    notebook = (tmp_path / "model.ipynb").as_uri()
    cells = [(types.NotebookCellKind.Code, "python", imports),
             (types.NotebookCellKind.Markup, "markdown", "# The model"),
             (types.NotebookCellKind.Code, "python", model)]
    items = [types.TextDocumentItem(uri=f"{notebook}#cell{n}", language_id=language, version=1, text=text)
             for n, (_, language, text) in enumerate(cells)]
    where = seed_range(model)

    async def scenario() -> None:
        async with editor(tmp_path) as session:
            session.client.notebook_document_did_open(types.DidOpenNotebookDocumentParams(
                types.NotebookDocument(
                    uri=notebook, notebook_type="jupyter-notebook", version=1,
                    cells=[types.NotebookCell(kind=kind, document=item.uri)
                           for (kind, _, _), item in zip(cells, items)]),
                items))
            published = await session.published(items[2].uri)
            diagnostic, = published.diagnostics
            assert (diagnostic.code, diagnostic.range) == ("FL001", where)
            action = (await session.actions(items[2].uri, where))["Insert Flatten()"]
            assert set(action.edit.changes) == {items[2].uri}
            fixed = apply_edits(model, action.edit.changes[items[2].uri])
            assert imports + "\n\n" + fixed == fix_source(SEED, lint_source(SEED))[0]

    run(scenario())


def test_the_server_never_imports_tensorflow(tmp_path: Path) -> None:
    record = tmp_path / "modules.txt"

    async def scenario() -> None:
        async with editor(tmp_path, "-c", _RECORD_MODULES, str(record)) as session:
            uri = session.open(tmp_path / "model.py", SEED)
            diagnostic, = (await session.published(uri)).diagnostics
            assert "Insert Flatten()" in await session.actions(uri, diagnostic.range)

    run(scenario())
    modules = record.read_text(encoding="utf-8").split()
    assert "flatten_lint.fix" in modules and "pygls" in modules
    assert not [m for m in modules if m.partition(".")[0] in ("tensorflow", "keras")]


def test_ranges_count_utf16_units_and_crlf_stays(tmp_path: Path) -> None:
    line = seed_range().start.line
    lines = SEED.splitlines()
    conv = lines[line - 1].strip()
    lines[line - 1:line + 1] = [f'    {conv[:-2]}, name="conv 😀"), {lines[line].strip()}']
    text = "\r\n".join(lines) + "\r\n"
    call = lines[line - 1][lines[line - 1].index("keras.layers.Dense("):].split("),")[0] + ")"
    before = lines[line - 1][:lines[line - 1].index(call)]

    def utf16(chars: str) -> int:
        return len(chars.encode("utf-16-le")) // 2

    async def scenario() -> None:
        async with editor(tmp_path) as session:
            uri = session.open(tmp_path / "model.py", text)
            diagnostic, = (await session.published(uri)).diagnostics
            start = types.Position(line - 1, utf16(before))
            assert diagnostic.range == types.Range(start, types.Position(line - 1, utf16(before + call)))
            edit, = (await session.actions(uri, diagnostic.range))["Insert Flatten()"].edit.changes[uri]
            assert edit.range == types.Range(start, start)
            assert edit.new_text == "keras.layers.Flatten(), "

    run(scenario())


@pytest.mark.parametrize("dense", [
    '    keras.layers.Dense(100, activation="relu"), \\',  # a backslash
    '    keras.layers.Dense(100, name="""head\n    """, activation="relu"),',  # an open string
])
def test_no_noqa_action_where_a_comment_would_not_end_the_line(tmp_path: Path, dense: str) -> None:
    lines = SEED.splitlines()
    lines[seed_range().start.line] = dense
    text = "\n".join(lines) + "\n"
    path = tmp_path / "model.py"
    result = analyse(Unit(path.as_uri(), str(path), (Part(path.as_uri(), text),)), tmp_path)
    located, = result.found
    titles = [a.title for a in actions(result, 0, located.range)]
    assert "Insert Flatten()" in titles and not [t for t in titles if "noqa" in t]
