"""Output formats: exact shapes in-process, and each format end to end; SARIF against the official schema."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from flatten_lint.findings import Finding, Fix
from flatten_lint.report import FORMATS, artifact_uri, catalogue, render, rule_url, statistics

from .conftest import EXAMPLES, SEED_LINE, run_cli

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
FIX = Fix("insert Flatten() before this Dense", "Flatten")
FINDINGS = [
    Finding("src/net.py", 3, 5, "FL001", "Dense on (None, 1, 15, 32)", 3, 40, FIX),
    Finding("src/net.py", 9, 1, "FL900", "cannot parse: bad, worse: 100%"),
    Finding("src/a b.py", 2, 7, "FL001", "Dense on (None, 4, 4, 8)", 2, 30, verdict="confirmed"),
]


def _validate_sarif(text: str) -> dict:
    log = json.loads(text)
    jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(log)
    return log


def test_rule_url_points_at_the_rule_doc():
    assert rule_url("FL001") == "https://github.com/flatten-lint/flatten-lint/blob/main/docs/rules/FL001.md"


def test_concise_and_text_lines():
    concise = render(FINDINGS, "concise", Path.cwd()).splitlines()
    assert concise[0] == "src/net.py:3:5: FL001 Dense on (None, 1, 15, 32)"
    assert len(concise) == 3
    text = render(FINDINGS, "text", Path.cwd()).splitlines()
    assert text[:2] == [concise[0], "    help: insert Flatten() before this Dense"]
    assert "    confirm: confirmed" in text


def test_json_objects_have_exactly_the_documented_keys():
    data = json.loads(render(FINDINGS, "json", Path.cwd()))
    assert data[0] == {"path": "src/net.py", "line": 3, "col": 5, "end_line": 3, "end_col": 40,
                       "code": "FL001", "message": "Dense on (None, 1, 15, 32)",
                       "url": rule_url("FL001"),
                       "fix": {"description": FIX.description, "layer": "Flatten"}}
    assert data[1]["fix"] is None and "verdict" not in data[1]
    assert data[2]["verdict"] == "confirmed"
    lines = render(FINDINGS, "json-lines", Path.cwd()).splitlines()
    assert [json.loads(line) for line in lines] == data


def test_github_annotations_escape_properties_and_data():
    lines = render(FINDINGS, "github", Path.cwd()).splitlines()
    assert lines[0] == ("::error file=src/net.py,line=3,col=5,endLine=3,endColumn=40,"
                        "title=FL001::Dense on (None, 1, 15, 32)")
    assert lines[1] == "::error file=src/net.py,line=9,col=1,title=FL900::cannot parse: bad, worse: 100%25"


def test_sarif_is_valid_and_complete(tmp_path):
    log = _validate_sarif(render(FINDINGS, "sarif", tmp_path.parent))
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(catalogue())
    assert all(r["helpUri"] == rule_url(r["id"]) and r["shortDescription"]["text"] for r in rules)
    first = run["results"][0]
    assert rules[first["ruleIndex"]]["id"] == first["ruleId"] == "FL001"
    location = first["locations"][0]["physicalLocation"]
    assert location["region"] == {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 40}
    second = run["results"][1]["locations"][0]["physicalLocation"]
    assert second["region"] == {"startLine": 9, "startColumn": 1}
    prints = [r["partialFingerprints"]["flattenLint/v1"] for r in run["results"]]
    assert len(set(prints)) == 3


def test_sarif_fingerprints_survive_line_moves_and_tell_twins_apart():
    moved = [Finding(f.path, f.line + 10, f.col, f.code, f.message) for f in FINDINGS]
    twice = FINDINGS[:1] * 2

    def prints(findings):
        log = json.loads(render(findings, "sarif", Path.cwd()))
        return [r["partialFingerprints"]["flattenLint/v1"] for r in log["runs"][0]["results"]]

    assert prints(FINDINGS) == prints(moved)
    assert len(set(prints(twice))) == 2


def test_artifact_uris_are_relative_posix_and_encoded(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert artifact_uri("src/a b.py", tmp_path) == "src/a%20b.py"
    assert artifact_uri(str(tmp_path / "pkg" / "m.py"), tmp_path) == "pkg/m.py"
    assert artifact_uri("pkg/m.py", tmp_path / "pkg") == "m.py"
    outside = artifact_uri("/elsewhere/m.py", tmp_path)
    assert outside == "file:///elsewhere/m.py"


def test_statistics_table_and_json():
    table = statistics(FINDINGS, "text").splitlines()
    assert table == [f"    2\tFL001\t{catalogue()['FL001'].name}", "    1\tFL900\tcannot-parse"]
    assert json.loads(statistics(FINDINGS, "json"))[0] == {
        "code": "FL001", "name": catalogue()["FL001"].name, "count": 2}


@pytest.fixture
def project(tmp_path):
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    return tmp_path


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_each_format_end_to_end(project, fmt):
    result = run_cli("--output-format", fmt, "examples", cwd=project)
    assert result.returncode == 1
    out = result.stdout
    path = "examples/seed_without_flatten.py"
    if fmt in ("text", "concise"):
        assert out.startswith(f"{path}:{SEED_LINE}:")
    elif fmt == "json":
        [item] = json.loads(out)
        assert (item["path"], item["line"], item["code"]) == (path, SEED_LINE, "FL001")
    elif fmt == "json-lines":
        [line] = out.splitlines()
        assert json.loads(line)["line"] == SEED_LINE
    elif fmt == "github":
        assert out.startswith(f"::error file={path},line={SEED_LINE},col=")
        assert out.count("\n") == 1 and "title=FL001::" in out
    else:
        [result_] = _validate_sarif(out)["runs"][0]["results"]
        location = result_["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == path
        assert location["region"]["startLine"] == SEED_LINE


def test_sarif_uris_are_relative_to_the_project_root(project):
    (project / "pyproject.toml").write_text("[tool.flatten-lint]\n")
    result = run_cli("--output-format", "sarif", ".", cwd=project / "examples")
    [item] = _validate_sarif(result.stdout)["runs"][0]["results"]
    assert item["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "examples/seed_without_flatten.py")


def test_sarif_without_findings_is_valid(project):
    result = run_cli("--output-format", "sarif", "examples/seed_with_flatten.py", cwd=project)
    assert result.returncode == 0
    assert _validate_sarif(result.stdout)["runs"][0]["results"] == []


def test_notebook_cells_in_every_format(tmp_path):
    found = [Finding("nb.ipynb", 3, 5, "FL001", "Dense on (None, 4, 4, 8)", 3, 20, cell=2)]
    assert render(found, "concise", tmp_path) == "nb.ipynb:cell 2:3:5: FL001 Dense on (None, 4, 4, 8)\n"
    assert json.loads(render(found, "json", tmp_path))[0]["cell"] == 2
    assert "title=FL001 (cell 2)::" in render(found, "github", tmp_path)
    [result] = _validate_sarif(render(found, "sarif", tmp_path))["runs"][0]["results"]
    assert result["properties"] == {"cell": 2}
