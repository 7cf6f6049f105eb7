"""Hostile model code: absurd arguments, self-reference, shadowing, recursion, sheer size.

The case files in tests/cases/hostile carry the expected findings (checked by
test_cases).  Here every one of them also goes through the whole pipeline
(summary, ``--fix`` planning, the runner), the findings they expect are built
by Keras from their literal specs (as ``--confirm`` would), the models they
expect silence on because of a refused argument are refused by Keras, and
generated sources too large for the repository run in a subprocess under a
time limit.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import pytest

from flatten_lint.confirm import Unconfirmable, model_spec
from flatten_lint.confirm_worker import Builder
from flatten_lint.ir import Model
from flatten_lint.lint import analyze_source, lint_source
from flatten_lint.settings import Settings

from .conftest import REPO, codes_at
from .test_cases import expected
from .test_fuzz import lint_everything

HOSTILE = Path(__file__).parent / "cases" / "hostile"
CASES = sorted(HOSTILE.glob("*.py"))
ALL = Settings(select=("ALL",), confirm=True)  # confirm: findings keep their model
TIME_LIMIT = 60.0  # seconds for one file, however large or deep


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_every_hostile_file_is_analysed_by_the_whole_pipeline(path: Path) -> None:
    findings = lint_everything(path.read_text(encoding="utf-8"))
    assert not [f for f in findings if f.code in ("FL900", "FL901")], findings  # it is valid Python


def keras_answer(model: Model) -> Dict[str, Any]:
    """What Keras makes of ``model`` built from its literal spec; Unconfirmable when it has none."""
    keras = pytest.importorskip("keras")
    return Builder(keras).answer(model_spec(model))


def test_expected_findings_are_what_keras_builds() -> None:
    checked = []
    for path in CASES:
        for finding in lint_source(path.read_text(encoding="utf-8"), path.name, ALL):
            try:
                answer = keras_answer(finding.model)
            except Unconfirmable:
                continue
            where = f"{path.name}:{finding.line} {finding.code}"
            if finding.code == "FL001":  # Keras builds it, and the Dense output keeps the feature map
                assert "error" not in answer and max(len(s) for s in answer["shapes"]) > 2, (where, answer)
            else:  # FL004/FL005 say Keras refuses the model
                assert "error" in answer, (where, answer)
            checked.append(where)
    assert len(checked) >= 12, checked


@pytest.mark.parametrize("name", ["absurd_layer_arguments.py", "absurd_input_shapes.py"])
def test_models_left_silent_for_a_refused_argument_are_refused_by_keras(name: str) -> None:
    source = (HOSTILE / name).read_text(encoding="utf-8")
    marked = {line for line, _ in expected(source)}
    refused = []
    for analysis in analyze_source(source):
        model = analysis.model
        if any(node.layer.span.line in marked for node in model.nodes):
            continue
        try:
            assumed = "assumed" in model_spec(model)
        except Unconfirmable:  # 10**100 is no literal we send; Keras's answer was measured by hand
            continue
        if not assumed:
            answer = keras_answer(model)
            assert "error" in answer, (name, model.span.line, answer)
            refused.append(model.span.line)
    assert len(refused) >= 4, refused


# --- generated sources, run in a subprocess under a time limit ------------------------------

HEADER = ("from tensorflow.keras import Input, Model, Sequential\n"
          "from tensorflow.keras.layers import Conv2D, Dense, Dropout, Flatten, Reshape\n")
FIRST = "Conv2D(4, 3, input_shape=(8, 8, 1))"
SEED = f"seed = Sequential([{FIRST}, Dense(2)])  # a finding that must survive\n"
N = 10_000


def deep_layers(form: str) -> str:
    """A model of 10,000 Dropout layers between a convolution and a Dense, in one of three forms."""
    if form == "list":
        return f"model = Sequential([\n    {FIRST},\n" + "    Dropout(0.1),\n" * N + "    Dense(2),\n])\n"
    if form == "add":
        return f"model = Sequential()\nmodel.add({FIRST})\n" + "model.add(Dropout(0.1))\n" * N \
            + "model.add(Dense(2))\n"
    return "x = inputs = Input((8, 8, 1))\nx = Conv2D(4, 3)(x)\n" + "x = Dropout(0.1)(x)\n" * N \
        + "x = Dense(2)(x)\nmodel = Model(inputs, x)\n"


def helper_chain(depth: int) -> str:
    """``depth`` helpers, each calling the next; the last adds the Flatten."""
    helpers = "".join(f"def level{i}(model):\n    level{i + 1}(model)\n\n" for i in range(depth))
    return (helpers + f"def level{depth}(model):\n    model.add(Flatten())\n\n"
            + f"model = Sequential([{FIRST}])\nlevel0(model)\nmodel.add(Dense(2))\n")


def dims(count: int) -> str:
    return "(" + ", ".join(["8"] * count) + ")"


# name -> (source after HEADER, the Dense lines FL001 must be reported on: the rest must be silent)
GENERATED: Dict[str, Tuple[str, Callable[[str], List[int]]]] = {
    **{f"10000_layers_{form}": (deep_layers(form), lambda s: [s.count("\n", 0, s.index("Dense(2)")) + 1])
       for form in ("list", "add", "functional")},
    "1000_helpers_deep": (helper_chain(1000), lambda s: []),
    "1000_calls_chained": (SEED + "pipeline = data" + ".map(f)" * 1000 + "\n", lambda s: [3]),
    "30_calls_chained": (SEED + "pipeline = data" + ".map(f)" * 30 + "\n", lambda s: [3]),
    "190_calls_nested": (SEED + "value = " + "f(" * 190 + "1" + ")" * 190 + "\n", lambda s: [3]),
    "1000_term_sum": (SEED + "total = " + " + ".join(["1"] * 1000) + "\n", lambda s: [3]),
    "100000_dim_input_shape": (f"model = Sequential([Conv2D(4, 3, input_shape={dims(100_000)}), Dense(2)])\n",
                               lambda s: []),
    "100000_dim_reshape": (f"model = Sequential([Input({dims(100_000)}), Reshape({dims(100_000)}), "
                           "Dense(2)])\n", lambda s: []),
    "100000_dim_tuple_sliced": (f"shape = {dims(100_000)}\n"
                                "model = Sequential([Conv2D(4, 3, input_shape=shape[:3]), Dense(2)])\n",
                                lambda s: [4]),
}


def run_timed(tmp_path: Path, source: str) -> Tuple[subprocess.CompletedProcess, float]:
    """``flatten-lint`` on ``source`` in a subprocess: its result and its time (TIME_LIMIT at most)."""
    path = tmp_path / "hostile.py"
    path.write_text(source, encoding="utf-8")
    paths = (str(REPO), os.environ.get("PYTHONPATH"))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in paths if p))
    command = [sys.executable, "-m", "flatten_lint", "--isolated", "--no-cache", "--select", "ALL",
               "--output-format", "concise", path.name]
    start = time.monotonic()
    try:
        result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True,
                                timeout=TIME_LIMIT, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"not done after {TIME_LIMIT:.0f} s")
    return result, time.monotonic() - start


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_hostile_source_is_linted_in_time(tmp_path: Path, name: str) -> None:
    body, lines = GENERATED[name]
    source = HEADER + body
    result, seconds = run_timed(tmp_path, source)
    print(f"{name}: {seconds:.1f} s")
    assert "Traceback" not in result.stderr, result.stderr
    got = [(line, code) for _, line, code in codes_at(result.stdout)]
    assert got == [(line, "FL001") for line in lines(source)], (got, result.stderr)
