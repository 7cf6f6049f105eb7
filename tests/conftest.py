"""Shared test helpers: run the CLI in a subprocess; the founding example and where FL001 belongs."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Union

import flatten_lint

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
SEED = (EXAMPLES / "seed_without_flatten.py").read_text(encoding="utf-8")
SEED_CLEAN = (EXAMPLES / "seed_with_flatten.py").read_text(encoding="utf-8")
# FL001 belongs on the first Dense of the model without Flatten.
SEED_LINE = 1 + next(i for i, line in enumerate(SEED.splitlines()) if "keras.layers.Dense(" in line)
_PACKAGE_PARENT = str(Path(flatten_lint.__file__).resolve().parent.parent)


def run_cli(*args: str, cwd: Union[Path, str], stdin: bytes = b"",
            allow_traceback: bool = False) -> subprocess.CompletedProcess:
    """``python -m flatten_lint ARGS`` in ``cwd``; text output; never a traceback unless allowed."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (_PACKAGE_PARENT, os.environ.get("PYTHONPATH")) if p))
    proc = subprocess.run([sys.executable, "-m", "flatten_lint", *args], cwd=cwd, input=stdin,
                          capture_output=True, env=env, timeout=600)
    result = subprocess.CompletedProcess(proc.args, proc.returncode,
                                         proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))
    if not allow_traceback:
        assert "Traceback" not in result.stderr, result.stderr
    return result


def codes_at(stdout: str) -> list:
    """``(path, line, code)`` of every concise output line."""
    rows = []
    for line in stdout.splitlines():
        path, lineno, _col, rest = line.split(":", 3)
        rows.append((path, int(lineno), rest.split()[0]))
    return rows
