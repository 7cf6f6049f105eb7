"""The command line end to end, through a subprocess: exit codes, paths, stdin, noqa, selection."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from flatten_lint import __version__
from flatten_lint.report import catalogue, rule_doc

from .conftest import EXAMPLES, SEED, SEED_CLEAN, SEED_LINE, codes_at, run_cli

SEED_PATH = "examples/seed_without_flatten.py"


@pytest.fixture
def project(tmp_path):
    """A copy of examples/ in an empty project directory."""
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    return tmp_path


def _with_comment(source: str, line: int, comment: str) -> str:
    lines = source.splitlines()
    lines[line - 1] += f"  {comment}"
    return "\n".join(lines) + "\n"


def test_examples_give_exactly_the_seed_finding(project):
    result = run_cli("examples/", "--output-format", "concise", cwd=project)
    assert result.returncode == 1
    assert codes_at(result.stdout) == [(SEED_PATH, SEED_LINE, "FL001")]
    assert result.stderr == ""


def test_default_path_is_the_current_directory(project):
    result = run_cli("--output-format", "concise", cwd=project)
    assert codes_at(result.stdout) == [(SEED_PATH, SEED_LINE, "FL001")]


def test_check_subcommand_is_the_default(project):
    plain = run_cli("examples", cwd=project)
    explicit = run_cli("check", "examples", cwd=project)
    assert plain.stdout == explicit.stdout and plain.returncode == explicit.returncode == 1


def test_text_format_has_summary_and_quiet_drops_it(project):
    result = run_cli("examples", cwd=project)
    assert result.stdout.startswith(f"{SEED_PATH}:{SEED_LINE}:")
    assert result.stdout.rstrip().endswith("Found 1 finding.")
    quiet = run_cli("-q", "examples", cwd=project)
    assert "Found" not in quiet.stdout and f"{SEED_PATH}:{SEED_LINE}:" in quiet.stdout


def test_clean_file_exits_zero(project):
    result = run_cli("examples/seed_with_flatten.py", cwd=project)
    assert result.returncode == 0
    assert result.stdout == "All checks passed!\n"
    assert run_cli("--output-format", "concise", "examples/seed_with_flatten.py", cwd=project).stdout == ""


def test_exit_zero_keeps_the_output(project):
    result = run_cli("--exit-zero", "--output-format", "concise", "examples", cwd=project)
    assert result.returncode == 0
    assert codes_at(result.stdout) == [(SEED_PATH, SEED_LINE, "FL001")]


def test_missing_path_is_a_one_line_error(project):
    result = run_cli("examples", "nope.py", cwd=project)
    assert result.returncode == 2
    assert result.stderr == "flatten-lint: error: path not found: nope.py\n"
    assert result.stdout == ""


@pytest.mark.parametrize("args", [["--output-format", "xml"], ["--jobs", "0"], ["--bogus"],
                                  ["--select", "FL999"], ["--ignore", "E501"],
                                  ["--config", "x.toml", "--isolated"], ["-", "examples"]])
def test_usage_errors_are_one_line_exit_2(project, args):
    result = run_cli(*args, cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith("flatten-lint: error: ") and result.stderr.count("\n") == 1


def test_version(tmp_path):
    assert run_cli("--version", cwd=tmp_path).stdout.strip() == f"flatten-lint {__version__}"


def test_stdin_with_and_without_filename(tmp_path):
    named = run_cli("--output-format", "concise", "--stdin-filename", "models/net.py", "-",
                    cwd=tmp_path, stdin=SEED.encode())
    assert named.returncode == 1
    assert codes_at(named.stdout) == [("models/net.py", SEED_LINE, "FL001")]
    anonymous = run_cli("--output-format", "concise", "-", cwd=tmp_path, stdin=SEED.encode())
    assert codes_at(anonymous.stdout) == [("-", SEED_LINE, "FL001")]
    implied = run_cli("--output-format", "concise", "--stdin-filename", "a.py", cwd=tmp_path,
                      stdin=SEED.encode())
    assert codes_at(implied.stdout) == [("a.py", SEED_LINE, "FL001")]
    clean = run_cli("-", cwd=tmp_path, stdin=SEED_CLEAN.encode())
    assert clean.returncode == 0


@pytest.mark.parametrize("comment, reported", [
    ("# noqa", False), ("# noqa: FL001", False), ("# NOQA:FL001,FL002", False),
    ("# noqa: FL002", True), ("# a comment", True)])
def test_noqa_on_the_reported_line(tmp_path, comment, reported):
    (tmp_path / "m.py").write_text(_with_comment(SEED, SEED_LINE, comment))
    result = run_cli("--output-format", "concise", "m.py", cwd=tmp_path)
    assert codes_at(result.stdout) == ([("m.py", SEED_LINE, "FL001")] if reported else [])
    assert result.returncode == (1 if reported else 0)


def test_noqa_on_another_line_does_not_suppress(tmp_path):
    (tmp_path / "m.py").write_text(_with_comment(SEED, SEED_LINE - 1, "# noqa: FL001"))
    assert codes_at(run_cli("--output-format", "concise", "m.py", cwd=tmp_path).stdout) == [
        ("m.py", SEED_LINE, "FL001")]


@pytest.mark.parametrize("args, reported", [
    (["--select", "FL001"], True), (["--select", "FL"], True), (["--select", "ALL"], True),
    (["--select", "FL900"], False), (["--ignore", "FL001"], False), (["--ignore", "FL0"], False),
    (["--select", "FL900", "--extend-select", "FL001"], True),
    (["--select", "FL900,FL001"], True), (["--ignore", "FL900"], True),
    (["--ignore", "FL", "--extend-select", "FL001"], True)])  # the longer prefix wins
def test_select_and_ignore(project, args, reported):
    result = run_cli("--output-format", "concise", *args, "examples", cwd=project)
    assert (codes_at(result.stdout) == [(SEED_PATH, SEED_LINE, "FL001")]) is reported
    assert result.returncode == (1 if reported else 0)


def test_statistics_counts_per_code(project):
    shutil.copy(project / SEED_PATH, project / "examples" / "again.py")
    result = run_cli("--statistics", "examples", cwd=project)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == f"    2\tFL001\t{catalogue()['FL001'].name}"
    assert "examples/again.py" not in result.stdout


def test_walk_filters_suffixes_and_default_excludes(tmp_path):
    for name in ("a.py", "b.pyi", "notes.txt", "venv/lib/c.py", "build/d.py", "pkg/e.py",
                 "x.egg-info/f.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(SEED)
    result = run_cli("--output-format", "concise", ".", cwd=tmp_path)
    assert sorted(p for p, _, _ in codes_at(result.stdout)) == ["a.py", "b.pyi", "pkg/e.py"]
    named = run_cli("--output-format", "concise", "notes.txt", "build/d.py", cwd=tmp_path)
    assert [p for p, _, _ in codes_at(named.stdout)] == ["build/d.py", "notes.txt"]


def test_same_file_twice_is_reported_once(project):
    result = run_cli("--output-format", "concise", "examples", SEED_PATH, "./" + SEED_PATH, cwd=project)
    assert codes_at(result.stdout) == [(SEED_PATH, SEED_LINE, "FL001")]


def test_output_is_sorted_and_identical_across_jobs(tmp_path):
    for i in range(14):
        body = SEED if i % 3 == 0 else SEED_CLEAN
        (tmp_path / f"pkg{i % 4}" / f"m{i:02d}.py").parent.mkdir(exist_ok=True)
        (tmp_path / f"pkg{i % 4}" / f"m{i:02d}.py").write_text(body)
    broken = "import keras\nm = keras.Sequential([keras.layers.Dense(2)\n"
    (tmp_path / "pkg0" / "broken.py").write_text(broken)
    one = run_cli("--output-format", "concise", "-j", "1", ".", cwd=tmp_path)
    two = run_cli("--output-format", "concise", "-j", "2", ".", cwd=tmp_path)
    assert one.stdout == two.stdout and one.returncode == two.returncode == 1
    rows = codes_at(one.stdout)
    assert rows == sorted(rows)
    assert [p for p, _, c in rows if c == "FL001"] == sorted(
        f"pkg{i % 4}/m{i:02d}.py" for i in range(0, 14, 3))
    assert [c for p, _, c in rows if p == "pkg0/broken.py"] == ["FL900"]


def test_every_code_has_a_shipped_page():
    for code, info in catalogue().items():
        assert rule_doc(code).startswith(f"# {code}: {info.name}\n")


def test_rule_command_prints_docs_and_lists_codes(tmp_path):
    doc = run_cli("rule", "fl001", cwd=tmp_path)
    assert doc.returncode == 0 and doc.stdout == rule_doc("FL001")
    listing = run_cli("rule", "--all", cwd=tmp_path)
    assert [line.split()[0] for line in listing.stdout.splitlines()] == list(catalogue())
    assert {"FL001", "FL900", "FL901"} <= set(catalogue())
    unknown = run_cli("rule", "FL999", cwd=tmp_path)
    assert unknown.returncode == 2 and unknown.stderr == "flatten-lint: error: unknown rule code: FL999\n"


def test_no_cache_is_accepted(project):
    result = run_cli("--no-cache", "--output-format", "concise", "examples", cwd=project)
    assert codes_at(result.stdout) == [(SEED_PATH, SEED_LINE, "FL001")]


def test_verbose_reports_config_and_file_count(project):
    result = run_cli("--verbose", "examples", cwd=project)
    assert "flatten-lint: config: none" in result.stderr
    assert "checking 2 files" in result.stderr


def _notebook(*cells) -> str:
    """An nbformat-4 notebook of ``(cell_type, source)`` cells."""
    return json.dumps({"cells": [
        {"cell_type": kind, "metadata": {}, "source": source.splitlines(True),
         **({"outputs": [], "execution_count": None} if kind == "code" else {})}
        for kind, source in cells], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


MODEL_CELL = SEED[SEED.index("model = "):]
MODEL_LINE = 1 + next(i for i, line in enumerate(MODEL_CELL.splitlines()) if "keras.layers.Dense(" in line)


def test_notebook_findings_name_the_cell(tmp_path):
    (tmp_path / "nb.ipynb").write_text(_notebook(
        ("markdown", "# A model\nConv2D then Dense"),
        ("code", "%matplotlib inline\n!pip install keras\nimport keras"),
        ("code", "%%bash\necho Sequential Dense ((("),
        ("code", MODEL_CELL)))
    result = run_cli("--output-format", "concise", ".", cwd=tmp_path)
    assert result.stdout.startswith(f"nb.ipynb:cell 4:{MODEL_LINE}:")
    assert result.stdout.count("\n") == 1 and result.returncode == 1
    [item] = json.loads(run_cli("--output-format", "json", "nb.ipynb", cwd=tmp_path).stdout)
    assert (item["cell"], item["line"], item["code"]) == (4, MODEL_LINE, "FL001")
    stdin = run_cli("--output-format", "concise", "--stdin-filename", "x.ipynb", "-", cwd=tmp_path,
                    stdin=(tmp_path / "nb.ipynb").read_bytes())
    assert stdin.stdout.startswith(f"x.ipynb:cell 4:{MODEL_LINE}:")


def test_notebook_noqa_and_broken_notebooks(tmp_path):
    quiet_cell = "\n".join(line + "  # noqa: FL001" if i == MODEL_LINE else line
                           for i, line in enumerate(MODEL_CELL.splitlines(), 1))
    (tmp_path / "quiet.ipynb").write_text(_notebook(("code", "import keras\n" + quiet_cell)))
    (tmp_path / "broken.ipynb").write_text('{"cells": [Sequential Dense')
    result = run_cli("--output-format", "concise", ".", cwd=tmp_path)
    assert result.stdout == "broken.ipynb:1:1: FL900 cannot parse: not a Jupyter notebook\n"


def test_confirm_builds_the_flagged_model(project):
    pytest.importorskip("keras")
    result = run_cli("--confirm", "--output-format", "json", "examples", cwd=project)
    [item] = json.loads(result.stdout)
    assert (item["line"], item["verdict"]) == (SEED_LINE, "confirmed")
    assert (project / ".flatten_lint_cache").is_dir()
    again = run_cli("--confirm", "--no-cache", "--output-format", "json", ".", cwd=project / "examples")
    assert json.loads(again.stdout)[0]["verdict"] == "confirmed"
    assert not (project / "examples" / ".flatten_lint_cache").exists()


def test_a_run_over_plain_files_imports_only_what_it_uses(tmp_path):
    """Start-up is most of a pre-commit run on one file: no parser, rules, hashing, JSON or TOML when no
    file can hold a model and there is no pyproject.toml."""
    (tmp_path / "plain.py").write_text("import os\n\nprint(os.sep)\n", encoding="utf-8")
    probe = ("import sys\nfrom flatten_lint.cli import main\n"
             "try:\n    main(['check', '-q', 'plain.py'])\nexcept SystemExit:\n    pass\n"
             "print(' '.join(sorted(sys.modules)))\n")
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True)
    loaded = set(result.stdout.split())
    assert "flatten_lint.cli" in loaded, result.stderr
    heavy = {"flatten_lint.lint", "flatten_lint.discover", "flatten_lint.rules", "libcst", "hashlib", "json", "shutil",
             "tomllib", "importlib.resources", "multiprocessing"}
    assert loaded & heavy == set()
