"""The flake8 plugin reports what the CLI reports: same lines, same columns, same codes."""
from __future__ import annotations

import ast
import shutil
import subprocess
import sys

import pytest

from flatten_lint.flake8_plugin import Plugin

from .conftest import EXAMPLES, SEED, SEED_LINE, run_cli

_CASES = {  # file name -> source; the seed in several spellings flake8 and the CLI must agree on
    "seed.py": SEED,
    "crlf.py": SEED.replace("\n", "\r\n"),
    "aliased.py": SEED.replace("import keras", "import keras as K").replace("keras.", "K."),
    "noqa.py": SEED.replace("keras.layers.Dense(100,", "keras.layers.Dense(100  # noqa: FL001\n    ,", 1),
}


def _flake8(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flake8", "--select=FL", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def _rows(text: str) -> list:
    """Sorted ``(path, line, col, code)`` of ``path:line:col: CODE message`` lines."""
    rows = []
    for line in text.splitlines():
        path, lineno, col, rest = line.split(":", 3)
        rows.append((path, int(lineno), int(col), rest.split()[0]))
    return sorted(rows)


@pytest.fixture
def project(tmp_path):
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    for name, source in _CASES.items():
        (tmp_path / "examples" / name).write_bytes(source.encode())
    return tmp_path


def test_flake8_and_cli_agree_on_the_examples(project):
    flake8 = _flake8("examples", cwd=project)
    cli = run_cli("--output-format", "concise", "examples", cwd=project)
    assert flake8.stderr == ""
    assert flake8.returncode == cli.returncode == 1
    assert _rows(flake8.stdout) == _rows(cli.stdout)
    reported = {row[0] for row in _rows(cli.stdout)}
    assert reported == {"examples/seed_without_flatten.py", "examples/seed.py",
                        "examples/crlf.py", "examples/aliased.py"}


def test_flake8_reads_stdin_like_the_cli(tmp_path):
    flake8 = subprocess.run([sys.executable, "-m", "flake8", "--select=FL", "-"], cwd=tmp_path,
                            input=SEED, capture_output=True, text=True, timeout=600)
    assert flake8.stdout.startswith(f"stdin:{SEED_LINE}:") and " FL001 " in flake8.stdout


def test_plugin_yields_zero_based_columns():
    from flatten_lint.lint import lint_source

    [(line, col0, text, kind)] = list(Plugin(ast.parse(SEED), "seed.py", SEED.splitlines(True)).run())
    [finding] = lint_source(SEED, "seed.py")
    cli_col = finding.col
    assert (line, col0, kind) == (SEED_LINE, cli_col - 1, Plugin)
    assert text.startswith("FL001 ")


def test_plugin_reports_internal_errors_instead_of_crashing(monkeypatch):
    import flatten_lint.lint

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(flatten_lint.lint, "lint_source", broken)
    results = list(Plugin(ast.parse(SEED), "seed.py", SEED.splitlines(True)).run())
    assert results == [(1, 0, "FL901 internal error: RuntimeError", Plugin)]
