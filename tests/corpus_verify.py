"""Check the ``# expect: FL001`` markers of tests/cases/real/*.py against Keras itself.

Dev script, not a pytest module: ``/work/venv/bin/python tests/corpus_verify.py [case.py ...]``.

How it works
------------
Each case file is compiled under its own path and executed in a fresh namespace
(``__name__ == "__main__"``) while Keras is patched so that nothing needs data,
weights or time:

* ``Model.compile/fit/evaluate/predict/summary/save...`` do nothing;
  ``keras.datasets.*.load_data`` return small zero arrays of the real shapes;
  directory loaders and ``ImageDataGenerator.flow*`` return a permissive
  ``_Dummy``; every ``keras.applications`` constructor is called with
  ``weights=None`` and ``keras.utils.get_file`` refuses to download.
* Names a file uses but never binds (Q&A pastes without imports, undefined data
  variables) are injected: Keras layers/models/optimizers by name, ``np``/``tf``/
  ``keras`` modules, values from ``INJECT``, otherwise a ``_Dummy``.
* ``Dense.__init__`` records the case-file line that constructed each Dense and
  ``Dense.build`` records the rank of the input it received (and build order).
  ``Sequential/Functional/Model.__init__`` record every model constructed
  directly by case-file code (Keras-internal models are reached as sublayers).

After the run, a model is *flagged* when one of its outputs has rank > 2 and one
of its Dense layers (recursively) received an input of rank > 2, unless the file
is listed in ``INTENDED`` (spatial/sequence output by design).  For a flagged
model the expected marker is the construction line of its first such Dense in
build order.  The union of these lines must equal the lines carrying
``# expect: FL001``; negatives must build at least one model and flag none.
Files that Keras 3 cannot run (Keras-1 syntax) are listed in ``BY_HAND`` with
the reasoning that fixes their truth, and are only checked for their marker count.
"""
from __future__ import annotations

import ast
import builtins
import contextlib
import io
import itertools
import re
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import keras
import keras.src.models.functional as _functional
import keras.src.models.model as _model
import keras.src.models.sequential as _sequential
import numpy as np
import tensorflow as tf

CASES = Path(__file__).resolve().parent / "cases" / "real"
MARKER = re.compile(r"#\s*expect:\s*FL001\b")

# Files Keras 3 refuses to run: expected marker count and the reasoning behind it (each
# was also confirmed by building a Keras-3 translation of the model by hand).
BY_HAND: dict[str, tuple[int, str]] = {
    "keras1_convolution2d_no_flatten.py": (1, (
        "Keras 3 has no keras.layers.convolutional and rejects border_mode/nb_epoch. With "
        "Keras-1 semantics Convolution2D(n, 5, 5, same) and 2x2 pools give (None, 7, 7, 32); "
        "Dense(48) and Dense(10) act on the last axis, output (None, 7, 7, 10): the first "
        "Dense is the offender."
    )),
    "keras1_convolution2d_with_flatten.py": (0, (
        "Keras 3 rejects border_mode/init/output_dim. The (1, 28, 28) input implies Keras-1 "
        "'th' (channels-first) ordering; Flatten precedes both Dense layers, output (None, 6)."
    )),
    "inception_model_input_output_kwargs.py": (1, (
        "Keras 3 rejects Model(input=..., output=...). InceptionV3 without a top yields "
        "(None, None, None, 2048); Dense(64) and Dense(1) keep the spatial axes, output "
        "(None, None, None, 1): the first Dense is the offender."
    )),
}

# Negatives whose rank > 2 output is the point of the model.
INTENDED: dict[str, str] = {
    "lstm_return_sequences_dense.py": "per-timestep regression head on an LSTM sequence",
    "crnn_captcha_reshape_gru.py": "per-column character scores for CTC decoding",
    "segmentation_dense_per_pixel.py": "per-pixel class scores of a segmentation decoder",
}

# Values for free names whose shape matters (data a paste assumes to exist).
INJECT: dict[str, dict[str, Any]] = {
    "conv1d_lstm_intrusion_detection.py": {"X_train": np.zeros((4, 30, 12), "float32")},
    "no_imports_paste_with_flatten.py": {"num_classes": 4},
}


class _Dummy:
    """Stands for data, generators and histories a case never really needs."""

    def __getattr__(self, name: str) -> _Dummy:
        if name.startswith("__"):
            raise AttributeError(name)
        return _Dummy()

    def __call__(self, *args: Any, **kwargs: Any) -> _Dummy:
        return _Dummy()

    def __getitem__(self, key: Any) -> _Dummy:
        return _Dummy()

    def __iter__(self):
        return iter((_Dummy(), _Dummy()))

    def __len__(self) -> int:
        return 2

    def __index__(self) -> int:
        return 2

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __call__
    __truediv__ = __rtruediv__ = __floordiv__ = __pow__ = __call__


@dataclass
class Recorder:
    """What one case run left behind."""

    path: str = ""
    dense_line: dict[int, int | None] = field(default_factory=dict)
    dense_rank: dict[int, int] = field(default_factory=dict)
    dense_order: dict[int, int] = field(default_factory=dict)
    models: list[Any] = field(default_factory=list)


warnings.simplefilter("ignore")
REC = Recorder()
_ORDER = itertools.count()


def _caller_line() -> int | None:
    frame = sys._getframe(2)
    return frame.f_lineno if frame.f_code.co_filename == REC.path else None


def _remember_model(model: Any) -> None:
    if all(m is not model for m in REC.models):
        REC.models.append(model)


def _wrap_init(cls: type, on_direct: Callable[[Any], None]) -> None:
    original = cls.__init__

    def init(self, *args: Any, **kwargs: Any) -> None:
        if sys._getframe(1).f_code.co_filename == REC.path:
            on_direct(self)
        original(self, *args, **kwargs)

    cls.__init__ = init


def _patch_dense() -> None:
    dense = keras.layers.Dense
    original_init, original_build = dense.__init__, dense.build

    def init(self, *args: Any, **kwargs: Any) -> None:
        REC.dense_line[id(self)] = _caller_line()
        original_init(self, *args, **kwargs)

    def build(self, input_shape: Any) -> None:
        REC.dense_rank[id(self)] = len(input_shape)
        REC.dense_order[id(self)] = next(_ORDER)
        original_build(self, input_shape)

    dense.__init__, dense.build = init, build


def _patch_training() -> None:
    def noop(self, *args: Any, **kwargs: Any) -> _Dummy:
        _remember_model(self)
        return _Dummy()

    for name in ("compile", "fit", "fit_generator", "evaluate", "evaluate_generator",
                 "predict", "predict_generator", "train_on_batch", "summary", "save",
                 "save_weights", "load_weights", "to_json"):
        setattr(_model.Model, name, noop)


def _replace_everywhere(original: Any, replacement: Any) -> None:
    for module in list(sys.modules.values()):
        namespace = getattr(module, "__dict__", None)
        if not namespace:
            continue
        for attr, value in list(namespace.items()):
            if value is original:
                setattr(module, attr, replacement)


def _no_weights(constructor: Callable[..., Any]) -> Callable[..., Any]:
    def build(*args: Any, **kwargs: Any) -> Any:
        kwargs["weights"] = None
        return constructor(*args, **kwargs)

    return build


def _fake_load_data(x_shape: tuple[int, ...], y_shape: tuple[int, ...]) -> Callable[..., Any]:
    def load_data(*args: Any, **kwargs: Any) -> Any:
        x, y = np.zeros((8,) + x_shape, "uint8"), np.zeros((8,) + y_shape, "uint8")
        return (x, y), (x.copy(), y.copy())

    return load_data


def _fake_imdb(*args: Any, **kwargs: Any) -> Any:
    x = np.array([[1, 14, 22, 16]] * 8, dtype=object)
    y = np.zeros((8,), "int64")
    return (x, y), (x.copy(), y.copy())


def _no_download(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("a case tried to download a file")


def _patch_io() -> None:
    for lazy in (tf.keras.applications, tf.keras.datasets, tf.keras.utils):
        dir(lazy)  # load TensorFlow's lazy alias modules before patching by identity
    datasets = {
        keras.datasets.mnist.load_data: _fake_load_data((28, 28), ()),
        keras.datasets.fashion_mnist.load_data: _fake_load_data((28, 28), ()),
        keras.datasets.cifar10.load_data: _fake_load_data((32, 32, 3), (1,)),
        keras.datasets.cifar100.load_data: _fake_load_data((32, 32, 3), (1,)),
        keras.datasets.imdb.load_data: _fake_imdb,
    }
    for original, fake in datasets.items():
        _replace_everywhere(original, fake)
    for loader in (keras.utils.image_dataset_from_directory,
                   keras.utils.text_dataset_from_directory, keras.utils.plot_model):
        _replace_everywhere(loader, _Dummy())
    generator = tf.keras.preprocessing.image.ImageDataGenerator
    for method in ("flow", "flow_from_directory", "flow_from_dataframe"):
        setattr(generator, method, _Dummy())
    _replace_everywhere(keras.utils.get_file, _no_download)
    for name in dir(keras.applications):
        value = getattr(keras.applications, name)
        if callable(value) and name[:1].isupper():
            _replace_everywhere(value, _no_weights(value))


def install() -> None:
    """Patch Keras once for the whole run."""
    _patch_dense()
    _patch_training()
    _patch_io()
    _wrap_init(_sequential.Sequential, _remember_model)
    _wrap_init(_functional.Functional, _remember_model)
    _wrap_init(_model.Model, _remember_model)


def _free_names(tree: ast.AST) -> set[str]:
    loaded, bound = set(), set(dir(builtins))
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    return loaded - bound


def _injected(name: str, extra: dict[str, Any]) -> Any:
    if name in extra:
        return extra[name]
    modules = {"np": np, "numpy": np, "tf": tf, "keras": keras}
    if name in modules:
        return modules[name]
    for source in (keras.layers, keras.models, keras.optimizers, keras.applications,
                   keras.callbacks, keras.utils):
        if hasattr(source, name):
            return getattr(source, name)
    return _Dummy()


def _output_shapes(model: Any) -> list[tuple[Any, ...]]:
    try:
        return [tuple(t.shape) for t in model.outputs]
    except (AttributeError, ValueError, TypeError):
        pass
    shapes = getattr(model, "_build_shapes_dict", None)
    if not shapes:
        return []
    (shape,) = shapes.values()
    out = model(keras.Input(shape=tuple(shape)[1:]))
    return [tuple(t.shape) for t in tf.nest.flatten(out)]


@dataclass(frozen=True)
class Verdict:
    """One file's outcome."""

    name: str
    status: str  # "positive", "negative", "hand-positive", "hand-negative", "FAIL"
    detail: str = ""


def _markers(source: str) -> set[int]:
    return {n for n, line in enumerate(source.splitlines(), 1) if MARKER.search(line)}


def _expected_lines(name: str) -> tuple[set[int], int]:
    """Lines Keras says must carry FL001, and how many models had known outputs."""
    lines, judged = set(), 0
    for model in REC.models:
        shapes = _output_shapes(model)
        if not shapes:
            continue
        judged += 1
        if name in INTENDED or all(len(s) <= 2 for s in shapes):
            continue
        spatial = [
            layer for layer in model._flatten_layers(include_self=False, recursive=True)
            if REC.dense_rank.get(id(layer), 0) > 2
        ]
        if spatial:
            first = min(spatial, key=lambda layer: REC.dense_order[id(layer)])
            lines.add(REC.dense_line.get(id(first)) or -1)
    return lines, judged


def verify(path: Path) -> Verdict:
    """Run one case file and compare its markers with what Keras built."""
    source = path.read_text()
    name, marked = path.name, _markers(source)
    if not source.startswith("# Pattern:"):
        return Verdict(name, "FAIL", "first line must be a '# Pattern:' comment")
    if name in BY_HAND:
        count, _reason = BY_HAND[name]
        if len(marked) != count:
            return Verdict(name, "FAIL", f"by-hand truth wants {count} marker(s), file has {len(marked)}")
        return Verdict(name, "hand-positive" if count else "hand-negative")
    global REC
    REC = Recorder(path=str(path))
    tree = ast.parse(source)
    namespace: dict[str, Any] = {"__name__": "__main__", "__file__": str(path)}
    extra = INJECT.get(name, {})
    namespace.update({n: _injected(n, extra) for n in _free_names(tree)})
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(source, str(path), "exec"), namespace)  # noqa: S102
            expected, judged = _expected_lines(name)
    except Exception as error:  # noqa: BLE001 - a case that does not run is broken
        return Verdict(name, "FAIL", f"{type(error).__name__}: {str(error)[:200]}")
    if not judged:
        return Verdict(name, "FAIL", "no model with known output shapes was built")
    if expected != marked:
        return Verdict(name, "FAIL", f"Keras says lines {sorted(expected)}, markers on {sorted(marked)}")
    return Verdict(name, "positive" if marked else "negative", f"{judged} model(s)")


def main(argv: list[str]) -> int:
    install()
    paths = [Path(p) for p in argv] or sorted(CASES.glob("*.py"))
    verdicts = [verify(p) for p in paths]
    for v in verdicts:
        print(f"{v.status:14} {v.name}  {v.detail}")
    counts = {s: sum(v.status == s for v in verdicts)
              for s in ("positive", "negative", "hand-positive", "hand-negative", "FAIL")}
    print(", ".join(f"{k}: {n}" for k, n in counts.items()), f"(total {len(verdicts)})")
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
