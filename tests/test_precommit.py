"""The pre-commit hooks: a valid manifest, and the hook run for real through ``pre-commit try-repo``.

try-repo installs this repository into a fresh pre-commit environment, so it
needs the package index (about 15 s here).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import yaml

from flatten_lint.settings import DEFAULT_EXCLUDE

from .conftest import EXAMPLES, REPO, SEED_LINE

_COPY_IGNORE = shutil.ignore_patterns(*DEFAULT_EXCLUDE, ".hypothesis")


def _git(*args: str, cwd) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@localhost", *args], cwd=cwd,
                   check=True, capture_output=True)


def test_manifest_is_valid_and_names_our_console_script():
    manifest = REPO / ".pre-commit-hooks.yaml"
    check = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", str(manifest)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    hooks = {hook["id"]: hook for hook in yaml.safe_load(manifest.read_text())}
    assert hooks["flatten-lint"]["entry"] == "flatten-lint"
    assert hooks["flatten-lint-confirm"]["entry"] == "flatten-lint --confirm"
    assert hooks["flatten-lint-confirm"]["stages"] == ["pre-push", "manual"]
    assert all(h["types_or"] == ["python", "pyi", "jupyter"] for h in hooks.values())


def test_hook_through_try_repo(tmp_path):
    source = tmp_path / "flatten-lint"
    shutil.copytree(REPO, source, ignore=_COPY_IGNORE, symlinks=True)
    _git("init", "-q", cwd=source)
    _git("add", "-A", cwd=source)
    _git("commit", "-qm", "snapshot", cwd=source)
    project = tmp_path / "project"
    shutil.copytree(EXAMPLES, project)
    _git("init", "-q", cwd=project)
    _git("add", "-A", cwd=project)
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"))
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(source), "flatten-lint", "--all-files"],
        cwd=project, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"seed_without_flatten.py:{SEED_LINE}:" in result.stdout
    assert "seed_with_flatten.py:" not in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
