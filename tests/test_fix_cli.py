"""``--fix`` / ``--diff`` through the command line, on Python files and notebooks."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from flatten_lint.lint import lint_source

CASES = Path(__file__).parent / "cases"
SEED = (CASES / "forms" / "seed_without_flatten.py").read_text()


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flatten_lint", "--isolated", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_diff_prints_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(SEED)
    done = run("--diff", "m.py", cwd=tmp_path)
    assert done.returncode == 1
    assert "+    keras.layers.Flatten(),\n" in done.stdout and done.stdout.startswith("--- a/m.py")
    assert (tmp_path / "m.py").read_text() == SEED


def test_fix_writes_and_leaves_a_clean_file(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_bytes(SEED.replace("\n", "\r\n").encode())
    done = run("--fix", "--select", "FL001", "m.py", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    fixed = (tmp_path / "m.py").read_bytes().decode()
    assert "keras.layers.Flatten(),\r\n" in fixed and "\n" not in fixed.replace("\r\n", "")
    assert lint_source(fixed.replace("\r\n", "\n")) == []
    assert run("--diff", "m.py", "--select", "FL001", cwd=tmp_path).stdout == ""  # idempotent


def test_gap_style(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(SEED)
    run("--fix", "--fix-style", "gap", "m.py", cwd=tmp_path)
    assert "keras.layers.GlobalAveragePooling2D()," in (tmp_path / "m.py").read_text()


def test_notebook_fix_goes_back_into_its_cell(tmp_path: Path) -> None:
    head, body = SEED.split("model = ", 1)
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["# Seed\n"]},
             {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
              "source": head.splitlines(keepends=True)},
             {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
              "source": ("model = " + body).splitlines(keepends=True)}]
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "nb.ipynb").write_text(json.dumps(notebook, indent=1) + "\n")
    assert "nb.ipynb:cell 3:4:" in run("nb.ipynb", cwd=tmp_path).stdout
    assert run("--fix", "nb.ipynb", cwd=tmp_path).returncode == 0
    fixed = json.loads((tmp_path / "nb.ipynb").read_text())
    assert fixed["cells"][:2] == cells[:2]
    assert "    keras.layers.Flatten(),\n" in fixed["cells"][2]["source"]
    assert run("nb.ipynb", cwd=tmp_path).returncode == 0
