"""--confirm: specs, the worker protocol, verdicts from real Keras, the cache, and failures."""
from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from importlib import metadata
from pathlib import Path

import pytest

from flatten_lint import confirm
from flatten_lint.cache import Cache
from flatten_lint.confirm import Unconfirmable, confirm_findings, model_spec
from flatten_lint.confirm_worker import environment
from flatten_lint.findings import Finding
from flatten_lint.ir import Layer, Model, Node, Span, Unknown
from flatten_lint.lint import analyze_source, lint_source
from flatten_lint.settings import Settings

from .conftest import SEED, SEED_CLEAN, SEED_LINE

CASES = Path(__file__).resolve().parent / "cases"
POSIX = pytest.mark.skipif(os.name != "posix", reason="fake interpreters are shell scripts")
# A guard only (CI installs Keras); find_spec, as the worker imports Keras, not this process.
NO_KERAS = importlib.util.find_spec("keras") is None

SIDE_EFFECTS = """\
import sys
from tensorflow import keras
open({marker!r}, "w").write("the file ran")
model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    keras.layers.Conv2D(8, 3),
    keras.layers.Dense(10),
])
sys.exit(3)
"""
UNKNOWN_ARG = """\
from tensorflow import keras
model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    keras.layers.Conv2D(__import__("os").system("touch {marker}"), 3),
    keras.layers.Dense(10),
])
"""
BUILT = (CASES / "real" / "subclassed_cnn_forgot_flatten.py").read_text(encoding="utf-8")
SUBCLASSED = BUILT.replace("net.build((None, 28, 28, 1))\n", "")  # no input shape stated anywhere
assert SUBCLASSED != BUILT
KERAS1 = (CASES / "real" / "keras1_convolution2d_no_flatten.py").read_text(encoding="utf-8")
NESTED = (CASES / "real" / "nested_sequential_feature_block.py").read_text(encoding="utf-8")
BRANCHES = (CASES / "real" / "two_branch_concat_dense.py").read_text(encoding="utf-8")
UNBUILDABLE = SEED.replace("kernel_size=(2, 1)", "kernel_size=(5, 1)")  # taller than the input
assert UNBUILDABLE != SEED
PLANTED = 'open({marker!r}, "w").write("imported")\nraise SystemExit(4)\n'


def fl001(source: str, path: str) -> Finding:
    found = [f for f in lint_source(source, path, Settings(confirm=True)) if f.code == "FL001"]
    assert len(found) == 1, found
    return found[0]


def blamed(model_source: str, path: str) -> Finding:
    """An FL001 finding on the first Dense of a model that may not deserve it (a fake static bug)."""
    model = analyze_source(model_source)[0].model
    span = next(n.layer.span for n in model.nodes if n.layer.kind == "Dense")
    return Finding(path, span.line, span.col, "FL001", "Dense receives a feature map", model=model)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One confirm run (one worker, one Keras import) over every case the Keras tests need.

    It runs from a directory holding planted ``keras.py``/``tensorflow.py`` files
    that would write a marker if anything imported them.
    """
    if NO_KERAS:
        pytest.skip("Keras is not installed")
    root = tmp_path_factory.mktemp("confirm")
    markers = {name: root / f"{name}.marker" for name in ("file", "arg", "planted")}
    for module in ("keras", "tensorflow"):
        (root / f"{module}.py").write_text(PLANTED.format(marker=str(markers["planted"])))
    side = root / "side_effects.py"
    side.write_text(SIDE_EFFECTS.format(marker=str(markers["file"])))
    findings = [
        fl001(SEED, "seed.py"),
        fl001(side.read_text(), str(side)),
        fl001(UNKNOWN_ARG.format(marker=markers["arg"]), "unknown_arg.py"),
        fl001(SUBCLASSED, "subclassed.py"),
        fl001(KERAS1, "keras1.py"),
        fl001(NESTED, "nested.py"),
        fl001(BRANCHES, "branches.py"),
        blamed(SEED_CLEAN, "clean.py"),
        blamed(UNBUILDABLE, "unbuildable.py"),
        Finding("other.py", 1, 1, "FL002", "not for --confirm", model=None),
    ]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        confirmed, warnings = confirm_findings(findings, cache_dir=root / "cache")
    return {"findings": findings, "confirmed": {f.path: f for f in confirmed}, "warnings": warnings,
            "markers": markers, "cache": root / "cache"}


def keras_version() -> str:
    return metadata.version("keras")


def test_seed_model_is_confirmed_with_the_keras_shape(run):
    seed = run["confirmed"]["seed.py"]
    assert seed.verdict == "confirmed"
    assert seed.line == SEED_LINE
    assert seed.message.endswith(f" [confirmed by Keras {keras_version()}: output (None, 1, 15, 2)]")


def test_the_users_file_never_runs(run):
    finding = run["confirmed"][run["findings"][1].path]
    assert finding.verdict == "confirmed"
    assert "output (None, 26, 26, 10)" in finding.message
    assert not run["markers"]["file"].exists()


def test_nothing_from_the_current_directory_is_imported(run):
    assert not run["markers"]["planted"].exists()


def test_a_non_literal_argument_is_never_evaluated(run):
    finding = run["confirmed"]["unknown_arg.py"]
    assert finding.verdict == "unconfirmable: Conv2D argument filters is not a literal"
    assert finding.message.endswith(" [static only: Conv2D argument filters is not a literal]")
    assert not run["markers"]["arg"].exists()


def test_unknown_input_shape_is_built_on_a_stated_assumption(run):
    finding = run["confirmed"]["subclassed.py"]
    assert finding.verdict == "confirmed"
    assert "on an assumed (None, 32, 32, 3) input: output (None, 15, 15, 10)]" in finding.message


@pytest.mark.parametrize("path, output", [("nested.py", "(None, 14, 14, 3)"),
                                          ("branches.py", "(None, 32, 32, 1)")])
def test_nested_models_and_merges_are_built(run, path, output):
    assert run["confirmed"][path].message.endswith(f": output {output}]")


def test_keras1_arguments_are_unconfirmable(run):
    assert run["confirmed"]["keras1.py"].verdict == \
        "unconfirmable: Keras 1 argument border_mode= (Keras 3 rejects it)"


def test_refuted_findings_are_dropped_with_a_warning(run):
    assert "clean.py" not in run["confirmed"] and "unbuildable.py" not in run["confirmed"]
    clean, broken = (next(w for w in run["warnings"] if f" {path}:" in w)
                     for path in ("clean.py", "unbuildable.py"))
    line = next(f.line for f in run["findings"] if f.path == "clean.py")
    assert clean == (f"flatten-lint: warning: Keras disagrees with FL001 at clean.py:{line} "
                     f"(Keras {keras_version()} output (None, 2)): please report this bug")
    assert "cannot build the model: ValueError" in broken and broken.endswith("please report this bug")


def test_other_codes_pass_through(run):
    assert run["confirmed"]["other.py"] == run["findings"][-1]
    assert run["confirmed"]["other.py"].verdict is None


class NoWorker(confirm.Worker):
    """A worker that must not be needed."""

    def __init__(self, python: str) -> None:
        raise AssertionError("a worker was started")


def test_cached_answers_need_no_worker(run, monkeypatch):
    monkeypatch.setattr(confirm, "Worker", NoWorker)
    again, warnings = confirm_findings(run["findings"], cache_dir=run["cache"])
    assert {f.path: f for f in again} == run["confirmed"]
    assert warnings == [w for w in run["warnings"] if "disagrees" in w]


def test_no_cache_and_a_changed_model_both_miss(run, monkeypatch):
    started = []

    class Refused(confirm.Worker):
        def __init__(self, python: str) -> None:
            started.append(python)
            raise confirm.WorkerFailure("cannot start the Keras worker", "refused by the test")

    monkeypatch.setattr(confirm, "Worker", Refused)
    seed = run["findings"][0]
    for findings, use_cache in (([seed], False), ([fl001(SEED.replace("100", "64"), "seed.py")], True)):
        (result,), warnings = confirm_findings(findings, use_cache=use_cache, cache_dir=run["cache"])
        assert result.verdict == "unconfirmable: cannot start the Keras worker"
        assert warnings == ["flatten-lint: warning: refused by the test"]
    assert len(started) == 2


def test_unconfirmable_findings_send_nothing(monkeypatch, tmp_path):
    monkeypatch.setattr(confirm, "Worker", NoWorker)
    source = UNKNOWN_ARG.format(marker=tmp_path / "x")
    (finding,), warnings = confirm_findings([fl001(source, "a.py")], cache_dir=tmp_path)
    assert finding.verdict.startswith("unconfirmable: ") and warnings == []


@pytest.mark.skipif(NO_KERAS, reason="Keras is not installed")
def test_the_worker_answers_and_rejects_by_itself():
    seed_spec = model_spec(fl001(SEED, "seed.py").model)
    layer = {"class": "Dense", "args": [2], "kwargs": {}}
    requests = [seed_spec] + [
        {"nodes": [{"layer": {"class": "Input", "args": [[4]], "kwargs": {}}, "inputs": [], "merge": False},
                   {"layer": bad, "inputs": [0], "merge": False}], "outputs": [1]}
        for bad in ({"class": "Lambda", "args": [], "kwargs": {}},
                    {"class": "TFSMLayer", "args": ["saved"], "kwargs": {}},
                    {"class": "TimeDistributed", "args": [{"class": "os.system", "args": ["x"]}]},
                    {**layer, "class": "__import__"}, layer)]
    text = "".join(json.dumps({"id": i, "model": spec}) + "\n" for i, spec in enumerate(requests))
    env = dict(os.environ, PYTHONPATH=str(Path(confirm.__file__).parent.parent), TF_CPP_MIN_LOG_LEVEL="3")
    done = subprocess.run([sys.executable, "-m", "flatten_lint.confirm_worker"], input=text,
                          capture_output=True, text=True, timeout=600, env=env, check=True)
    ready, *answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert ready == {"ready": True, "keras": keras_version(), "backend": environment()["backend"]}
    assert answers[0] == {"id": 0, "shapes": [[None, 1, 15, 2]], "params": 13698}
    assert [sorted(a) for a in answers[1:5]] == [["id", "rejected"]] * 4
    assert answers[5] == {"id": 5, "shapes": [[None, 2]], "params": 10}


def test_missing_keras_is_reported_with_the_install_command(monkeypatch, tmp_path):
    (tmp_path / "keras.py").write_text("raise ModuleNotFoundError(\"No module named 'keras'\")\n")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    (finding,), warnings = confirm_findings([fl001(SEED, "seed.py")], use_cache=False)
    assert finding.verdict == "unconfirmable: Keras is not installed (pip install 'flatten-lint[confirm]')"
    assert len(warnings) == 1 and "No module named 'keras'" in warnings[0]
    assert warnings[0].endswith("install it with: pip install 'flatten-lint[confirm]'")


def fake_python(tmp_path: Path, then: str) -> str:
    """A stand-in interpreter: says Keras is ready, then runs the shell command ``then``."""
    script = tmp_path / "python"
    script.write_text("#!/bin/sh\n"
                      "echo '{\"ready\": true, \"keras\": \"3.0.0\", \"backend\": \"tensorflow\"}'\n"
                      f"{then}\n")
    script.chmod(0o755)
    return str(script)


@POSIX
def test_a_worker_crash_is_reported_not_raised(monkeypatch, tmp_path):
    monkeypatch.setenv(confirm.PYTHON_VARIABLE, fake_python(tmp_path, "read line; echo boom >&2; exit 3"))
    findings = [fl001(SEED, "seed.py"), fl001(SEED.replace("100", "64"), "seed2.py")]
    result, warnings = confirm_findings(findings, use_cache=False)
    assert [f.verdict for f in result] == ["unconfirmable: Keras worker crashed"] * 2
    assert warnings[0] == ("flatten-lint: warning: the Keras worker stopped (exit status 3) "
                           "building a model: boom")


@POSIX
def test_a_hanging_worker_times_out(monkeypatch, tmp_path):
    monkeypatch.setenv(confirm.PYTHON_VARIABLE, fake_python(tmp_path, "exec sleep 60"))
    (finding,), warnings = confirm_findings([fl001(SEED, "seed.py")], use_cache=False, timeout=0.5)
    assert finding.verdict == "unconfirmable: timeout after 0.5 s"
    assert warnings == ["flatten-lint: warning: the Keras worker took over 0.5 s building a model"]


def test_an_interpreter_that_cannot_run_is_reported(monkeypatch, tmp_path):
    monkeypatch.setenv(confirm.PYTHON_VARIABLE, str(tmp_path / "no-such-python"))
    (finding,), warnings = confirm_findings([fl001(SEED, "seed.py")], cache_dir=tmp_path)
    assert finding.verdict == "unconfirmable: cannot start the Keras worker"
    assert warnings[0].startswith(f"flatten-lint: warning: cannot run {tmp_path / 'no-such-python'}")


# --------------------------------------------------------------------------- specs, no Keras

def model_of(*layers: Layer, complete: bool = True) -> Model:
    nodes = (Node(Layer("Input", kwargs=(("shape", (8, 8, 3)),))),
             *(Node(layer, (i,)) for i, layer in enumerate(layers)))
    return Model("sequential", Span(1, 1, 1, 1), nodes, (len(layers),), complete=complete)


@pytest.mark.parametrize("layer, reason", [
    (Layer("Conv2D", (8, 3), (("*", Unknown("splat")),)), "Conv2D gets *-unpacked arguments"),
    (Layer("Dense", (Unknown("name 'n'"),)), "Dense argument units is not a literal"),
    (Layer("Dense", (4,), (("activation", Unknown()),)), "Dense argument activation is not a literal"),
    (Layer("Reshape", ((2, Unknown()),)), "Reshape argument target_shape is not a literal"),
    (Layer("?", text="MyBlock()"), "unknown layer MyBlock()"),
    (Layer("Lambda", (Unknown(),)), "--confirm does not build Lambda"),
    (Layer("LocallyConnected2D", (8, 3)), "LocallyConnected2D is not in Keras 3"),
    (Layer("Conv2D", (8, 3, 3), text="Convolution2D"), "Convolution2D is called the Keras 1 way"),
    (Layer("TimeDistributed", (Layer("Dense", (float("nan"),)),)), "Dense argument units cannot be sent"),
])
def test_what_cannot_be_sent(layer, reason):
    with pytest.raises(Unconfirmable, match=re.escape(reason)):
        model_spec(model_of(layer))


def test_an_incomplete_model_is_not_sent():
    with pytest.raises(Unconfirmable, match="could not be followed"):
        model_spec(model_of(Layer("Dense", (4,)), complete=False))


def test_specs_are_literal_json():
    inner = Layer("Conv2D", (8, (3, 3)), (("padding", "same"),))
    spec = model_spec(model_of(Layer("TimeDistributed", (inner,)), Layer("Dense", (2,))))
    assert json.loads(json.dumps(spec)) == spec
    assert spec["nodes"][1]["layer"] == {"class": "TimeDistributed", "kwargs": {}, "args": [
        {"class": "Conv2D", "args": [8, [3, 3]], "kwargs": {"padding": "same"}}]}
    assert "assumed" not in spec


def test_an_input_is_assumed_only_where_the_size_cannot_matter():
    unknown = Node(Layer("Input", kwargs=(("shape", Unknown("no input shape")),)))

    def spec(*layers: Layer) -> dict:
        return model_spec(replace(model_of(*layers), nodes=(unknown, *model_of(*layers).nodes[1:])))

    assert spec(Layer("BatchNormalization"), Layer("Conv1D", (8, 3)), Layer("Dense", (2,)))["assumed"] \
        == [[32, 3]]
    for layers in ((Layer("Conv2D", (8, 3)), Layer("Flatten"), Layer("Dense", (2,))),
                   (Layer("Dense", (8,)), Layer("Dense", (2,)))):
        with pytest.raises(Unconfirmable, match="input shape unknown"):
            spec(*layers)


# --------------------------------------------------------------------------- cache and environment

def test_cache_round_trip_and_corruption(tmp_path):
    cache = Cache(tmp_path / "c")
    assert cache.get("k") is None
    cache.put("k", {"a": [1, None]})
    assert cache.get("k") == {"a": [1, None]} and Cache(tmp_path / "c").get("k") == {"a": [1, None]}
    assert cache.get("other") is None
    (entry,) = (tmp_path / "c").glob("*.json")
    entry.write_text('{"key": "k", "val')
    assert cache.get("k") is None
    entry.write_text(json.dumps({"key": "not k", "value": 1}))
    assert cache.get("k") is None
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == [".gitignore", entry.name]


def test_an_unwritable_cache_is_skipped(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    Cache(blocker / "c").put("k", 1)
    assert Cache(blocker / "c").get("k") is None


def test_environment_reads_the_backend_without_keras(monkeypatch, tmp_path):
    (tmp_path / "keras.json").write_text(json.dumps({"backend": "jax"}))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.delenv("KERAS_BACKEND", raising=False)
    assert environment()["backend"] == "jax"
    monkeypatch.setenv("KERAS_BACKEND", "torch")
    assert environment()["backend"] == "torch"
