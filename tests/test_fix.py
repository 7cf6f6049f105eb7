"""``--fix``: fix_source inserts Flatten (or global pooling) where FL001 points, in the file's own style.

Most cases are written as small diffs: a line starting ``-|`` exists only in the
input, one starting ``+|`` only in the expected output; every other line is in both.
"""
from __future__ import annotations

import os
import re
from dataclasses import replace
from typing import Dict, List, Tuple

import pytest

from flatten_lint.findings import Finding, Fix
from flatten_lint.fix import apply_insertions, fix_source, plan_fixes, unified_diff
from flatten_lint.lint import ParseError, analyze_source, lint_source, parse
from flatten_lint.shapes import infer
from tests.test_cases import CASES, case_files, expected

SEED = (CASES / "forms" / "seed_without_flatten.py").read_text(encoding="utf-8")


def sides(diff: str) -> Tuple[str, str]:
    """(input, expected output) of a ``-|``/``+|`` mini-diff."""
    before: List[str] = []
    after: List[str] = []
    for line in diff.splitlines(keepends=True):
        if line.startswith("-|"):
            before.append(line[2:])
        elif line.startswith("+|"):
            after.append(line[2:])
        else:
            before.append(line)
            after.append(line)
    return "".join(before), "".join(after)


def fl001(source: str) -> List[Finding]:
    return [f for f in lint_source(source) if f.code == "FL001"]


def assert_fixes(diff: str, style: str = "flatten") -> None:
    """The input has FL001 findings, all fixed into exactly the expected text, which lints
    clean of FL001, parses, and is left unchanged by a second fix."""
    source, wanted = sides(diff)
    findings = fl001(source)
    assert findings, "the input must have an FL001 finding"
    fixed_source, fixed = fix_source(source, findings, style)
    assert fixed_source == wanted
    assert fixed == findings
    parse(fixed_source)
    again = lint_source(fixed_source)
    assert not [f for f in again if f.code == "FL001"], again
    assert fix_source(fixed_source, again, style) == (fixed_source, [])


def assert_left_alone(source: str, findings: List[Finding], style: str = "flatten") -> None:
    assert findings
    assert fix_source(source, findings, style) == (source, [])


# ----------------------------------------------------------------------------- forms x spellings

# Each spelling: its imports (a mini-diff: bare names get Flatten added to their import),
# and how it writes a layer prefix {P}, Sequential {S}, Model {M} and Input {I}.
SPELLINGS: Dict[str, Tuple[str, Dict[str, str]]] = {
    "keras.layers": ("from tensorflow import keras\n",
                     dict(P="keras.layers.", S="keras.Sequential", M="keras.Model", I="keras.Input")),
    "tf.keras.layers": ("import tensorflow as tf\n",
                        dict(P="tf.keras.layers.", S="tf.keras.Sequential", M="tf.keras.Model",
                             I="tf.keras.Input")),
    "layers": ("from keras import Input, Model, Sequential, layers\n",
               dict(P="layers.", S="Sequential", M="Model", I="Input")),
    "L": ("from tensorflow.keras import Input, Model, Sequential\nfrom tensorflow.keras import layers as L\n",
          dict(P="L.", S="Sequential", M="Model", I="Input")),
    "bare import": ("from keras import Input, Model, Sequential\n"
                    "-|from keras.layers import Conv2D, Dense, Dropout, MaxPooling2D\n"
                    "+|from keras.layers import Conv2D, Dense, Dropout, Flatten, MaxPooling2D\n",
                    dict(P="", S="Sequential", M="Model", I="Input")),
    "no imports": ("", dict(P="", S="Sequential", M="Model", I="Input")),
}

FORMS: Dict[str, str] = {
    "sequential list": """
model = {S}([
    {I}(shape=(28, 28, 1)),
    {P}Conv2D(8, 3, activation="relu"),  # features
    {P}MaxPooling2D(),
+|    {P}Flatten(),
    {P}Dense(10, activation="softmax"),  # head
])
""",
    "sequential inline list": """
-|model = {S}([{I}(shape=(28, 28, 1)), {P}Conv2D(8, 3), {P}Dense(10)])
+|model = {S}([{I}(shape=(28, 28, 1)), {P}Conv2D(8, 3), {P}Flatten(), {P}Dense(10)])
""",
    "sequential layers keyword": """
model = {S}(layers=[{I}(shape=(28, 28, 1)),
                    {P}Conv2D(8, 3),
+|                    {P}Flatten(),
                    {P}Dense(10)],
            name="net")
""",
    "list in a variable": """
stack = [
    {P}Conv2D(16, 5, activation="relu", input_shape=(28, 28, 1)),
    {P}MaxPooling2D(),
+|    {P}Flatten(),
    {P}Dense(1),
]
model = {S}(stack)
""",
    "add chain": """
model = {S}()
model.add({P}Conv2D(8, 3, input_shape=(28, 28, 1)))
# the head
+|model.add({P}Flatten())
model.add({P}Dense(10, activation="softmax"))  # softmax
model.add({P}Dropout(0.1))
""",
    "add chain in a function": """


def build(n_classes):
    net = {S}()
    net.add({P}Conv2D(8, 3, input_shape=(28, 28, 1)))
+|    net.add({P}Flatten())
    net.add({P}Dense(n_classes))
    return net
""",
    "functional chain": """
inp = {I}(shape=(28, 28, 1))
x = {P}Conv2D(8, 3)(inp)
+|x = {P}Flatten()(x)
x = {P}Dense(64)(x)
out = {P}Dense(10)(x)
model = {M}(inp, out)
""",
    "functional, other target": """
inp = {I}(shape=(28, 28, 1))
x = {P}Conv2D(8, 3)(inp)
-|out = {P}Dense(10)(x)
+|out = {P}Dense(10)({P}Flatten()(x))
model = {M}(inputs=inp, outputs=out)
""",
    "functional, inline input": """
inp = {I}(shape=(28, 28, 1))
x = {P}Conv2D(8, 3)(inp)
-|x = {P}Dense(64)({P}Dropout(0.2)(x))
+|x = {P}Dense(64)({P}Flatten()({P}Dropout(0.2)(x)))
model = {M}(inp, x)
""",
}


def render(form: str, spelling: str) -> str:
    header, names = SPELLINGS[spelling]
    return header + FORMS[form].format(**names)


@pytest.mark.parametrize("spelling", list(SPELLINGS))
@pytest.mark.parametrize("form", list(FORMS))
def test_form_and_spelling(form: str, spelling: str) -> None:
    assert_fixes(render(form, spelling))


def test_backbone_output_is_wrapped() -> None:
    assert_fixes("""from tensorflow import keras

base = keras.applications.MobileNetV2(input_shape=(96, 96, 3), include_top=False, weights=None)
-|out = keras.layers.Dense(3, activation="softmax")(base.output)
+|out = keras.layers.Dense(3, activation="softmax")(keras.layers.Flatten()(base.output))
model = keras.Model(base.input, out)
""")


def test_conditional_head_in_a_builder() -> None:
    assert_fixes("""from keras import layers, models


def build(include_top=True):
    img = layers.Input(shape=(32, 32, 3))
    x = layers.Conv2D(8, 3)(img)
    if include_top:
+|        x = layers.Flatten()(x)
        x = layers.Dense(2)(x)
    return models.Model(img, x)
""")


# ----------------------------------------------------------------------------- imports

@pytest.mark.parametrize("imports", [
    pytest.param("-|from keras.layers import (\n-|    Conv2D,\n-|    Dense,\n-|)\n"
                 "+|from keras.layers import (\n+|    Conv2D,\n+|    Dense,\n+|    Flatten,\n+|)\n",
                 id="parenthesised, trailing comma"),
    pytest.param("from keras.layers import (\n    Conv2D,\n    Dense,  # the head\n+|    Flatten,\n)\n",
                 id="comment on the last name"),
    pytest.param("-|from keras.layers import (Conv2D,\n-|                          Dense)\n"
                 "+|from keras.layers import (Conv2D,\n+|                          Dense,\n"
                 "+|                          Flatten)\n",
                 id="aligned, no trailing comma"),
    pytest.param("from keras.layers import (\n    Conv2D,\n    Dense,\n"
                 "+|    Flatten,\n    MaxPooling2D,\n)\n",
                 id="sorted, inserted in order"),
    pytest.param("-|from keras.layers import MaxPooling2D, Dense, Conv2D\n"
                 "+|from keras.layers import MaxPooling2D, Dense, Conv2D, Flatten\n",
                 id="unsorted, appended"),
    pytest.param("-|from keras.layers import (Conv2D, Dense,)\n"
                 "+|from keras.layers import (Conv2D, Dense, Flatten,)\n",
                 id="one line, trailing comma"),
    pytest.param("from keras.layers import Conv2D, Dense\nfrom keras.layers import Flatten\n",
                 id="Flatten already imported"),
    pytest.param("from keras.layers import Conv2D, Dense\nfrom tensorflow.keras.layers import Flatten\n",
                 id="Flatten imported from elsewhere in Keras"),
])
def test_import_statement_gains_flatten(imports: str) -> None:
    assert_fixes("from keras.models import Sequential\n" + imports + """
model = Sequential()
model.add(Conv2D(8, 3, input_shape=(28, 28, 1)))
+|model.add(Flatten())
model.add(Dense(10))
""")


def test_aliased_dense() -> None:
    assert_fixes("""-|from keras.layers import Conv2D, Dense as D
+|from keras.layers import Conv2D, Dense as D, Flatten
from keras.models import Sequential

model = Sequential([Conv2D(8, 3, input_shape=(28, 28, 1)),
+|                    Flatten(),
                    D(10)])
""")


def test_function_local_import() -> None:
    assert_fixes("""def build():
-|    from keras.layers import Conv2D, Dense
+|    from keras.layers import Conv2D, Dense, Flatten
    from keras.models import Sequential
    return Sequential([
        Conv2D(8, 3, input_shape=(28, 28, 1)),
+|        Flatten(),
        Dense(10),
    ])
""")


def test_star_import_adds_nothing() -> None:
    assert_fixes("""from keras.layers import *
from keras.models import Sequential

model = Sequential()
model.add(Conv1D(8, 3, input_shape=(50, 1)))
model.add(MaxPooling1D())
+|model.add(Flatten())
model.add(Dense(1))
""")


def test_flatten_defined_locally_is_left_alone() -> None:
    source = """from keras.layers import Conv2D, Dense
from keras.models import Sequential


class Flatten:
    pass


model = Sequential([Conv2D(8, 3, input_shape=(28, 28, 1)), Dense(10)])
"""
    assert_left_alone(source, fl001(source))


# ----------------------------------------------------------------------------- layout

def test_comments_and_formatting_survive() -> None:
    assert_fixes("""# A header comment.
from tensorflow import keras  # keras 3

NUM = 10   # odd   spacing   kept


model = keras.Sequential(
    [   # layers
        keras.Input(shape = (28, 28, 1)),
        keras.layers.Conv2D(  32, 3 ),  # conv

        # --- classifier ---
+|        keras.layers.Flatten(),
        keras.layers.Dense(NUM,  activation = "softmax"),  # FL001 here
    ],  # end
)
'''A string that mentions keras.layers.Dense(10) is not code.'''
""")


def test_dense_call_spanning_several_lines() -> None:
    assert_fixes("""from keras import Model, Sequential
from keras import layers

model = Sequential()
model.add(layers.Conv2D(8, 3, input_shape=(28, 28, 1)))
+|model.add(layers.Flatten())
model.add(
    layers.Dense(
        10,
        activation="softmax",
    )
)
inp = layers.Input((28, 28, 1))
x = layers.Conv2D(8, 3)(inp)
+|x = layers.Flatten()(x)
x = layers.Dense(
    64,
)(x)
net = Model(inp, x)
other = Sequential([layers.Input((28, 28, 1)), layers.Conv2D(8, 3),
+|                   layers.Flatten(),
                   layers.Dense(
                       10)])
""")


def test_crlf_and_tabs() -> None:
    diff = """from keras import layers, models


def build():
\tmodel = models.Sequential()
\tmodel.add(layers.Conv2D(8, 3, input_shape=(28, 28, 1)))
+|\tmodel.add(layers.Flatten())
\tmodel.add(layers.Dense(10))
\treturn model


def build_list():
\treturn models.Sequential([
\t\tlayers.Conv2D(8, 3, input_shape=(28, 28, 1)),
+|\t\tlayers.Flatten(),
\t\tlayers.Dense(10),
\t])
"""
    assert_fixes(diff.replace("\n", "\r\n"))


def test_statements_sharing_a_line_after_non_ascii() -> None:
    assert_fixes("""from keras import layers, models

model = models.Sequential()
model.add(layers.Conv2D(8, 3, input_shape=(28, 28, 1)))
-|model.add(layers.MaxPooling2D(name="pool_é")); model.add(layers.Dense(10))
+|model.add(layers.MaxPooling2D(name="pool_é")); model.add(layers.Flatten()); model.add(layers.Dense(10))
""")


def test_ipython_magics_in_a_py_file() -> None:
    assert_fixes("""!pip install -q tensorflow
%matplotlib inline
from keras import layers, models

model = models.Sequential()
model.add(layers.Conv2D(8, 3, input_shape=(28, 28, 1)))
+|model.add(layers.Flatten())
model.add(layers.Dense(10))
""")


# ----------------------------------------------------------------------------- gap style

def test_gap_style_on_the_seed() -> None:
    fixed, done = fix_source(SEED, fl001(SEED), style="gap")
    assert len(done) == 1
    assert "    keras.layers.GlobalAveragePooling2D(),\n    keras.layers.Dense(100" in fixed
    assert not fl001(fixed)


def test_gap_style_matches_rank_and_imports() -> None:
    assert_fixes("""-|from keras.layers import Conv1D, Dense, MaxPooling1D
+|from keras.layers import Conv1D, Dense, GlobalAveragePooling1D, MaxPooling1D
from keras.models import Sequential
from keras import Model, layers

model = Sequential()
model.add(Conv1D(8, 3, input_shape=(50, 4)))
model.add(MaxPooling1D())
+|model.add(GlobalAveragePooling1D())
model.add(Dense(1))
inp = layers.Input((8, 32, 32, 3))
x = layers.Conv3D(4, 3)(inp)
-|out = layers.Dense(2)(x)
+|out = layers.Dense(2)(layers.GlobalAveragePooling3D()(x))
video = Model(inp, out)
""", style="gap")


def test_unknown_style() -> None:
    with pytest.raises(ValueError, match="fix style"):
        fix_source(SEED, fl001(SEED), style="pool")


# ----------------------------------------------------------------------------- left alone

def test_helper_used_by_two_models_is_left_alone() -> None:
    source = """from keras import Input, Model, layers


def head(t):
    return layers.Dense(10)(t)


inp = Input((16, 16, 3))
conv_model = Model(inp, head(layers.Conv2D(4, 3)(inp)))
flat_model = Model(inp, head(layers.Flatten()(inp)))
"""
    assert_left_alone(source, fl001(source))


def test_helper_called_twice_in_one_model_is_left_alone() -> None:
    source = """from keras import Input, Model, layers


def head(t):
    return layers.Dense(10)(t)


inp = Input((16, 16, 3))
a = head(layers.Conv2D(4, 3)(inp))
b = head(layers.Conv2D(8, 3)(inp))
model = Model(inp, [a, b])
"""
    findings = fl001(source)
    model = analyze_source(source)[0].model
    assert_left_alone(source, findings or [_finding_at(source, "layers.Dense(10)", model)])


def test_conditional_add_is_left_alone() -> None:
    source = """from keras import layers, models

model = models.Sequential()
model.add(layers.Conv2D(8, 3, input_shape=(28, 28, 1)))
if HEAD:
    model.add(layers.Dense(10))
"""
    assert not fl001(source)  # the model is not fully known, so FL001 is silent; a fix must be too
    assert_left_alone(source, [_finding_at(source, "layers.Dense(10)")])


def test_layer_bound_to_an_attribute_is_left_alone() -> None:
    path = CASES / "real" / "subclassed_cnn_forgot_flatten.py"
    source = path.read_text(encoding="utf-8")
    assert_left_alone(source, fl001(source))


def test_findings_without_a_fix_or_position_are_left_alone() -> None:
    finding = fl001(SEED)[0]
    moved = replace(finding, col=finding.col + 1)
    assert_left_alone(SEED, [replace(finding, fix=None), moved])


def test_unparsable_source_is_left_alone() -> None:
    finding = fl001(SEED)[0]
    broken = SEED + "\ndef broken(:\n"
    assert_left_alone(broken, [finding])


def test_finding_without_its_model_is_found_again() -> None:
    finding = replace(fl001(SEED)[0], model=None)
    fixed, done = fix_source(SEED, [finding])
    assert done == [finding] and not fl001(fixed)


def _finding_at(source: str, text: str, model=None) -> Finding:
    """A hand-made FL001 finding on the call ``text`` (which must be on one line)."""
    for number, line in enumerate(source.splitlines(), 1):
        col = line.find(text)
        if col >= 0:
            return Finding("-", number, col + 1, "FL001", "hand-made", number, col + 1 + len(text),
                           Fix("Insert Flatten() before the Dense layer", "Flatten"), model=model)
    raise AssertionError(text)


# ----------------------------------------------------------------------------- notebooks, diff

def test_insertions_map_onto_notebook_cells() -> None:
    """What the notebook writer does: plan on the joined cells, apply each insertion in its cell."""
    cells = ["from keras.layers import Conv2D, Dense\nfrom keras.models import Sequential\n",
             "model = Sequential()\nmodel.add(Conv2D(8, 3, input_shape=(28, 28, 1)))\nmodel.add(Dense(10))\n"]
    joined = "".join(cells)
    insertions, done = plan_fixes(joined, fl001(joined))
    first_line = [1, 1 + cells[0].count("\n")]
    per_cell: Dict[int, list] = {0: [], 1: []}
    for insertion in insertions:
        cell = 1 if insertion.line >= first_line[1] else 0
        per_cell[cell].append(replace(insertion, line=insertion.line - first_line[cell] + 1))
    fixed = [apply_insertions(text, per_cell[i]) for i, text in enumerate(cells)]
    assert len(done) == 1
    assert fixed[0].startswith("from keras.layers import Conv2D, Dense, Flatten\n")
    assert "model.add(Flatten())\nmodel.add(Dense(10))\n" in fixed[1]
    assert "".join(fixed) == fix_source(joined, fl001(joined))[0]


def test_unified_diff() -> None:
    fixed, _ = fix_source(SEED, fl001(SEED))
    diff = unified_diff("models/seed.py", SEED, fixed)
    lines = diff.splitlines()
    assert lines[:2] == ["--- a/models/seed.py", "+++ b/models/seed.py"]
    assert re.fullmatch(r"@@ -\d+,\d+ \+\d+,\d+ @@", lines[2])
    assert [line for line in lines[3:] if line[0] in "+-"] == ["+    keras.layers.Flatten(),"]
    assert unified_diff("x.py", SEED, SEED) == ""
    assert unified_diff("x.py", "a\n", "b").endswith("+b\n\\ No newline at end of file\n")


# ----------------------------------------------------------------------------- the corpus and Keras

def test_every_positive_case_file() -> None:
    """Each case file marked ``# expect: FL001``: fixes parse, remove their findings, and only theirs."""
    counts = {"fixed": 0, "left": 0}
    for path in case_files():
        source = path.read_text(encoding="utf-8")
        if not any(code == "FL001" for _, code in expected(source)):
            continue
        findings = fl001(source)
        fixed_source, fixed = fix_source(source, findings)
        counts["fixed"] += len(fixed)
        counts["left"] += len(findings) - len(fixed)
        try:
            parse(source)
        except ParseError:  # a broken paste: fixing it is not attempted
            assert not fixed, path
            continue
        parse(fixed_source)
        left = fl001(fixed_source)
        assert len(left) == len(findings) - len(fixed), (path, left)
        assert fix_source(fixed_source, left) == (fixed_source, []), path
    print(f"FL001 findings in positive case files: {counts['fixed']} fixed, {counts['left']} left")
    assert counts["fixed"] > counts["left"]


def test_fixed_seed_builds_in_keras() -> None:
    keras = pytest.importorskip("keras")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    fixed, _ = fix_source(SEED, fl001(SEED))
    model = _run(fixed)
    assert tuple(model.outputs[0].shape) == (None, 2)
    assert model.count_params() == 58_498
    gap, _ = fix_source(SEED, fl001(SEED), style="gap")
    pooled = _run(gap)
    assert tuple(pooled.outputs[0].shape) == (None, 2)
    static = infer(analyze_source(gap)[0].model)
    assert pooled.count_params() == sum(r.params for r in static)
    keras.backend.clear_session()


def _run(source: str):
    namespace: dict = {}
    exec(compile(source, "<fixed>", "exec"), namespace)  # noqa: S102 - our own test model
    return namespace["model"]
