"""Bad input never stops the run: a broken file gets at most one clear line; its neighbour's finding stays."""
from __future__ import annotations

import errno
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flatten_lint import cli, runner
from flatten_lint.settings import Settings

from .conftest import SEED, SEED_LINE, codes_at, run_cli

# Enough Keras for any byte prefilter to let the file through to decoding and parsing.
HEADER = b"import keras\nfrom keras import layers\nmodel = keras.Sequential([layers.Dense(2)])\n"
NESTED = HEADER + b"x = " + b"[" * 1000 + b"]" * 1000 + b"\n"


def _seed(newline: str = "\n", encoding: str = "utf-8") -> bytes:
    return SEED.replace("\n", newline).encode(encoding)


# name -> (bytes, what that file must give: [] | [(line or None, code, message fragment)])
CASES = {
    "syntax_error.py": (HEADER + b"def f(:\n", [(None, "FL900", "cannot parse")]),
    "python2_print.py": (HEADER + b'print "hello"\n', [(None, "FL900", "cannot parse")]),
    "null_bytes.py": (HEADER + b"x = 1\0\n", [(4, "FL900", "null bytes")]),
    "binary.py": (bytes(range(256)) * 4, [(1, "FL900", "null bytes")]),
    "undecodable.py": (HEADER + b"# caf\xe9\n", [(4, "FL900", "invalid utf-8 byte 0xe9")]),
    "unknown_cookie.py": (b"# -*- coding: klingon -*-\n" + HEADER, [(1, "FL900", "unknown encoding")]),
    "bom_and_cookie.py": (b"\xef\xbb\xbf# coding: latin-1\n" + HEADER, [(None, "FL900", "encoding problem")]),
    "utf16.py": (SEED.encode("utf-16"), [(1, "FL900", "UTF-16 byte-order mark")]),
    "utf32.py": (SEED.encode("utf-32"), [(1, "FL900", "UTF-32 byte-order mark")]),
    "utf8_bom.py": (b"\xef\xbb\xbf" + _seed(), [(SEED_LINE, "FL001", "")]),
    "latin1_cookie.py": (b"# -*- coding: latin-1 -*-\n" + _seed() + "# café\n".encode("latin-1"),
                         [(SEED_LINE + 1, "FL001", "")]),
    "crlf.py": (_seed("\r\n"), [(SEED_LINE, "FL001", "")]),
    "lone_cr.py": (_seed("\r"), [(SEED_LINE, "FL001", "")]),
    "empty.py": (b"", []),
    "huge.py": (b"x = 1\n" * 50_000 + _seed(), [(50_000 + SEED_LINE, "FL001", "")]),
}


def _check(rows, name, expected):
    got = [(line, code) for path, line, code in rows if path == name]
    assert len(got) == len(expected), (name, rows)
    for index, (want_line, want_code, _) in enumerate(expected):
        line, code = got[index]
        assert code == want_code and (want_line is None or line == want_line), (name, rows)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_next_to_a_positive_one(tmp_path, name):
    data, expected = CASES[name]
    (tmp_path / name).write_bytes(data)
    (tmp_path / "positive.py").write_text(SEED)
    result = run_cli("--output-format", "concise", ".", cwd=tmp_path)
    rows = codes_at(result.stdout)
    assert ("positive.py", SEED_LINE, "FL001") in rows
    _check(rows, name, expected)
    for want in expected:
        assert want[2] in result.stdout
    assert result.returncode == 1 and "FL901" not in result.stdout


def test_deeply_nested_brackets_are_not_an_internal_error(tmp_path):
    (tmp_path / "nested.py").write_bytes(NESTED)
    (tmp_path / "positive.py").write_text(SEED)
    result = run_cli("--output-format", "concise", ".", cwd=tmp_path)
    rows = codes_at(result.stdout)
    assert ("positive.py", SEED_LINE, "FL001") in rows
    assert [code for path, _, code in rows if path == "nested.py"] in ([], ["FL900"])


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_links_and_directories_named_like_files(tmp_path):
    (tmp_path / "positive.py").write_text(SEED)
    os.symlink("missing.py", tmp_path / "broken.py")
    os.symlink("loop.py", tmp_path / "loop.py")
    (tmp_path / "package.py").mkdir()
    (tmp_path / "package.py" / "inner.py").write_text(SEED)
    result = run_cli("--output-format", "concise", ".", cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert "broken.py:1:1: FL900 cannot read: no such file or directory" in lines
    assert "loop.py:1:1: FL900 cannot read: too many levels of symbolic links" in lines
    rows = codes_at(result.stdout)
    assert ("package.py/inner.py", SEED_LINE, "FL001") in rows
    assert ("positive.py", SEED_LINE, "FL001") in rows
    assert len(rows) == 4 and result.returncode == 1
    named = run_cli("--output-format", "concise", "broken.py", "positive.py", cwd=tmp_path)
    assert codes_at(named.stdout) == [("broken.py", 1, "FL900"), ("positive.py", SEED_LINE, "FL001")]


def test_whole_corpus_at_once_in_parallel(tmp_path):
    corpus = {name: case for name, case in CASES.items() if name != "huge.py"}  # huge.py: ~1 min
    for name, (data, _) in corpus.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "nested.py").write_bytes(NESTED)
    (tmp_path / "positive.py").write_text(SEED)
    serial = run_cli("--output-format", "concise", "-j", "1", ".", cwd=tmp_path)
    parallel = run_cli("--output-format", "concise", "-j", "2", ".", cwd=tmp_path)
    assert serial.stdout == parallel.stdout and serial.returncode == parallel.returncode == 1
    rows = codes_at(parallel.stdout)
    for name, (_, expected) in corpus.items():
        _check(rows, name, expected)


def test_unreadable_file_gives_one_line(tmp_path, monkeypatch):
    def denied(path, mode="r"):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)

    monkeypatch.setattr(runner, "open", denied, raising=False)
    findings, traceback = runner.check_file("secret.py", Settings(), tmp_path)
    assert [(f.code, f.message) for f in findings] == [("FL900", "cannot read: permission denied")]
    assert traceback is None


def test_file_vanished_after_listing(tmp_path):
    findings, _ = runner.check_file(str(tmp_path / "gone.py"), Settings(), tmp_path)
    assert [(f.line, f.col, f.code, f.message) for f in findings] == [
        (1, 1, "FL900", "cannot read: no such file or directory")]


def test_ignored_fl900_is_not_reported(tmp_path):
    (tmp_path / "bad.py").write_bytes(HEADER + b"def f(:\n")
    result = run_cli("--ignore", "FL900", "bad.py", cwd=tmp_path)
    assert result.returncode == 0


@pytest.fixture
def crashing_core(monkeypatch):
    import flatten_lint.lint

    def crash(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(flatten_lint.lint, "lint_source", crash)


def test_internal_error_is_one_line_and_exit_2(tmp_path, crashing_core, capsys):
    (tmp_path / "m.py").write_text(SEED)
    (tmp_path / "m2.py").write_text(SEED)
    status = cli.main(["--output-format", "concise", "-j", "1", str(tmp_path)])
    out, err = capsys.readouterr()
    assert status == 2
    assert out.splitlines() == [f"{tmp_path}/m.py:1:1: FL901 internal error: RuntimeError",
                                f"{tmp_path}/m2.py:1:1: FL901 internal error: RuntimeError"]
    assert "Traceback" not in err and "internal error in 2 file(s)" in err
    assert cli.main(["--exit-zero", "-q", "-j", "1", str(tmp_path)]) == 2


def test_verbose_shows_the_internal_traceback(tmp_path, crashing_core, capsys):
    (tmp_path / "m.py").write_text(SEED)
    assert cli.main(["--verbose", str(tmp_path / "m.py")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and "RuntimeError: boom" in err


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_no_text_makes_the_core_crash(tail):
    findings, traceback = runner.check_source(HEADER + tail.encode("utf-8"),
                                              "fuzz.py", Settings())
    assert traceback is None, traceback
    assert all(f.code != "FL901" for f in findings)
