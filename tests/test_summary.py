"""``flatten-lint summary``: Keras' own numbers for the seed, unknowns shown as ``?``."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from flatten_lint.lint import analyze_source
from flatten_lint.summary import models_of, render_text, select, snake_case, summarize, to_json

CASES = Path(__file__).parent / "cases" / "forms"


def summaries(name: str):
    path = CASES / name
    return [summarize(a, str(path)) for a in models_of(analyze_source(path.read_text()))]


def summary_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flatten_lint", "summary", *args], capture_output=True,
                          text=True, timeout=120)


def test_seed_numbers_are_keras_numbers() -> None:
    with_flatten, = summaries("seed_with_flatten.py")
    without, = summaries("seed_without_flatten.py")
    assert (with_flatten.total, with_flatten.output) == (58_498, (None, 2))
    assert (without.total, without.trainable, without.non_trainable) == (13_698, 13_698, 0)
    assert without.output == (None, 1, 15, 2)
    assert [(r.name, r.params) for r in without.rows] == [
        ("conv2d", 96), ("dense", 3300), ("dropout", 0), ("dense_1", 10100), ("dropout_1", 0), ("dense_2", 202)]
    text = render_text(without)
    assert "dense (Dense)" in text and "(None, 1, 15, 100)" in text and "Total params: 13,698" in text


def test_functional_models_list_their_input_and_all_outputs() -> None:
    model, = summaries("multi_output.py")
    assert model.rows[0].kind == "InputLayer" and model.rows[0].shape == (None, 64, 64, 3)
    assert [r.name for r in model.rows if r.kind == "Dense"] == ["age", "gender"]
    data = to_json(model)
    assert data["output_shape"] is None and data["output_shapes"] == [[None, 1], [None, 31, 31, 2]]


def test_unknown_parts_are_question_marks_with_a_reason() -> None:
    first = summaries("unknown_layer_silent.py")[0]
    assert first.total is None and first.output is None
    text = render_text(first)
    assert "unknown layer 'MyPool'" in text and "Total params: ?" in text
    layer = to_json(first)["layers"][1]
    assert layer["params"] is None and layer["note"].startswith("unknown layer")


def test_select_by_name_or_line() -> None:
    models = summaries("noqa_suppressed.py")
    assert [m.name for m in select(models, "other")] == ["other"]
    assert [m.name for m in select(models, str(models[0].line))] == [models[0].name]
    assert select(models, "nothing") == []


def test_keras_layer_names() -> None:
    assert [snake_case(n) for n in ("Conv2D", "MaxPooling2D", "ReLU", "ConvLSTM2D", "InputLayer")] == [
        "conv2d", "max_pooling2d", "re_lu", "conv_lstm2d", "input_layer"]


def test_cli_json_and_text() -> None:
    done = summary_cli(str(CASES / "seed_without_flatten.py"), "--output-format", "json")
    assert done.returncode == 0
    model, = json.loads(done.stdout)["models"]
    assert model["total_params"] == 13_698 and model["output_shape"] == [None, 1, 15, 2]
    assert {"path", "line", "name", "output_shape", "total_params", "trainable_params", "non_trainable_params",
            "layers"} <= set(model)
    assert {"class", "name", "line", "output_shape", "params", "trainable_params"} <= set(model["layers"][0])
    text = summary_cli(str(CASES / "seed_with_flatten.py"), "--model", "model")
    assert "Total params: 58,498" in text.stdout


def test_cli_bad_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text("model = Sequential([\n")
    done = summary_cli(str(tmp_path / "bad.py"))
    assert done.returncode == 2 and "cannot parse" in done.stderr and "Traceback" not in done.stderr


def test_a_shared_layer_is_one_row_and_counted_once() -> None:
    model, = summaries("shared_layer_siamese.py")
    assert model.total == 97  # what Keras counts: Conv2D 80 + Dense 17
    assert [r.name for r in model.rows if r.kind == "Conv2D"] == ["conv2d"]


def test_cli_shows_the_models_before_a_syntax_error_as_check_does(tmp_path: Path) -> None:
    (tmp_path / "paste.py").write_text(
        "from keras.models import Sequential\nfrom keras.layers import Conv2D, Dense\n"
        "model = Sequential()\nmodel.add(Conv2D(8, 3, input_shape=(16, 16, 1)))\nmodel.add(Dense(4))\n"
        'print "built"\n')
    done = summary_cli(str(tmp_path / "paste.py"), "--output-format", "json")
    assert done.returncode == 0, done.stderr
    model, = json.loads(done.stdout)["models"]
    assert model["output_shape"] == [None, 14, 14, 4] and model["total_params"] == 116
    assert "cannot parse" in done.stderr and "models before line 6" in done.stderr


def test_a_subclassed_model_takes_its_input_shape_from_build() -> None:
    source = (
        "import keras\nfrom keras import layers\n\n"
        "class Net(keras.Model):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.conv = layers.Conv2D(32, 3, activation='relu')\n"
        "        self.pool = layers.MaxPooling2D()\n"
        "        self.flat = layers.Flatten()\n"
        "        self.out = layers.Dense(10)\n\n"
        "    def call(self, x):\n"
        "        return self.out(self.flat(self.pool(self.conv(x))))\n\n"
        "model = Net()\n"
        "model.build((None, 28, 28, 1))\n")
    summary, = [summarize(a, "net.py") for a in models_of(analyze_source(source))]
    assert summary.output == (None, 10) and summary.total == 54_410  # Keras' count_params()
    twice = source + "other = Net()\nother.build((None, 32, 32, 3))\n"
    summary, = [summarize(a, "net.py") for a in models_of(analyze_source(twice))]
    assert summary.total is None  # two input shapes: neither is the model's


def test_layers_sized_from_tensor_shapes_are_counted() -> None:
    """x.shape[-1], K.int_shape(x) unpacked, int(c): the squeeze-excite case has 11,342
    parameters and output (None, 16, 16, 10) in Keras 3.15."""
    source = (CASES.parent / "real" / "se_block_reads_tensor_shapes.py").read_text(encoding="utf-8")
    summary, = [summarize(a, "se.py") for a in models_of(analyze_source(source))]
    assert summary.output == (None, 16, 16, 10) and summary.total == 11_342


def test_a_model_handed_to_code_not_followed_before_any_layer_is_unknown() -> None:
    source = "from keras.models import Sequential\nfrom mylib import add_layers\n" \
             "model = Sequential()\nadd_layers(model)\n"
    summary, = [summarize(a, "m.py") for a in models_of(analyze_source(source))]
    assert summary.total is None and not summary.complete


def test_build_keeps_the_batch_size_as_keras_does() -> None:
    source = ("import keras\nfrom keras import layers\n"
              "m = keras.Sequential([layers.Conv2D(8, 3), layers.Flatten(), layers.Dense(3)])\n"
              "m.build(input_shape=(32, 64, 64, 3))\n")
    summary, = [summarize(a, "m.py") for a in models_of(analyze_source(source))]
    assert summary.output == (32, 3) and summary.total == 92_483  # Keras 3.15: (32, 3), 92,483


def test_a_nested_model_applied_twice_is_one_shared_layer() -> None:
    """A siamese tower: Keras 3.15 counts its weights once, 5,885 parameters in all."""
    source = (
        "import keras\nfrom keras import layers\n"
        "inp = layers.Input((28, 28, 1))\n"
        "x = layers.Flatten()(layers.AveragePooling2D(2)(layers.Conv2D(4, 5, activation='tanh')(inp)))\n"
        "tower = keras.Model(inp, layers.Dense(10, activation='tanh')(x))\n"
        "a, b = layers.Input((28, 28, 1)), layers.Input((28, 28, 1))\n"
        "merged = layers.Subtract()([tower(a), tower(b)])\n"
        "siamese = keras.Model([a, b], layers.Dense(1, activation='sigmoid')(merged))\n")
    summary, = [summarize(a, "s.py") for a in models_of(analyze_source(source)) if a.model.name == "siamese"]
    assert summary.total == 5_885 and len([r for r in summary.rows if r.kind == "Model"]) == 1


def test_cli_places_notebook_models_in_their_cells(tmp_path: Path) -> None:
    cells = [{"cell_type": "markdown", "source": "# A CNN"},
             {"cell_type": "code", "source": "import keras\nfrom keras import layers\n"},
             {"cell_type": "code", "source": "\nmodel = keras.Sequential([keras.Input((8, 8, 1)), layers.Flatten(),\n"
                                             "                          layers.Dense(2)])\n"}]
    (tmp_path / "nb.ipynb").write_text(json.dumps({"cells": cells, "nbformat": 4, "nbformat_minor": 5,
                                                   "metadata": {}}), encoding="utf-8")
    done = summary_cli(str(tmp_path / "nb.ipynb"), "--output-format", "json")
    model, = json.loads(done.stdout)["models"]
    assert (model["cell"], model["line"]) == (3, 2)
    assert [(layer["cell"], layer["line"]) for layer in model["layers"]] == [(3, 2), (3, 3)]
    assert "nb.ipynb:cell 3:2)" in summary_cli(str(tmp_path / "nb.ipynb")).stdout
