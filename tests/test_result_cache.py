"""The lint result cache: a warm run parses nothing and prints exactly what a cold run prints;
any change to what the findings depend on misses; a broken or unwritable cache never fails a run."""
from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from flatten_lint import lint, runner
from flatten_lint.findings import Finding, Fix
from flatten_lint.result_cache import ResultCache, code_digest
from flatten_lint.settings import Settings

from .conftest import SEED, SEED_CLEAN, SEED_LINE, run_cli

BROKEN = "import keras\nmodel = keras.Sequential([keras.layers.Dense(2)\n"
PARSED = ["again.py", "broken.py", "clean.py", "nb.ipynb", "seed.py"]  # plain.py is screened out


def _notebook(source: str) -> str:
    return json.dumps({"cells": [{"cell_type": "markdown", "source": "# Title"},
                                 {"cell_type": "code", "source": source}]})


@pytest.fixture
def tree(tmp_path):
    """A project: a flagged model, a clean one, a notebook, a broken file and plain Python."""
    files = {"seed.py": SEED, "clean.py": SEED_CLEAN, "nb.ipynb": _notebook(SEED), "broken.py": BROKEN,
             "plain.py": "import os\nprint(os.sep)\n", "sub/again.py": SEED.replace("100", "64")}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.fixture
def analysed(monkeypatch):
    """The paths that reached parsing, in order."""
    seen = []
    real = runner._analyse

    def counting(data, path, settings):
        seen.append(path)
        return real(data, path, settings)

    monkeypatch.setattr(runner, "_analyse", counting)
    return seen


DEFAULT = Settings()


def _lint(root: Path, cache, settings: Settings = DEFAULT, jobs: int = 1):
    paths = sorted(str(p) for p in root.rglob("*") if p.suffix in (".py", ".ipynb")
                   and ".flatten_lint_cache" not in p.parts)
    return runner.lint_files(paths, settings, root, jobs, cache)


def test_warm_run_parses_nothing_and_finds_the_same(tree, analysed):
    cache = ResultCache(tree / "cache")
    cold = _lint(tree, cache)
    assert sorted(Path(p).name for p in analysed) == PARSED
    assert {f.code for f in cold[0]} == {"FL001", "FL900"}
    analysed.clear()
    warm = _lint(tree, ResultCache(tree / "cache"))
    assert analysed == [] and warm == cold


def test_every_finding_field_survives_the_round_trip(tmp_path):
    cache = ResultCache(tmp_path, code="v")
    finding = Finding("nb.ipynb", 3, 5, "FL001", "Dense receives (None, 1, 15, 32) ...", 3, 40,
                      Fix("Insert Flatten() before the Dense layer", "Flatten"), None, cell=4)
    plain = dataclasses.replace(finding, path="a.py", fix=None, cell=None, end_line=0, end_col=0,
                                verdict="unconfirmable: no input shape")
    key = cache.key(b"data", "nb.ipynb", Settings())
    cache.put(key, [finding, plain])
    assert cache.get(key, "nb.ipynb") == [finding, dataclasses.replace(plain, path="nb.ipynb")]
    assert cache.get(cache.key(b"other", "nb.ipynb", Settings()), "nb.ipynb") is None


def test_a_changed_file_misses_alone(tree, analysed):
    cache = ResultCache(tree / "cache")
    _lint(tree, cache)
    (tree / "clean.py").write_text(SEED, encoding="utf-8")
    analysed.clear()
    findings, _ = _lint(tree, cache)
    assert [Path(p).name for p in analysed] == ["clean.py"]
    assert (str(tree / "clean.py"), SEED_LINE, "FL001") in {(f.path, f.line, f.code) for f in findings}


@pytest.mark.parametrize("change, parsed", [
    ({"select": ("FL001",)}, "all"), ({"ignore": ("FL900",)}, "all"), ({"fl003_min_share": 0.5}, "all"),
    ({"per_file_ignores": {"seed.py": ("FL001",)}}, ["seed.py"]), ({"extend_exclude": ("x",)}, []),
    # --confirm needs the model of each finding: the files with findings are linted again
    ({"confirm": True}, ["again.py", "broken.py", "nb.ipynb", "seed.py"])])
def test_settings_that_reach_the_analysis_miss(tree, analysed, change, parsed):
    cache = ResultCache(tree / "cache")
    _lint(tree, cache)
    analysed.clear()
    changed = dataclasses.replace(Settings(), **change)
    findings, _ = _lint(tree, cache, changed)
    assert sorted(Path(p).name for p in analysed) == (PARSED if parsed == "all" else parsed)
    assert findings == _lint(tree, None, changed)[0]
    if changed.confirm:
        assert all(f.model is not None for f in findings if f.code == "FL001")


def test_another_version_of_the_linter_misses(tree, analysed, tmp_path_factory):
    _lint(tree, ResultCache(tree / "cache", code="1.0:aaa"))
    analysed.clear()
    _lint(tree, ResultCache(tree / "cache", code="1.1:bbb"))
    assert sorted(Path(p).name for p in analysed) == PARSED
    package = tmp_path_factory.mktemp("package")
    shutil.copytree(Path(runner.__file__).parent, package / "flatten_lint")
    before = code_digest(str(package / "flatten_lint"))
    (package / "flatten_lint" / "rules" / "fl001.py").write_text("# edited\n", encoding="utf-8")
    assert code_digest(str(package / "flatten_lint")) != before


@pytest.mark.parametrize("damage", ['{"key": "', "[]", '{"key": "KEY", "value": [[1, 2]]}',
                                    '{"key": "KEY", "value": [[1, 1, 5, "m", 0, 0, null, null, null]]}'])
def test_a_corrupt_entry_is_a_miss(tree, analysed, damage):
    cache = ResultCache(tree / "cache")
    cold = _lint(tree, cache)
    key = cache.key((tree / "seed.py").read_bytes(), str(tree / "seed.py"), Settings())
    [entry] = [p for p in (tree / "cache").glob("*.json") if json.loads(p.read_text())["key"] == key]
    entry.write_text(damage.replace("KEY", json.dumps(key)[1:-1]), encoding="utf-8")
    analysed.clear()
    assert _lint(tree, cache) == cold
    assert [Path(p).name for p in analysed] == ["seed.py"]
    analysed.clear()
    assert _lint(tree, cache) == cold and analysed == []  # rewritten


def test_an_unwritable_cache_never_fails_a_run(tree, monkeypatch):
    cold = _lint(tree, None)
    blocker = tree / "blocker"
    blocker.write_text("", encoding="utf-8")
    assert _lint(tree, ResultCache(blocker / "cache")) == cold  # cannot even be created

    def read_only(*args, **kwargs):
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr(Path, "write_text", read_only)
    assert _lint(tree, ResultCache(tree / "cache")) == cold
    assert not list((tree / "cache").glob("*.json"))


def test_a_read_only_cache_is_read_but_not_written(tree, monkeypatch):
    cache = ResultCache(tree / "cache")
    cold = _lint(tree, cache)
    (tree / "seed.py").write_text(SEED_CLEAN, encoding="utf-8")

    def read_only(*args, **kwargs):
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr(Path, "write_text", read_only)  # as root, a chmod would not stop writes
    entries = sorted(p.name for p in (tree / "cache").glob("*.json"))
    assert _lint(tree, cache) == _lint(tree, None)
    assert sorted(p.name for p in (tree / "cache").glob("*.json")) == entries
    assert cold != _lint(tree, None)


def test_internal_errors_are_not_cached(tree, monkeypatch):
    real = lint.lint_source
    monkeypatch.setattr(lint, "lint_source", lambda *a, **k: 1 / 0)
    cache = ResultCache(tree / "cache")
    _, tracebacks = _lint(tree, cache)
    assert tracebacks
    monkeypatch.setattr(lint, "lint_source", real)
    findings, tracebacks = _lint(tree, cache)
    assert not tracebacks and "FL001" in {f.code for f in findings}


def test_workers_find_what_one_process_finds_and_fill_the_cache(tree, monkeypatch):
    for i in range(12):
        (tree / f"m{i}.py").write_text(SEED.replace("100", str(10 + i)), encoding="utf-8")
    monkeypatch.setattr(runner, "POOL_BYTES", 0)  # the pool even for these few bytes
    cache = ResultCache(tree / "cache")
    cold = _lint(tree, cache, jobs=2)
    assert cold == _lint(tree, None, jobs=1) and len(cold[0]) == 16

    def no_parsing(*args):
        raise AssertionError("a warm run parsed a file")

    monkeypatch.setattr(runner, "_analyse", no_parsing)  # workers fork after this: they see it too
    assert _lint(tree, cache, jobs=2) == cold


@pytest.mark.parametrize("args", [["--output-format", f] for f in
                                  ("text", "concise", "json", "json-lines", "github", "sarif")]
                         + [["--statistics"], ["--statistics", "--output-format", "json"]])
def test_cold_and_warm_runs_print_the_same(tree, args):
    cold = run_cli(*args, "--no-cache", ".", cwd=tree)
    assert not (tree / ".flatten_lint_cache").exists()
    first = run_cli(*args, ".", cwd=tree)
    assert list((tree / ".flatten_lint_cache" / "lint").glob("*.json"))
    warm = run_cli(*args, ".", cwd=tree)
    assert cold.stdout == first.stdout == warm.stdout and cold.returncode == warm.returncode == 1
    assert "FL001" in cold.stdout
