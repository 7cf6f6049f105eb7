"""Regenerate ``flatten_lint/backbones_data.py`` by building every keras.applications model.

Dev script, not part of the static path: it imports Keras, builds each model with
``weights=None`` (nothing is downloaded) and measures input defaults, output
channels, parameter counts and the chain of spatial operations from input to
feature map, which it then checks against Keras on many input sizes.

    /work/venv/bin/python bench/gen_backbones.py [--only ResNet50 ... | --names-only] [--out PATH]

Measuring everything takes about 25 minutes on 2 cores; ``--only`` re-measures
the named models and keeps the other entries of the current table;
``--names-only`` re-measures only ``output_layer`` for every model (about 5 minutes).
"""
from __future__ import annotations

import argparse
import gc
import inspect
import itertools
import pprint
import re
import sys
import time
import warnings
from pathlib import Path
from typing import Optional

import keras
from keras import applications, layers
from keras.src import layers as source_layers
from keras.src.applications import imagenet_utils

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from flatten_lint import backbones_data  # noqa: E402
from flatten_lint.backbones import spatial_size  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "flatten_lint" / "backbones_data.py"

# Constructor arguments that decide the output shape or are handled by the rules.
STANDARD = {"include_top", "weights", "input_tensor", "input_shape", "pooling",
            "classes", "classifier_activation", "name"}
# Arguments that change neither shapes nor parameter counts.
IRRELEVANT = {"dropout", "dropout_rate"}
# Arguments that change channels or parameter counts, and the values tabulated.
KNOBS = {
    "alpha": {
        "MobileNet": (0.25, 0.5, 0.75, 1.0),
        "MobileNetV2": (0.35, 0.5, 0.75, 1.0, 1.3, 1.4),
        "MobileNetV3Small": (0.75, 1.0),
        "MobileNetV3Large": (0.75, 1.0),
    },
    "depth_multiplier": {"MobileNet": (1,)},
    "minimalistic": {"MobileNetV3Small": (False, True), "MobileNetV3Large": (False, True)},
    "include_preprocessing": {},  # both values for every model that has it
}
# ``include_top=True`` with ImageNet weights accepts only these square sizes
# (read from the Keras sources; checking it would download weights).
IMAGENET_TOP_SIZES = {
    "MobileNet": (128, 160, 192, 224),
    "MobileNetV2": (96, 128, 160, 192, 224),
    "MobileNetV3Small": None,  # any size (Keras only warns)
    "MobileNetV3Large": None,
}
SPATIAL_LAYERS = (layers.Conv2D, layers.DepthwiseConv2D, layers.SeparableConv2D,
                  layers.MaxPooling2D, layers.AveragePooling2D, layers.ZeroPadding2D,
                  layers.Cropping2D)


class TaggedZeroPadding2D(layers.ZeroPadding2D):
    """A ZeroPadding2D that remembers whether ``imagenet_utils.correct_pad`` chose
    its padding (which then depends on the size the model is built for)."""

    pending = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.corrected, TaggedZeroPadding2D.pending = TaggedZeroPadding2D.pending, False


def tagging_correct_pad(inputs, kernel_size, original=imagenet_utils.correct_pad):
    TaggedZeroPadding2D.pending = True
    return original(inputs, kernel_size)


# The application modules look both names up at call time.
imagenet_utils.correct_pad = tagging_correct_pad
source_layers.ZeroPadding2D = TaggedZeroPadding2D


def application_modules() -> dict:
    """Each keras.applications submodule and the model constructors it exports."""
    modules = {}
    for name in sorted(dir(applications)):
        module = getattr(applications, name)
        if inspect.ismodule(module):
            modules[name] = tuple(sorted(n for n in dir(module)
                                         if n[0].isupper() and callable(getattr(module, n))))
    return modules


def build(name: str, fresh: bool = True, **kwargs) -> keras.Model:
    """``name(weights=None, **kwargs)``; ``fresh``: in a new session (layer counters reset)."""
    if fresh:
        keras.backend.clear_session(free_memory=False)
        gc.collect()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return getattr(applications, name)(weights=None, **kwargs)


def counts(model: keras.Model) -> tuple:
    trainable = sum(int(w.numpy().size) for w in model.trainable_weights)
    return model.count_params(), trainable


def min_size(name: str) -> int:
    """The smallest side Keras accepts, read from the error on a 1x1 input."""
    try:
        build(name, include_top=False, input_shape=(1, 1, 3))
    except ValueError as error:
        return int(re.search(r"at least (\d+)", str(error)).group(1))
    raise AssertionError(f"{name} accepted a 1x1 input")


def axis_op(layer, axis: int):
    """The effect of one layer on spatial axis ``axis`` (0 rows, 1 cols), or None."""
    if isinstance(layer, layers.ZeroPadding2D):
        return ("corrected" if getattr(layer, "corrected", False) else "pad", *layer.padding[axis])
    if isinstance(layer, layers.Cropping2D):
        return ("pad", -sum(layer.cropping[axis]), 0)
    if isinstance(layer, (layers.MaxPooling2D, layers.AveragePooling2D)):
        size, stride, padding, dilation = layer.pool_size[axis], layer.strides[axis], layer.padding, 1
    else:
        size, stride, padding = layer.kernel_size[axis], layer.strides[axis], layer.padding
        dilation = layer.dilation_rate[axis]
    if padding == "same":
        return ("same", stride) if stride > 1 else None
    span = dilation * (size - 1) + 1
    return ("valid", span, stride) if (span, stride) != (1, 1) else None


def layer_ops(layer) -> list:
    """The (rows, cols) operations of one layer, a nested Sequential included, in order."""
    if isinstance(layer, keras.Sequential):
        return [op for inner in layer.layers for op in layer_ops(inner)]
    if not isinstance(layer, SPATIAL_LAYERS):
        return []
    ops = (axis_op(layer, 0), axis_op(layer, 1))
    return [ops] if ops != (None, None) else []


def spatial_chain(model: keras.Model) -> tuple:
    """The spatial operations on one path from the input to the output of an open-size model.

    Every branch that merges must agree in size, so any path gives the size; at a
    merge we follow an input as large as the output (not a squeeze-excite branch).
    """
    ops = []
    tensor = model.outputs[0]
    while True:
        operation, node_index, _ = tensor._keras_history
        node = operation._inbound_nodes[node_index]
        if not node.input_tensors:
            break
        found = layer_ops(operation)
        ops.extend(reversed(found))
        candidates = [t for t in node.input_tensors if len(t.shape) == 4
                      and tuple(t.shape[1:3]) == tuple(tensor.shape[1:3])]
        if found or isinstance(operation, SPATIAL_LAYERS):
            candidates = node.input_tensors
        elif not candidates:
            raise AssertionError(f"{model.name}: {operation.name} changes the spatial size")
        tensor = candidates[0]
    assert all(rows == cols for rows, cols in ops), f"{model.name}: rows and columns differ"
    return merge_pads([rows for rows, _ in reversed(ops)])


def merge_pads(ops: list) -> tuple:
    """Sum each padding; fold ``correct_pad`` and its stride-2 kernel into ``("corrected", k)``.

    ``correct_pad`` pads ``(k//2 - 1, k//2)`` in a model built for any size (and
    for an even one), ``(k//2, k//2)`` for an odd one.
    """
    chain, index = [], 0
    while index < len(ops):
        op = ops[index]
        index += 1
        if op[0] == "corrected":
            after = ops[index]
            assert after[0] == "valid" and after[2] == 2 and op[1:] == (
                after[1] // 2 - 1, after[1] // 2), f"unexpected correct_pad {op} before {after}"
            chain.append(("corrected", after[1]))
            index += 1
        elif op[0] != "pad":
            chain.append(op)
        elif op[1] + op[2]:
            chain.append(("pad", op[1] + op[2]))
    return tuple(chain)


def check_chain(name: str, chain: tuple, smallest: int, default: int, open_model) -> bool:
    """Compare ``chain`` with Keras: an open-size model on many sizes, and models
    built for a few sizes whose halvings hit odd numbers.

    Returns whether the open-size model can be called on a fixed size at all
    (NASNet cannot: its reduction cells only line up when built for a size).
    """
    sizes = list(range(smallest, smallest + 70)) + [default, default + 1, 255, 300, 331, 517]
    callable_ = True
    for rows, cols in itertools.chain(((n, n) for n in sizes), [(smallest + 5, default)]):
        try:
            got = open_model.compute_output_shape((1, rows, cols, 3))[1:3]
        except ValueError:
            assert not callable_ or rows == smallest, f"{name} open fails at {rows}x{cols} only"
            callable_ = False
            continue
        assert callable_, f"{name} open fails at some sizes only"
        want = (spatial_size(chain, rows, False), spatial_size(chain, cols, False))
        assert tuple(got) == want, f"{name} open at {rows}x{cols}: keras {got}, chain {want}"
    if (chain, smallest) in CHECKED:
        return callable_
    for rows, cols in [(smallest, smallest + 1), (100, 151), (default + 1, default + 1)]:
        model = build(name, include_top=False, input_shape=(rows, cols, 3))
        got = tuple(model.outputs[0].shape[1:3])
        want = (spatial_size(chain, rows, True), spatial_size(chain, cols, True))
        assert got == want, f"{name} built at {rows}x{cols}: keras {got}, chain {want}"
    CHECKED.add((chain, smallest))
    return callable_


CHECKED: set = set()  # (chain, min size) pairs already checked on models built for a size


def knob_grid(name: str, signature: dict) -> tuple:
    """The knobs ``name`` takes, the values tabulated for each, and their defaults."""
    knobs = tuple(k for k in KNOBS if k in signature)
    grids = [KNOBS[k].get(name, (True, False)) for k in knobs]
    return knobs, grids, tuple(signature[k].default for k in knobs)


def output_layer(name: str, side: int) -> Optional[str]:
    """The name ``n`` with ``base.get_layer(n).output is base.output`` for
    ``base = name(include_top=False)``, or None unless it is reliable: the same
    for every knob, kept when the model is built again in the same session
    (Keras numbers unnamed layers per session), and, with the top or with
    pooling, still the layer holding the unpooled feature map.
    """
    shape = (side, side, 3)
    base = build(name, include_top=False, input_shape=shape)
    found = base.layers[-1].name
    assert base.get_layer(found).output is base.output, f"{name}: last layer is not the output"
    for kwargs in ({"include_top": True}, {"include_top": False, "pooling": "avg"}):
        other = build(name, fresh=False, input_shape=shape, **kwargs)
        if found not in {layer.name for layer in other.layers} or (
                other.get_layer(found).output.shape != base.output.shape):
            return None
    knobs, grids, defaults = knob_grid(name, inspect.signature(getattr(applications, name)).parameters)
    for values in itertools.product(*grids):
        if values != defaults and build(name, include_top=False, input_shape=shape,
                                        **dict(zip(knobs, values))).layers[-1].name != found:
            return None
    return found


def measure(name: str, modules: dict) -> dict:
    signature = inspect.signature(getattr(applications, name)).parameters
    extra = set(signature) - STANDARD - IRRELEVANT - set(KNOBS)
    assert not extra, f"{name}: decide how {sorted(extra)} affects the output"
    assert [signature[k].default for k in ("include_top", "weights", "pooling", "classes")] == [
        True, "imagenet", None, 1000], f"{name}: defaults differ from the usual ones"
    knobs, grids, defaults = knob_grid(name, signature)

    open_model = build(name, include_top=False)
    open_size = open_model.inputs[0].shape[1]
    top = build(name, include_top=True)
    top_size = top.inputs[0].shape[1]
    default = top_size or 224
    flexible = open_model if open_size is None else build(
        name, include_top=False, input_shape=(None, None, 3))
    chain = spatial_chain(flexible)
    smallest = min_size(name)
    open_calls = check_chain(name, chain, smallest, default, flexible)

    # Parameters of a Flatten head grow with the feature map; measure at a second size.
    other = default + 32
    other_top = build(name, include_top=True, input_shape=(other, other, 3))
    pixels = spatial_size(chain, other, True) ** 2 - spatial_size(chain, default, True) ** 2
    head_per_pixel, rest = divmod(other_top.count_params() - top.count_params(), pixels)
    assert rest == 0, name

    variants = {}
    for values in itertools.product(*grids):
        kwargs = dict(zip(knobs, values))
        notop = open_model if values == defaults else build(name, include_top=False, **kwargs)
        full = top if values == defaults else build(name, include_top=True, **kwargs)
        head = [layer for layer in full.layers if layer.weights][-1]
        per_class, rest = divmod(head.count_params(), 1000)
        assert rest == 0, f"{name}: classifier {head.name} is not linear in classes"
        channels = notop.outputs[0].shape[-1]
        variants[values] = (channels, *counts(notop), *counts(full), per_class)
    knobs, variants = drop_idle_switches(knobs, defaults, variants)
    return {
        "modules": tuple(m for m, names in modules.items() if name in names),
        "signature": tuple(signature),
        "default_size": default,
        "min_size": smallest,
        "notop_size": open_size,
        "top_size": top_size,
        "imagenet_top_sizes": IMAGENET_TOP_SIZES.get(name, (default,)),
        "spatial": chain,
        "open_calls": open_calls,
        "head_per_pixel": head_per_pixel,
        "knobs": knobs,
        "variants": variants,
        "output_layer": output_layer(name, smallest),
    }


def drop_idle_switches(names: tuple, defaults: tuple, variants: dict) -> tuple:
    """Drop on/off knobs (``include_preprocessing``) that change no number."""
    keep = []
    for index, name in enumerate(names):
        values = {key[index] for key in variants}
        rest = {key[:index] + key[index + 1:]: variants[key] for key in variants}
        if values == {True, False} and all(
                variants[key] == rest[key[:index] + key[index + 1:]] for key in variants):
            continue
        keep.append(index)
    table = {tuple(key[i] for i in keep): value for key, value in variants.items()}
    return tuple((names[i], defaults[i]) for i in keep), table


def literal(name: str, value, indent: int = 0) -> str:
    """``value`` as a Python literal assignment or dict entry, one field a line."""
    pad = " " * indent
    if isinstance(value, dict) and value and indent < 8:
        body = "".join(literal(repr(k), v, indent + 4) for k, v in value.items())
        head = f"{name} = {{\n" if indent == 0 else f"{pad}{name}: {{\n"
        return head + body + ("}\n" if indent == 0 else f"{pad}}},\n")
    text = pprint.pformat(value, width=max(100 - indent - len(name) - 2, 40))
    text = text.replace("\n", "\n" + " " * (indent + len(name) + 2))
    return f"{name} = {text}\n" if indent == 0 else f"{pad}{name}: {text},\n"


HEADER = '''"""Measured facts about keras.applications models (Keras {version}).

GENERATED by bench/gen_backbones.py from real Keras with ``weights=None``; do not
edit by hand.  See flatten_lint/backbones.py for what each field means.
"""

'''


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--only", nargs="*", help="re-measure only these models")
    choice.add_argument("--names-only", action="store_true",
                        help="re-measure only output_layer, for every model")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    modules = application_modules()
    every = {n for n in dir(applications) if n[0].isupper()}
    every.update(n for names in modules.values() for n in names)
    partial = args.only or args.names_only
    assert not partial or backbones_data.KERAS_VERSION == keras.__version__, (
        "the table was measured on another Keras: regenerate it all")
    table = dict(backbones_data.MODELS) if partial else {}
    if args.names_only:
        assert set(table) == every, "the table lacks models: regenerate it all"
    for name in args.only or sorted(every):
        start = time.time()
        if args.names_only:
            table[name] = {**table[name], "output_layer": output_layer(name, table[name]["min_size"])}
        else:
            table[name] = measure(name, modules)
        print(f"{name}: {time.time() - start:.1f}s", file=sys.stderr)
    table = {name: table[name] for name in sorted(table)}
    text = (HEADER.format(version=keras.__version__)
            + literal("KERAS_VERSION", keras.__version__) + "\n"
            + literal("APPLICATION_MODULES", modules) + "\n"
            + literal("MODELS", table))
    args.out.write_text(text)
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
