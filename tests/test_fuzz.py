"""Fuzzing the whole pipeline: no input may crash it, lose a result or claim a shape Keras disagrees with.

Three properties, each over a bounded number of generated examples:

* hypothesmith programs (from the grammar and from libcst nodes), put between
  a Keras header and a model with a certain FL001: ``lint_source`` and
  ``runner.check_source`` raise nothing, never give FL901, and the model's
  finding is still reported unless the program could have touched its names;
* random Keras-like model sources (import styles, Sequential lists, ``.add``
  chains, functional chains, catalogue layers with valid and invalid argument
  values, names, calls, splats, f-strings): findings, the summary and ``--fix``
  planning raise nothing, fixed sources parse, and the runner (byte prefilter
  included) reports exactly what ``lint_source`` does;
* a differential: where such a model is fully literal and the static side gives
  its output a complete shape, Keras builds the same model to the same shape.

``FLATTEN_LINT_FUZZ_EXAMPLES`` sets the example count per property (default 60,
half that for the hypothesmith ones: the file runs in well under a minute);
with ``CI`` set the examples are derandomized, the same on every run.
"""
from __future__ import annotations

import ast
import json
import os
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple

import hypothesmith
import pytest
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from flatten_lint import catalogue, runner, summary
from flatten_lint.findings import Finding
from flatten_lint.fix import STYLES, apply_insertions, plan_fixes
from flatten_lint.ir import Layer, Model, Unknown
from flatten_lint.lint import analyze_source, lint_source
from flatten_lint.rules import Analysis
from flatten_lint.settings import Settings
from flatten_lint.shapes import format_shape

EXAMPLES = int(os.environ.get("FLATTEN_LINT_FUZZ_EXAMPLES", "60"))
IN_CI = bool(os.environ.get("CI"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=IN_CI, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])
ALL = Settings(select=("ALL",))
PATH = "fuzz.py"
Draw = Callable[[st.SearchStrategy], Any]


def lint_everything(source: str) -> List[Finding]:
    """Findings of valid Python ``source``, after it went through the summary, ``--fix`` planning
    and the runner too."""
    findings = lint_source(source, PATH, ALL)
    for analysis in summary.models_of(analyze_source(source)):
        table = summary.summarize(analysis, PATH)
        summary.render_text(table)
        json.dumps(summary.to_json(table))
    for style in STYLES:
        insertions, _ = plan_fixes(source, findings, style)
        if insertions:
            ast.parse(apply_insertions(source, insertions))  # a fix never breaks the file
    checked, trace = runner.check_source(source.encode("utf-8", "surrogatepass"), PATH, ALL)
    assert trace is None, trace
    assert checked == findings  # no FL901, and the byte prefilter drops no finding
    return findings


# --- hypothesmith programs ------------------------------------------------------------------

HEADER = "from keras.layers import Conv2D, Dense\nfrom keras.models import Sequential\n"
TRAILER = "model = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), Dense(2)])\n"
TRAILER_NAMES = re.compile(r"\b(Conv2D|Dense|Sequential|model|keras|import|global|nonlocal)\b")
PROGRAMS = {"grammar": hypothesmith.from_grammar(), "node": hypothesmith.from_node()}


@pytest.mark.filterwarnings("ignore::SyntaxWarning")  # hypothesmith compiles odd programs
@pytest.mark.parametrize("kind", sorted(PROGRAMS))
@settings(FUZZ, max_examples=max(1, EXAMPLES // 2))  # generating programs is the slow part
@given(data=st.data())
def test_generated_programs_never_crash_the_pipeline(kind: str, data: st.DataObject) -> None:
    program = data.draw(PROGRAMS[kind], label="program")
    source = HEADER + program + "\n" + TRAILER
    found = lint_everything(source)
    if not TRAILER_NAMES.search(program):  # nothing in the program can touch the model's names
        line = ast.parse(source).body[-1].lineno  # (a lone CR in the program ends a line too)
        assert [(f.line, f.code) for f in found if f.line == line] == [(line, "FL001")], found


# --- random Keras-like model sources ------------------------------------------------------

# style -> (import lines, layer prefix, Sequential, Model, Input); None: ``from keras.layers import <used>``
IMPORTS: Dict[str, Tuple[Optional[str], str, str, str, str]] = {
    "keras": ("import keras", "keras.layers.", "keras.Sequential", "keras.Model", "keras.Input"),
    "tf.keras": ("import tensorflow as tf", "tf.keras.layers.", "tf.keras.Sequential", "tf.keras.Model",
                 "tf.keras.Input"),
    "from tensorflow import keras": ("from tensorflow import keras", "keras.layers.",
                                     "keras.models.Sequential", "keras.models.Model", "keras.layers.Input"),
    "layers, models": ("from keras import layers, models", "layers.", "models.Sequential", "models.Model",
                       "layers.Input"),
    "layers as L": ("from tensorflow.keras import layers as L\n"
                    "from tensorflow.keras.models import Sequential, Model",
                    "L.", "Sequential", "Model", "L.Input"),
    "star": ("from keras.layers import *\nfrom keras.models import *", "", "Sequential", "Model", "Input"),
    "names": (None, "", "Sequential", "Model", "Input"),
}
ALIASES = {"Conv2D": "Convolution2D", "MaxPooling2D": "MaxPool2D", "Conv1D": "Convolution1D",
           "MaxPooling1D": "MaxPool1D", "GlobalAveragePooling2D": "GlobalAvgPool2D"}

# Layers that make sense on a tensor with this many spatial axes (0: flat features).
SPATIAL = {
    1: ["Conv1D", "Conv1D", "SeparableConv1D", "Conv1DTranspose", "MaxPooling1D", "AveragePooling1D",
        "ZeroPadding1D", "Cropping1D", "UpSampling1D", "LSTM", "GRU", "SimpleRNN", "Bidirectional",
        "TimeDistributed", "SpatialDropout1D", "GlobalAveragePooling1D", "GlobalMaxPooling1D"],
    2: ["Conv2D", "Conv2D", "Conv2D", "SeparableConv2D", "DepthwiseConv2D", "Conv2DTranspose", "MaxPooling2D",
        "MaxPooling2D", "AveragePooling2D", "ZeroPadding2D", "Cropping2D", "UpSampling2D", "SpatialDropout2D",
        "GlobalAveragePooling2D", "GlobalMaxPooling2D"],
    3: ["Conv3D", "Conv3DTranspose", "MaxPooling3D", "AveragePooling3D", "ZeroPadding3D", "UpSampling3D",
        "GlobalAveragePooling3D"],
}
ANY_RANK = ["Dense", "Dense", "Dense", "Dropout", "BatchNormalization", "LayerNormalization", "Activation",
            "ReLU", "LeakyReLU", "Flatten", "Flatten", "Reshape", "Permute"]
FLAT = ["Dense", "Dense", "Dropout", "BatchNormalization", "Activation", "RepeatVector"]
OTHER_KINDS = [k for k in catalogue.KINDS if catalogue.role(k) not in ("input", "model")]
WRAPPED = {"Bidirectional": ["LSTM", "GRU", "SimpleRNN"], "TimeDistributed": ["Dense", "Dropout", "Flatten"]}

# Valid source text for the arguments the shape engine reads, by parameter name.
VALID: Dict[str, st.SearchStrategy] = {
    "filters": st.integers(1, 6).map(str),
    "units": st.integers(1, 6).map(str),
    "padding": st.sampled_from(['"valid"', '"same"', '"SAME"']),
    "dilation_rate": st.sampled_from(["1", "2"]),
    "depth_multiplier": st.sampled_from(["1", "2"]),
    "cropping": st.sampled_from(["0", "1"]),
    "rate": st.sampled_from(["0.0", "0.25", "0.5"]),
    "activation": st.sampled_from(['"relu"', '"softmax"', "None", '"linear"', '"sigmoid"']),
    "return_sequences": st.sampled_from(["True", "False"]),
    "keepdims": st.sampled_from(["True", "False"]),
    "use_bias": st.sampled_from(["True", "False"]),
    "target_shape": st.sampled_from(["(-1,)", "(-1, 1)", "(2, -1)"]),
    "dims": st.sampled_from(["(1,)", "(2, 1)", "(1, 2)"]),
    "n": st.integers(1, 3).map(str),
    "axis": st.sampled_from(["-1", "1"]),
    "negative_slope": st.sampled_from(["0.1", "0.3"]),
    "trainable": st.sampled_from(["True", "False"]),
}
SIZES = {"kernel_size": 3, "pool_size": 2, "strides": 2, "size": 2}  # an int or one per axis, 1 to this
REQUIRED = {  # how many leading arguments Keras requires
    "Dense": 1, "Conv1D": 2, "Conv2D": 2, "Conv3D": 2, "SeparableConv1D": 2, "SeparableConv2D": 2,
    "Conv1DTranspose": 2, "Conv2DTranspose": 2, "Conv3DTranspose": 2, "DepthwiseConv2D": 1, "LSTM": 1,
    "GRU": 1, "SimpleRNN": 1, "Dropout": 1, "SpatialDropout1D": 1, "SpatialDropout2D": 1, "Reshape": 1,
    "Permute": 1, "RepeatVector": 1, "Activation": 1, "Bidirectional": 1, "TimeDistributed": 1,
    "AveragePooling1D": 1, "AveragePooling2D": 1, "AveragePooling3D": 1}
# The arguments the shape engine reads sizes from: where the differential draws odd values.
ODD_PARAMS = frozenset({"filters", "units", "kernel_size", "pool_size", "strides", "size", "dilation_rate",
                        "depth_multiplier", "cropping", "padding", "rate", "target_shape", "dims", "n",
                        "axis"})
# Literal values of the wrong size or type (Keras refuses most of them) and folded constants.
ODD_LITERALS = ["0", "-1", "-3", "10**100", "2**40", "2.5", "3.0", "1e-3", "'3'", "'bogus'", "None", "True",
                "()", "(1, 2, 3, 4)", "(2,)", "(0, 0)", "(None, 3)", "[1, 2]", "N", "N * 2", "SHAPE"]
# Values static analysis cannot fold.
NON_LITERALS = ["undefined_name", "f(3)", "cfg['units']", 'f"{N}"', "N if cond else 2", "lambda t: t",
                "np.int64(3)", "len(data)", "*args", "**kwargs"]
CONSTANTS = "N = 4\nSHAPE = (8, 8, 1)\n"


@dataclass
class Source:
    """What a generated module needs: literal values only?, how layers are spelled, which were used."""

    literal: bool
    prefix: str = ""
    used: List[str] = field(default_factory=list)

    def name(self, kind: str) -> str:
        self.used.append(kind)
        return self.prefix + kind


def argument_text(draw: Draw, src: Source, param: str, rank: int) -> str:
    """Source text for one argument: usually valid, sometimes odd, sometimes (not literal) unfoldable."""
    choice = draw(st.integers(0, 19))
    known = param in VALID or param in SIZES
    if (choice == 0 and (param in ODD_PARAMS or not src.literal)) or not known:
        return draw(st.sampled_from(ODD_LITERALS))
    if choice == 1 and not src.literal:
        return draw(st.sampled_from(NON_LITERALS))
    if param in SIZES:
        sizes = st.integers(1, SIZES[param])
        if draw(st.booleans()):
            return str(draw(sizes))
        return "(" + ", ".join(str(draw(sizes)) for _ in range(rank)) + ",)"
    return draw(VALID[param])


def layer_text(draw: Draw, src: Source, kind: str, rank: int) -> str:
    """A call constructing ``kind``, arguments drawn along its catalogue signature, splats last."""
    signature = [p for p in catalogue.signature(kind) if p not in ("name", "dtype", "seed", "weights")]
    count = REQUIRED.get(kind, 0)
    if not src.literal and draw(st.integers(0, 9)) == 0:
        count = draw(st.integers(0, len(signature)))
    rest = [p for p in signature[count:] if p in VALID or p in SIZES]
    named = draw(st.lists(st.sampled_from(rest), unique=True, max_size=3)) if rest else []
    groups: Dict[str, List[str]] = {"plain": [], "*": [], "keyword": [], "**": []}  # the order Python wants
    for index, param in enumerate(signature[:count] + named):
        if param == "layer":
            value = layer_text(draw, src, draw(st.sampled_from(WRAPPED.get(kind, ["Dense"]))), rank)
        else:
            value = argument_text(draw, src, param, rank)
        if value.startswith("*"):
            groups[value[:value.count("*")]].append(value)
        elif index < count:
            groups["plain"].append(value)
        else:
            groups["keyword"].append(f"{param}={value}")
    return f"{src.name(kind)}({', '.join(sum(groups.values(), []))})"


def shape_text(draw: Draw, src: Source, rank: int) -> str:
    """An input shape: ``rank`` spatial axes and a channel axis, now and then odd."""
    if draw(st.integers(0, 14)) == 0:
        return draw(st.sampled_from(ODD_LITERALS if src.literal else ODD_LITERALS + NON_LITERALS[:4]))
    dims = [str(draw(st.integers(3, 12))) for _ in range(rank)] + [str(draw(st.integers(1, 3)))]
    if draw(st.integers(0, 9)) == 0:
        dims[draw(st.integers(0, rank))] = draw(st.sampled_from(["None", "0", "-2", "2.0", "10**100"]))
    return "(" + ", ".join(dims) + ",)"


@st.composite
def model_sources(draw: Draw, literal: bool) -> str:
    """A module defining one Keras model, in a random import style and model form."""
    style = draw(st.sampled_from(sorted(IMPORTS)))
    imports, prefix, sequential, model_class, input_name = IMPORTS[style]
    src = Source(literal, prefix)
    rank = draw(st.sampled_from([0, 1, 1, 2, 2, 2, 3]))
    spatial = rank
    calls = []
    for _ in range(draw(st.integers(1, 6))):
        if not literal and draw(st.integers(0, 11)) == 0:
            kind = draw(st.sampled_from(OTHER_KINDS))
        else:
            kind = draw(st.sampled_from(SPATIAL.get(spatial, []) + ANY_RANK if spatial else FLAT))
        if kind == "Flatten" or kind.startswith("Global") or kind in ("LSTM", "GRU", "SimpleRNN"):
            spatial = 0
        text = layer_text(draw, src, kind, max(rank, 1))
        alias = ALIASES.get(kind) if draw(st.integers(0, 4)) == 0 else None
        calls.append(text.replace(kind + "(", alias + "(", 1) if alias else text)
    if imports is None:
        names = sorted({ALIASES.get(k, k) for k in src.used} | set(src.used) | {"Input"})
        imports = f"from keras.layers import {', '.join(names)}\nfrom keras.models import Sequential, Model"
    shape = shape_text(draw, src, rank)
    form = draw(st.sampled_from(["list", "add", "functional"]))
    if form == "functional":
        body = [f"inputs = {input_name}(shape={shape})", "x = inputs"] + [f"x = {c}(x)" for c in calls]
        body.append(f"model = {model_class}(inputs, x)")
    else:
        start = draw(st.sampled_from(["input_shape", "Input", "none"]))
        if start == "input_shape":
            calls[0] = calls[0][:-1] + ("" if calls[0].endswith("()") else ", ") + f"input_shape={shape})"
        elif start == "Input":
            calls.insert(0, f"{input_name}(shape={shape})")
        if form == "list":
            body = [f"model = {sequential}(["] + [f"    {c}," for c in calls] + ["])"]
        else:
            body = [f"model = {sequential}()"] + [f"model.add({c})" for c in calls]
    if draw(st.booleans()):
        body = ["def build():", *("    " + line for line in body), "    return model", "", "model = build()"]
    return f"{imports}\n{CONSTANTS}\n" + "\n".join(body) + "\n"


@FUZZ
@given(model_sources(literal=False))
def test_random_model_sources_never_crash_the_pipeline(source: str) -> None:
    compile(source, PATH, "exec")  # the generator writes Python
    event(f"{len(lint_everything(source))} findings")


# --- the differential against Keras ---------------------------------------------------------

MAX_PARAMS = 2_000_000  # a model Keras may build here without allocating much


def literal(value: Any) -> bool:
    if isinstance(value, Unknown):
        return False
    if isinstance(value, tuple):
        return all(literal(v) for v in value)
    if isinstance(value, Layer):
        return buildable_layer(value)
    return value is None or isinstance(value, (bool, int, float, str))


def buildable_layer(layer: Layer) -> bool:
    """A Keras 3 layer whose every argument is a literal (keras_build can make it)."""
    entry = catalogue.spec(layer.kind)
    return (entry is not None and entry.keras3 and layer.model is None and layer.kind != "InputLayer"
            and catalogue.role(layer.kind) != "model" and not catalogue.is_legacy(layer)
            and all(key not in catalogue.SPLATS for key, _ in layer.kwargs)
            and all(literal(v) for v in (*layer.args, *(v for _, v in layer.kwargs))))


def complete_shape(shape: Any) -> bool:
    return shape is not None and all(d is None or isinstance(d, int) for d in shape)


def comparable(analysis: Analysis) -> bool:
    """Whether Keras can be asked about this model: complete, literal, with complete output shapes."""
    model = analysis.model
    return (model.complete and all(buildable_layer(n.layer) for n in model.nodes)
            and all(complete_shape(analysis.results[i].shape) for i in model.outputs))


def describe(model: Model) -> str:
    return " -> ".join(f"{n.layer.kind}{n.layer.args}{dict(n.layer.kwargs)}" for n in model.nodes)


@FUZZ
@given(model_sources(literal=True))
def test_complete_static_shapes_are_what_keras_builds(source: str) -> None:
    from .keras_build import build  # imports Keras: only this test needs it

    note(source)
    compared = False
    for analysis in analyze_source(source):
        if not comparable(analysis):
            continue
        model, params = analysis.model, [r.params for r in analysis.results]
        if None in params or sum(params) > MAX_PARAMS:
            event("too large to build")
            continue
        built = build(model)
        for index in model.outputs:
            shape = analysis.results[index].shape
            theirs = built[index] if index < len(built) else built[-1]  # the node Keras refused
            assert theirs.error is None and theirs.shape == shape, (
                f"{describe(model)}\n static: {format_shape(shape)}\n keras: {theirs}")
        compared = True
    event("compared with Keras" if compared else "no complete static shape")


def test_the_differential_sees_models_it_can_build() -> None:
    """Guard against a generator that never yields a comparable model (a test that cannot fail)."""
    seen = []

    @settings(max_examples=40, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(model_sources(literal=True))
    def probe(source: str) -> None:
        seen.extend(comparable(analysis) for analysis in analyze_source(source))

    probe()
    assert sum(seen) >= 5, seen
