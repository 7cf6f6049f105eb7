"""``[tool.flatten-lint]``: discovery, precedence against CLI flags, every key, and clear errors."""
from __future__ import annotations

import pytest

from flatten_lint.config import Overrides, UsageError, load_settings
from flatten_lint.settings import DEFAULT_EXCLUDE, Settings

from .conftest import SEED, SEED_LINE, codes_at, run_cli


def _project(tmp_path, config: str, files=("pkg/model.py",)):
    (tmp_path / "pyproject.toml").write_text(config)
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(SEED)
    return tmp_path


def _reported(result) -> list:
    return [path for path, _, code in codes_at(result.stdout) if code == "FL001"]


def test_closest_pyproject_with_the_table_wins(tmp_path):
    _project(tmp_path, '[tool.flatten-lint]\nignore = ["FL001"]\n')
    sub = tmp_path / "pkg"
    (sub / "pyproject.toml").write_text('[project]\nname = "inner"\n')  # no table: skipped
    result = run_cli("--output-format", "concise", ".", cwd=sub)
    assert result.returncode == 0 and result.stdout == ""
    (sub / "pyproject.toml").write_text('[tool.flatten-lint]\nselect = ["FL"]\n')
    assert _reported(run_cli("--output-format", "concise", ".", cwd=sub)) == ["model.py"]


def test_config_flag_and_isolated(tmp_path):
    _project(tmp_path, '[tool.flatten-lint]\nignore = ["FL001"]\n')
    (tmp_path / "other.toml").write_text('[tool.flatten-lint]\nselect = ["FL001"]\n')
    assert _reported(run_cli("--output-format", "concise", "--config", "other.toml", ".",
                             cwd=tmp_path)) == ["pkg/model.py"]
    assert _reported(run_cli("--output-format", "concise", "--isolated", ".",
                             cwd=tmp_path)) == ["pkg/model.py"]
    assert _reported(run_cli("--output-format", "concise", ".", cwd=tmp_path)) == []


def test_cli_select_replaces_config_selection(tmp_path):
    _project(tmp_path, '[tool.flatten-lint]\nselect = ["FL900"]\nignore = ["FL001"]\n')
    assert _reported(run_cli("--output-format", "concise", ".", cwd=tmp_path)) == []
    assert _reported(run_cli("--output-format", "concise", "--select", "FL001", ".",
                             cwd=tmp_path)) == ["pkg/model.py"]


def test_config_extend_select_and_cli_ignore_add_up(tmp_path):
    _project(tmp_path, '[tool.flatten-lint]\nselect = ["FL900"]\nextend-select = ["FL001"]\n')
    assert _reported(run_cli("--output-format", "concise", ".", cwd=tmp_path)) == ["pkg/model.py"]
    assert _reported(run_cli("--output-format", "concise", "--ignore", "FL001", ".",
                             cwd=tmp_path)) == []


def test_per_file_ignores_globs(tmp_path):
    config = '[tool.flatten-lint.per-file-ignores]\n"tests/*" = ["FL001"]\n"legacy_*.py" = ["FL"]\n'
    _project(tmp_path, config, ("tests/sub/t.py", "src/legacy_net.py", "src/net.py"))
    result = run_cli("--output-format", "concise", ".", cwd=tmp_path)
    assert _reported(result) == ["src/net.py"]
    stdin = run_cli("--output-format", "concise", "--stdin-filename", "tests/x.py", "-",
                    cwd=tmp_path, stdin=SEED.encode())
    assert stdin.returncode == 0 and stdin.stdout == ""


def test_exclude_replaces_defaults_and_extend_exclude_adds(tmp_path):
    files = ("build/a.py", "gen/b.py", "src/c.py", "src/skip_me.py")
    _project(tmp_path, '[tool.flatten-lint]\nextend-exclude = ["gen", "src/skip_*.py"]\n', files)
    assert _reported(run_cli("--output-format", "concise", ".", cwd=tmp_path)) == ["src/c.py"]
    _project(tmp_path, '[tool.flatten-lint]\nexclude = ["gen"]\n', ())
    assert _reported(run_cli("--output-format", "concise", ".", cwd=tmp_path)) == [
        "build/a.py", "src/c.py", "src/skip_me.py"]


def test_every_key_reaches_settings(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.flatten-lint]\nselect = ["FL0"]\nignore = ["FL900"]\nextend-select = ["FL9"]\n'
        'exclude = ["a"]\nextend-exclude = ["b"]\nconfirm = true\n'
        '[tool.flatten-lint.per-file-ignores]\n"t/*" = ["FL001"]\n'
        '[tool.flatten-lint.FL003]\nmin-share = 0.5\nmin-params = 10\n')
    settings = load_settings(tmp_path / "pyproject.toml", Overrides())
    assert settings == Settings(select=("FL0", "FL9"), ignore=("FL900",), exclude=("a",),
                                extend_exclude=("b",), per_file_ignores={"t/*": ("FL001",)},
                                confirm=True, fl003_min_share=0.5, fl003_min_params=10)


def test_defaults_without_config():
    assert load_settings(None, Overrides()) == Settings()
    assert load_settings(None, Overrides()).exclude == DEFAULT_EXCLUDE
    assert load_settings(None, Overrides(confirm=True)).confirm is True


@pytest.mark.parametrize("text, message", [
    ("[tool.flatten-lint\n", "invalid TOML"),
    ("[tool.flatten-lint]\nselct = []\n", "unknown key 'selct'"),
    ("[tool.flatten-lint]\nselect = \"FL001\"\n", "select must be a list of strings"),
    ("[tool.flatten-lint]\nignore = [\"FL999\"]\n", "unknown rule code 'FL999'"),
    ("[tool.flatten-lint]\nextend-select = [\"\"]\n", "unknown rule code ''"),
    ("[tool.flatten-lint]\nconfirm = \"yes\"\n", "confirm must be true or false"),
    ("[tool.flatten-lint]\nexclude = [1]\n", "exclude must be a list of glob strings"),
    ("[tool.flatten-lint.per-file-ignores]\n\"a/*\" = [\"X1\"]\n", "unknown rule code 'X1'"),
    ("[tool.flatten-lint.FL003]\nmin-share = 2\n", "min-share must be a number from 0 to 1"),
    ("[tool.flatten-lint.FL003]\nmin-params = 1.5\n", "min-params must be an integer"),
    ("[tool.flatten-lint.FL003]\nmin-params = true\n", "min-params must be an integer"),
    ("[tool.flatten-lint.FL003]\nmax = 1\n", "unknown key 'max'"),
    ("[tool]\nflatten-lint = 3\n", "must be a table"),
])
def test_config_errors_are_one_line_exit_2(tmp_path, text, message):
    _project(tmp_path, text)
    result = run_cli(".", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("flatten-lint: error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr and "pyproject.toml" in result.stderr
    with pytest.raises(UsageError, match=message.replace("[", r"\[").replace(".", r"\.")):
        load_settings(tmp_path / "pyproject.toml", Overrides())


def test_missing_config_file(tmp_path):
    result = run_cli("--config", "nope.toml", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "flatten-lint: error: config file not found: nope.toml\n"


def test_fl003_table_is_accepted(tmp_path):
    _project(tmp_path, '[tool.flatten-lint.FL003]\nmin-share = 0.95\n')
    assert codes_at(run_cli("--output-format", "concise", "pkg", cwd=tmp_path).stdout) == [
        ("pkg/model.py", SEED_LINE, "FL001")]
