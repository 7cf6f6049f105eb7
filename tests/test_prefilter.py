"""The prefilter never skips a file the analysis reports on: case files, a grammar of Keras
code under hypothesis, every reportable catalogue name, and the scanner's hard cases."""
from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from flatten_lint import catalogue
from flatten_lint.lint import lint_source
from flatten_lint.prefilter import (LAYER_NAMES, MODEL_NAMES, may_contain_model, notebook_may_contain_model,
                                    source_may_contain_model)
from flatten_lint.rules import RULES
from flatten_lint.runner import decode
from flatten_lint.settings import Settings

from .conftest import EXAMPLES

ALL = Settings(select=("ALL",))
CASES = Path(__file__).parent / "cases"
REPORTED_ROLES = ("dense", "flatten", "conv", "pool")  # the roles of the layers rules report on


def _codes(source: str) -> set:
    """The rule codes reported on ``source``.  (FL900, a file that does not parse, is reported only
    for files that may hold a model: a syntax error elsewhere is not this linter's business.)"""
    return {f.code for f in lint_source(source, "m.py", ALL) if not f.code.startswith("FL9")}


# ----------------------------------------------------------------------------- the corpus

@pytest.mark.parametrize("path", sorted(CASES.rglob("*.py")) + sorted(EXAMPLES.rglob("*.py")),
                         ids=lambda p: p.name)
def test_every_case_with_findings_passes(path):
    data = path.read_bytes()
    if _codes(decode(data)):
        assert may_contain_model(data)


def test_every_rule_example_with_findings_passes():
    examples = [source for rule in RULES for source in (*rule.valid, *rule.invalid)]
    flagged = [source for source in examples if _codes(source)]
    assert flagged and all(may_contain_model(source.encode()) for source in flagged)


def test_every_reportable_catalogue_name_is_a_layer_name():
    import re

    names = set(catalogue.KINDS) | set(catalogue._ALIASES)  # canonical classes and their aliases
    reported = {n for n in names if catalogue.role(catalogue.canonical(n)) in REPORTED_ROLES}
    models = {n for n in names if catalogue.role(catalogue.canonical(n)) == "model"}
    assert {"Dense", "Conv2D", "MaxPool2D", "LocallyConnected2D", "Convolution2D"} <= reported
    assert models == {"Sequential", "Model", "Functional"}
    assert all(re.fullmatch(LAYER_NAMES, n.encode()) for n in reported), sorted(reported)
    assert all(re.fullmatch(MODEL_NAMES, n.encode()) for n in models)


# ----------------------------------------------------------------------------- a grammar of Keras code

_IMPORTS = [  # (import lines, prefix of layers, of models, of Input); "": names imported bare
    ("import keras", "keras.layers.", "keras.", "keras."),
    ("from tensorflow import keras", "keras.layers.", "keras.models.", "keras."),
    ("import tensorflow as tf", "tf.keras.layers.", "tf.keras.", "tf.keras."),
    ("from keras import layers as L, models as M", "L.", "M.", "L."),
    ("from keras.layers import *\nfrom keras.models import *", "", "", ""),
    ("", "", "", ""),  # a snippet without imports
    ("from keras import layers\nfrom keras import Model, Sequential, Input", "layers.", "", ""),
]
_SHAPES = ["(28, 28, 1)", "(28, 28)", "(4, 4, 1)", "(224, 224, 3)", "(None, None, 3)", "(10,)",
           "(64, 3)", "(16, 16, 16, 1)"]
_FEATURES = ["Conv2D(32, 3)", "Conv2D(16, (2, 1), activation='relu')", "Convolution2D(8, 3, 3)",
             "Conv1D(8, 3, strides=2)", "Conv3D(4, 3)", "SeparableConv2D(8, 3)", "LocallyConnected2D(4, 3)",
             "MaxPooling2D(2)", "MaxPool2D()", "AvgPool1D(2)", "Dropout(0.5)", "BatchNormalization()",
             "Reshape((4, 4, 1))", "ResNet50(include_top=False, input_shape=(64, 64, 3))",
             "MobileNetV2(weights=None)"]
_HEADS = [(), ("Dense(10)",), ("Flatten()", "Dense(10)"), ("Flatten()", "Dense(128, activation='relu')"),
          ("GlobalAveragePooling2D()", "Dense(10)"),
          ("Flatten()", "Dropout(0.5)", "Dense(1, activation='softmax')"),
          ("Dense(1, activation='softmax')",), ("Flatten()",)]
_NOISE = ['"""Builds a keras.Sequential([Dense(1)]) model."""', "# Model: Conv2D then Dense",
          "note = 'it''s a Model'", 'label = f"{len(\'Dense\')} units"', "%matplotlib inline",
          "!pip install \"tensorflow\"", "# café ünïcode", "x = {'Flatten': 1}['Flatten']"]

_TAILS = ["", 'print "trained"', "history = model.fit(x, y,", "def broken(:"]


def _fullwidth(name: str) -> str:
    """``name`` with a fullwidth first letter: Python reads the identifier as ``name`` (NFKC)."""
    return chr(ord(name[0]) - ord("A") + ord("\uff21")) + name[1:] if name[:1].isupper() else name


@st.composite
def keras_sources(draw) -> str:
    imports, lp, mp, ip = draw(st.sampled_from(_IMPORTS))
    layers = [*draw(st.lists(st.sampled_from(_FEATURES), max_size=3)), *draw(st.sampled_from(_HEADS))]
    shape = draw(st.sampled_from(_SHAPES))
    wide = draw(st.booleans())
    spell = _fullwidth if wide else (lambda name: name)
    calls = [lp + spell(layer) for layer in layers]
    input_call = f"{ip}Input(shape={shape})"
    style = draw(st.sampled_from(["list", "add", "functional", "subclass"]))
    if style == "list":
        body = [f"model = {mp}{spell('Sequential')}([", f"    {input_call},"]
        body += [f"    {call}," for call in calls] + ["])"]
    elif style == "add":
        body = [f"model = {mp}{spell('Sequential')}()", f"model.add({input_call})"]
        body += [f"model.add({call})" for call in calls]
    elif style == "functional":
        body = [f"inputs = {input_call}", "x = inputs"] + [f"x = {call}(x)" for call in calls]
        body += [f"model = {mp}{spell('Model')}(inputs, x)"]
    else:
        body = [f"class Net({mp}{spell('Model')}):", "    def __init__(self):", "        super().__init__()"]
        body += [f"        self.l{i} = {call}" for i, call in enumerate(calls)]
        body += ["    def call(self, x):"] + [f"        x = self.l{i}(x)" for i in range(len(calls))]
        body += ["        return x"]
    if draw(st.booleans()) and style != "subclass":
        body = ["def build():"] + ["    " + line for line in body] + ["    return model", "", "build()"]
    noise = draw(st.lists(st.sampled_from(_NOISE), max_size=3))
    tail = draw(st.sampled_from(_TAILS))  # a broken file still reports the statements before the error
    return "\n".join([*noise[:1], imports, *noise[1:], *body, tail, ""])


_ENCODINGS = ["utf-8", "utf-8-sig", "crlf", "latin-1 cookie", "utf-7 cookie"]


def _encoded(source: str, how: str) -> bytes:
    if how == "utf-8-sig":
        return codecs.BOM_UTF8 + source.encode()
    if how == "crlf":
        return source.replace("\n", "\r\n").encode()
    if how.endswith("cookie"):
        encoding = how.split()[0]
        try:
            return f"# -*- coding: {encoding} -*-\n{source}".encode(encoding)
        except UnicodeEncodeError:
            return source.encode()
    return source.encode()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(keras_sources(), st.sampled_from(_ENCODINGS))
def test_no_file_with_findings_is_skipped(source, how):
    data = _encoded(source, how)
    if _codes(decode(data)):
        assert may_contain_model(data)
        assert source_may_contain_model(source)
        notebook = json.dumps({"cells": [{"cell_type": "code", "source": source}]}, ensure_ascii=True)
        assert notebook_may_contain_model(notebook.encode())


@pytest.mark.parametrize("code", sorted(rule.code for rule in RULES))
def test_the_grammar_reaches_every_rule(code):
    """The property above is not vacuous: the grammar produces each rule's finding."""
    found = find(keras_sources(), lambda source: code in _codes(source),
                 settings=settings(max_examples=2000, deadline=None, database=None))
    assert may_contain_model(found.encode())


# ----------------------------------------------------------------------------- what it skips, and hard cases

MODEL = "model = keras.Sequential([keras.layers.Dense(2)])"


@pytest.mark.parametrize("source", [
    "import os\nprint(os.sep)\n",
    f'"""Example:\n\n    {MODEL}\n"""\nx = 1\n',  # only in a docstring
    f"# {MODEL}\nx = 1\n",  # only in a comment
    f"doc = '{MODEL}'\n",
    "callback = ModelCheckpoint('m.h5')\nnet = DenseNetLike()\n",  # longer identifiers
])
def test_files_without_a_model_in_code_are_skipped(source):
    assert not may_contain_model(source.encode())


@pytest.mark.parametrize("source", [
    MODEL,
    f'text = f"{{{MODEL.split(" = ")[1]}}}"',  # an f-string field is code
    f'x = f"{{d["k"]}}" ; {MODEL}',  # a quote nested in a field (Python 3.12)
    f'x = f"}}}}{{ {{"a": 1}}["a"] + str({MODEL.split(" = ")[1]})}}"',
    f'!echo """\n{MODEL}\nx = """',  # an IPython line opens no string
    f"%%capture\n{MODEL}",
    f"x = '''unterminated\n{MODEL}",
    f"s = 'a\\'b' + 'c'\n{MODEL}",
    f"r = r'\\\\' ; {MODEL}",
])
def test_model_code_is_found_whatever_surrounds_it(source):
    assert may_contain_model(source.encode())


def test_names_are_read_as_the_parser_reads_them():
    assert may_contain_model("m = keras.Ｓequential([keras.layers.Ｄense(2)])\n".encode())  # NFKC
    assert may_contain_model(b"# coding: utf-7\nm = Sequential([+AEQ-ense(2)])\n")  # D as +AEQ-
    assert may_contain_model("# coding: latin-1\n# café\nm = Sequential([Dense(2)])\n".encode("latin-1"))
    assert not may_contain_model("# café\nx = 'Sequential([Dense(2)])'\n".encode())


def test_notebooks():
    def notebook(*cells, ascii_only=True):
        return json.dumps({"cells": [{"cell_type": kind, "source": text} for kind, text in cells]},
                          ensure_ascii=ascii_only).encode()

    assert notebook_may_contain_model(notebook(("code", f"import keras\n{MODEL}")))
    escaped = b'{"cells": [{"cell_type": "code", "source": "\\u004dodel(Dense(1))"}]}'  # \u004d is M
    assert notebook_may_contain_model(escaped)
    assert notebook_may_contain_model(notebook(("code", "m = Ｍodel(Ｄense(1))"), ascii_only=False))
    assert not notebook_may_contain_model(notebook(("code", "import os"), ("markdown", "# Notes")))
    assert not source_may_contain_model(f'"""{MODEL}"""\n')  # a notebook's code cells, joined
