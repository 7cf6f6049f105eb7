"""Static, Keras-exact output shapes and parameter counts (no TensorFlow import).

A shape is a tuple of dims, batch first: an ``int``, ``None`` (a dimension that
Keras itself leaves open, like the batch) or ``UNK`` (a dimension we could not
work out).  A shape of ``None`` means even the rank is unknown.

Each catalogue ``family`` has one rule below.  An Unknown argument blurs only the
dims it touches; a Keras 1 call (``catalogue.is_legacy``) is trusted for its
rank only.  Nothing here raises on odd argument values.
"""
from __future__ import annotations

import math
import operator
from dataclasses import dataclass, replace
from typing import Any, Callable, Dict, List, Optional, Sequence, Set, Tuple, Union

from . import catalogue
from .ir import Layer, Model, Unknown


class _Unk:
    __slots__ = ()

    def __repr__(self) -> str:
        return "?"


UNK = _Unk()
Dim = Union[int, None, _Unk]
Shape = Tuple[Dim, ...]


@dataclass(frozen=True)
class LayerResult:
    """What one node produces: its output shape and its parameters.

    ``error`` is set when Keras itself would refuse to build this layer on its
    input (then ``shape`` is None); ``error_kind`` classifies it for rules:
    ``"rank"`` (input rank too low, e.g. a missing channel axis),
    ``"nonpositive"`` (an output size of zero or less), ``"undefined"`` (a
    weight shape that depends on a ``None`` dimension), ``"upstream"`` (an earlier layer
    fails, so this one never exists) or ``"other"``.
    """

    shape: Optional[Shape]
    params: Optional[int] = 0
    trainable: Optional[int] = 0
    error: Optional[str] = None
    error_kind: Optional[str] = None


def rank(shape: Optional[Shape]) -> Optional[int]:
    """The rank of ``shape`` (batch axis included), None when unknown."""
    return None if shape is None else len(shape)


def format_shape(shape: Optional[Shape]) -> str:
    """Keras-style text: ``(None, 1, 15, 32)``, ``?`` for an unknown dim or rank."""
    if shape is None:
        return "?"
    parts = [str(dim) for dim in shape]  # UNK prints as "?"
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def infer(model: Model, input_shapes: Optional[Sequence[Optional[Shape]]] = None
          ) -> Tuple[LayerResult, ...]:
    """One result per node of ``model``, in node order.

    ``input_shapes`` are the shapes a nested model is called on: its k-th Input
    node takes the k-th of them when its own shape is unknown.
    """
    outer = list(input_shapes or ())
    results: List[LayerResult] = []
    seen_inputs = 0
    applied: Set[int] = set()
    for node in model.nodes:
        if any(results[i].error for i in node.inputs if 0 <= i < len(results)):
            results.append(_AFTER_ERROR)  # Keras stops at the first error: nothing after it exists
            continue
        if catalogue.role(node.layer.kind) == "input":
            result = layer_result(node.layer, ())
            if result.shape is None and result.error is None and seen_inputs < len(outer):
                result = LayerResult(outer[seen_inputs])
            seen_inputs += 1
        else:
            result = layer_result(node.layer, [results[i].shape if 0 <= i < len(results) else None
                                               for i in node.inputs])
            if id(node.layer) in applied:  # a shared layer: its weights are counted at its first call
                result = replace(result, params=0 if result.params is not None else None,
                                 trainable=0 if result.trainable is not None else None)
            applied.add(id(node.layer))
        results.append(result)
    return tuple(results)


def layer_result(layer: Layer, inputs: Sequence[Optional[Shape]]) -> LayerResult:
    """Output shape and parameters of ``layer`` applied to tensors of shapes ``inputs``."""
    shapes = list(inputs)
    if catalogue.role(layer.kind) == "backbone":
        from . import backbones  # imported late: backbones builds on this module
        return backbones.backbone_result(layer, shapes[0] if len(shapes) == 1 else None)
    entry = catalogue.spec(layer.kind)
    if entry is None or not entry.family:
        return _UNKNOWN
    args = _Args(layer, entry)
    refused = None if args.legacy else _refused_argument(args)
    if refused is not None:
        return _fail("other", refused)
    if entry.family in _MULTI_INPUT:
        result = _MULTI_INPUT[entry.family](args, shapes)
    elif len(shapes) > 1:
        return _UNKNOWN
    else:
        shape = shapes[0] if shapes else None
        result = _rank_error(entry, shape) or _SINGLE_INPUT[entry.family](args, shape)
    return _finish(args, result)


# --- arguments and dims -------------------------------------------------------------------

_MAX_DIM = 2 ** 31 - 1
_MISSING = Unknown("argument not given")
_LEGACY = Unknown("Keras 1 call")
_UNKNOWN = LayerResult(None, None, None)
_AFTER_ERROR = LayerResult(None, None, None, "an earlier layer cannot be built", "upstream")


class _Args:
    """The bound arguments of one call, with catalogue defaults for what is not given."""

    def __init__(self, layer: Layer, entry: catalogue.Spec) -> None:
        self.layer = layer
        self.spec = entry
        self.values = catalogue.bind(layer)
        self.legacy = catalogue.is_legacy(layer)

    def __getitem__(self, name: str) -> Any:
        if self.legacy and name not in catalogue.RANK_ARGS:
            return _LEGACY
        if name in self.values:
            return self.values[name]
        return self.spec.defaults.get(name, _MISSING)


_POSITIVE_ARGS = ("filters", "units", "kernel_size", "strides", "pool_size", "dilation_rate",
                  "depth_multiplier", "size", "output_dim", "n")
_SPATIAL_ARGS = ("kernel_size", "strides", "pool_size", "dilation_rate")
_PADDINGS = ("valid", "same", "causal", "full")


def _refused_argument(args: _Args) -> Optional[str]:
    """Why Keras refuses one of the literal arguments (a missing or non-positive size, an
    unknown padding or data format, a dropout rate outside [0, 1]), or None; Unknown values
    are not judged."""
    rank, role = args.spec.rank, args.spec.role
    for name in _POSITIVE_ARGS:
        if name not in args.spec.signature and name not in args.values:
            continue
        if name not in args.values:
            if name in args.spec.defaults:
                continue
            return f"Keras needs the argument {name}"
        value = args.values[name]
        if isinstance(value, Unknown) or (value is None and name == "strides" and role == "pool"):
            continue  # pooling: strides default to the window
        items = value if isinstance(value, tuple) else (value,)
        # Keras checks isinstance(value, int), which True passes
        if not items or not all(isinstance(v, int) and 1 <= v <= _MAX_DIM for v in items
                                if not isinstance(v, Unknown)) \
                or (isinstance(value, tuple) and name in _SPATIAL_ARGS and rank and len(value) != rank):
            return f"Keras refuses {name}={value!r}: it must be a positive integer (or a tuple of them)"
    padding = args.values.get("padding")
    if padding is not None and not isinstance(padding, Unknown):
        if role == "resize":  # ZeroPadding: amounts (Keras takes negative ones too)
            if not _amounts(padding, low=None):
                return f"Keras refuses padding={padding!r}: it must be integers"
        else:  # a mode; convolutions accept "SAME", pooling layers only lower case
            spelled = padding.lower() if isinstance(padding, str) and role != "pool" else padding
            if spelled not in _PADDINGS:
                return f"Keras refuses padding={padding!r}"
    cropping = args.values.get("cropping")
    if cropping is not None and not isinstance(cropping, Unknown) and not _amounts(cropping, low=0):
        return f"Keras refuses cropping={cropping!r}: it must be non-negative integers"
    data_format = args.values.get("data_format")
    if isinstance(data_format, str) and data_format.lower() not in ("channels_last", "channels_first") or \
            data_format is not None and not isinstance(data_format, (str, Unknown)):
        return f"Keras refuses data_format={data_format!r}"
    activation = args.values.get("activation")
    if isinstance(activation, (int, float, tuple)):  # Keras 0's Dense(4096, 512) meant (inputs, units)
        return f"Keras refuses activation={activation!r}: it must be a name or a function"
    if "rate" in args.spec.signature or "rate" in args.values:
        rate = args.values.get("rate", args.spec.defaults.get("rate"))
        if not isinstance(rate, Unknown) and \
                (isinstance(rate, (bool, str)) or not isinstance(rate, (int, float)) or not 0 <= rate <= 1):
            return f"Keras refuses rate={rate!r}: it must be a number between 0 and 1"
    return None


def _amounts(value: Any, low: Optional[int]) -> bool:
    """Padding or cropping amounts: ints (at least ``low``), possibly in (nested) tuples."""
    if isinstance(value, Unknown):
        return True
    if isinstance(value, tuple):
        return bool(value) and all(_amounts(v, low) for v in value)
    return _is_int(value) and (low is None or value >= low)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _size(value: Any, low: int = 1) -> Dim:
    """An integer argument within Keras' range, else UNK."""
    return value if _is_int(value) and low <= value <= _MAX_DIM else UNK


def _sizes(value: Any, n: int, low: int = 1) -> Tuple[Dim, ...]:
    """An int-or-tuple argument (``kernel_size=3`` or ``(3, 1)``) as ``n`` dims."""
    if isinstance(value, tuple):
        return tuple(_size(v, low) for v in value) if len(value) == n else (UNK,) * n
    return (_size(value, low),) * n


def _choice(value: Any, options: Tuple[str, ...]) -> Union[str, _Unk]:
    return value.lower() if isinstance(value, str) and value.lower() in options else UNK


def _format(value: Any) -> Union[str, _Unk]:
    return "channels_last" if value is None else _choice(value, ("channels_last", "channels_first"))


def _bool(value: Any) -> Union[bool, _Unk]:
    return value if isinstance(value, bool) else UNK


def _bit(value: Any) -> Dim:
    """A boolean argument as 0/1 (for parameter counts), else UNK."""
    return int(value) if isinstance(value, bool) else UNK


def _calc(fn: Callable[..., int], *dims: Dim) -> Dim:
    """``fn`` of the dims: None if any is None (Keras leaves it open), UNK if any is unknown."""
    if any(d is None for d in dims):
        return None
    if not all(_is_int(d) for d in dims):
        return UNK
    return fn(*dims)


def _prod(dims: Sequence[Dim]) -> Dim:
    return _calc(lambda *d: math.prod(d), *dims)


def _count(fn: Callable[..., int], *values: Dim) -> Optional[int]:
    """A parameter count, or None when any factor is not a known int."""
    return fn(*values) if all(_is_int(v) for v in values) else None


def _axis(value: Any, ndim: int) -> Optional[int]:
    """A Keras axis argument normalised to ``[1, ndim)``, or None."""
    if not _is_int(value) or not -ndim <= value < ndim:
        return None
    value %= ndim
    return value if value else None


def _made(shape: Optional[Shape], params: Optional[int] = 0,
          trainable: Union[int, None, _Unk] = UNK) -> LayerResult:
    """A successful result; ``trainable`` defaults to all of ``params``."""
    return LayerResult(shape, params, params if trainable is UNK else trainable)


def _fail(kind: str, message: str) -> LayerResult:
    return LayerResult(None, None, None, message, kind)


def _rank_error(entry: catalogue.Spec, shape: Optional[Shape]) -> Optional[LayerResult]:
    if shape is None:
        return None
    low, high = entry.ndim
    if low is not None and len(shape) < low:
        word = "ndim" if high == low else "min_ndim"
        return _fail("rank", f"expected {word}={low}, found ndim={len(shape)}; "
                             f"input shape {format_shape(shape)}")
    if high is not None and len(shape) > high:
        return _fail("other", f"expected ndim={high}, found ndim={len(shape)}; "
                              f"input shape {format_shape(shape)}")
    return None


def _finish(args: _Args, result: LayerResult) -> LayerResult:
    """Apply what every layer shares: legacy calls count no parameters, ``trainable=``."""
    if result.error is not None:
        return result
    if args.legacy:
        result = replace(result, params=None, trainable=None)
    splat = any(key in catalogue.SPLATS for key, _ in args.layer.kwargs)
    trainable = args.values.get("trainable", _MISSING if splat else True)
    if trainable is not True:
        result = replace(result, trainable=0 if trainable is False else None)
    return result


# --- channels and spatial axes ------------------------------------------------------------

def _split(shape: Optional[Shape], fmt: Any, spatial_rank: int) -> Tuple[Dim, Shape, Dim]:
    """(batch, spatial dims, channels) of a rank ``spatial_rank + 2`` tensor."""
    if shape is None:
        return None, (UNK,) * spatial_rank, UNK
    if fmt is UNK:
        return shape[0], (UNK,) * spatial_rank, UNK
    if fmt == "channels_last":
        return shape[0], tuple(shape[1:-1]), shape[-1]
    return shape[0], tuple(shape[2:]), shape[1]


def _join(batch: Dim, spatial: Shape, channels: Dim, fmt: Any) -> Shape:
    if fmt is UNK:
        return (batch,) + (UNK,) * (len(spatial) + 1)
    if fmt == "channels_last":
        return (batch,) + tuple(spatial) + (channels,)
    return (batch, channels) + tuple(spatial)


def _conv_length(n: Dim, k: Dim, s: Dim, d: Dim, padding: Any) -> Dim:
    if padding is UNK:
        return None if n is None else UNK
    if padding == "valid":
        return _calc(lambda n, k, s, d: (n - d * (k - 1) - 1) // s + 1, n, k, s, d)
    return _calc(lambda n, s: (n - 1) // s + 1, n, s)


def _transpose_length(n: Dim, k: Dim, s: Dim, d: Dim, padding: Any, out_pad: Dim) -> Dim:
    if padding is UNK:
        return None if n is None else UNK
    if out_pad is None:
        if padding == "same":
            return _calc(operator.mul, n, s)
        return _calc(lambda n, k, s, d: (n - 1) * s + max((k - 1) * d + 1, s), n, k, s, d)
    if padding == "same":
        return _calc(lambda n, k, s, d, p: (n - 1) * s + ((k - 1) * d + 1) % 2 + p,
                     n, k, s, d, out_pad)
    return _calc(lambda n, k, s, d, p: (n - 1) * s + (k - 1) * d + 1 + p, n, k, s, d, out_pad)


def _nonpositive(lengths: Sequence[Dim], shape: Optional[Shape]) -> Optional[LayerResult]:
    if any(_is_int(n) and n <= 0 for n in lengths):
        return _fail("nonpositive", "computed output size would be zero or negative; "
                                    f"input shape {format_shape(shape)}")
    return None


def _strided_and_dilated(strides: Shape, dilation: Shape) -> bool:
    return any(_is_int(s) and s > 1 for s in strides) and any(_is_int(d) and d > 1 for d in dilation)


# --- the family rules ---------------------------------------------------------------------

def _input(args: _Args, shape: Optional[Shape]) -> LayerResult:
    for name in ("batch_shape", "batch_input_shape"):
        full = args[name]
        if full is not None and full is not _MISSING:
            return _declared(full, None, batch_included=True)
    dims = args["shape"]
    if dims is _MISSING:
        dims = args["input_shape"]
    if dims is None:
        return _fail("other", "an Input needs a shape")
    batch = args["batch_size"]
    batch = None if batch is None or batch is _MISSING else _size(batch)
    return _declared(dims, batch, batch_included=False)


def _declared(value: Any, batch: Dim, batch_included: bool) -> LayerResult:
    if _is_int(value):
        return _fail("other", f"cannot convert {value!r} to a shape")
    if not isinstance(value, tuple) or (batch_included and not value):
        return _made(None)
    if any(not isinstance(d, Unknown) and d is not None and not (_is_int(d) and d >= 0) for d in value):
        return _fail("other", f"cannot convert {value!r} to a shape")
    dims = tuple(d if d is None else _size(d, low=0) for d in value)
    return _made(dims if batch_included else (batch,) + dims)


def _conv(args: _Args, shape: Optional[Shape]) -> LayerResult:
    """Conv, SeparableConv, DepthwiseConv and ConvTranspose layers."""
    family, spatial_rank = args.spec.family, args.spec.rank or 0
    if shape is not None and len(shape) > spatial_rank + 2:
        return _fail("other", f"a {spatial_rank}D kernel cannot slide over input shape "
                              f"{format_shape(shape)}")
    fmt = _format(args["data_format"])
    kernel = _sizes(args["kernel_size"], spatial_rank)
    strides = _sizes(args["strides"], spatial_rank)
    dilation = _sizes(args["dilation_rate"], spatial_rank)
    causal = ("causal",) if family == "conv" and spatial_rank == 1 else ()
    padding = _choice(args["padding"], ("valid", "same") + causal)
    if family in ("conv", "transpose") and _strided_and_dilated(strides, dilation):
        return _fail("other", "strides > 1 not supported together with dilation_rate > 1")
    batch, spatial, channels = _split(shape, fmt, spatial_rank)
    bias = _bit(args["use_bias"])
    multiplier = _size(args["depth_multiplier"])
    filters = _calc(operator.mul, channels, multiplier) if family == "depthwise" \
        else _size(args["filters"])
    if family == "transpose":
        out_pad = args["output_padding"]
        pads = (None,) * spatial_rank if out_pad is None else _sizes(out_pad, spatial_rank, low=0)
        if any(_is_int(p) and _is_int(s) and p >= s for p, s in zip(pads, strides)):
            return _fail("other", "output_padding must be strictly less than strides")
        lengths = tuple(_transpose_length(*dims, padding, p)
                        for dims, p in zip(zip(spatial, kernel, strides, dilation), pads))
    else:
        lengths = tuple(_conv_length(*dims, padding) for dims in zip(spatial, kernel, strides, dilation))
    groups = _size(args["groups"]) if family == "conv" else 1
    if _is_int(filters) and _is_int(groups) and filters % groups:
        return _fail("other", f"filters={filters} is not divisible by groups={groups}")
    if channels is None:
        return _fail("undefined", "the channel axis of the input is None; kernel shape undefined")
    if _is_int(channels) and _is_int(groups) and channels % groups:
        return _fail("other", f"{channels} input channels are not divisible by groups={groups}")
    if padding == "valid" and family != "transpose":
        error = _nonpositive(lengths, shape)
        if error:
            return error
    params = _count(_CONV_WEIGHTS[family], _prod(kernel), channels, multiplier, groups, filters, bias)
    return _made(_join(batch, lengths, filters, fmt), params)


# Weights of a conv family from (kernel volume, in channels, depth multiplier, groups, out channels, bias).
_CONV_WEIGHTS: Dict[str, Callable[..., int]] = {
    "conv": lambda k, c, m, g, f, b: k * (c // g) * f + b * f,
    "transpose": lambda k, c, m, g, f, b: k * c * f + b * f,
    "separable": lambda k, c, m, g, f, b: k * c * m + c * m * f + b * f,
    "depthwise": lambda k, c, m, g, f, b: k * c * m + b * f,
}


def _conv_lstm(args: _Args, shape: Optional[Shape]) -> LayerResult:
    spatial_rank = args.spec.rank or 0
    fmt = _format(args["data_format"])
    step = None if shape is None else (shape[0],) + tuple(shape[2:])
    time = UNK if shape is None else shape[1]
    batch, spatial, channels = _split(step, fmt, spatial_rank)
    kernel = _sizes(args["kernel_size"], spatial_rank)
    strides = _sizes(args["strides"], spatial_rank)
    dilation = _sizes(args["dilation_rate"], spatial_rank)
    padding = _choice(args["padding"], ("valid", "same"))
    filters = _size(args["filters"])
    if _strided_and_dilated(strides, dilation):
        return _fail("other", "strides > 1 not supported together with dilation_rate > 1")
    if channels is None:
        return _fail("undefined", "the channel axis of the input is None; kernel shape undefined")
    if None in spatial:
        return _fail("other", "ConvLSTM needs static spatial dims; input shape "
                              f"{format_shape(shape)}")
    lengths = tuple(_conv_length(*dims, padding) for dims in zip(spatial, kernel, strides, dilation))
    if padding == "valid":
        error = _nonpositive(lengths, shape)
        if error:
            return error
    params = _count(lambda k, c, f, b: 4 * f * (k * c + k * f + b),
                    _prod(kernel), channels, filters, _bit(args["use_bias"]))
    out = _join(batch, lengths, filters, fmt)
    return _made(_sequence_output(args, out[:1] + (time,) + out[1:], out), params)


def _sequence_output(args: _Args, sequence: Shape, last: Shape) -> Optional[Shape]:
    """An RNN's output: per step with ``return_sequences``, unknown with ``return_state``."""
    if _bool(args["return_state"]) is not False:
        return None
    return_sequences = _bool(args["return_sequences"])
    if return_sequences is UNK:
        return None
    return sequence if return_sequences else last


def _pool(args: _Args, shape: Optional[Shape]) -> LayerResult:
    spatial_rank = args.spec.rank or 0
    fmt = _format(args["data_format"])
    pool = _sizes(args["pool_size"], spatial_rank)
    strides = args["strides"]
    strides = pool if strides is None else _sizes(strides, spatial_rank)
    padding = _choice(args["padding"], ("valid", "same"))
    batch, spatial, channels = _split(shape, fmt, spatial_rank)
    lengths = tuple(_conv_length(n, p, s, 1, padding) for n, p, s in zip(spatial, pool, strides))
    if padding == "valid":
        error = _nonpositive(lengths, shape)
        if error:
            return error
    return _made(_join(batch, lengths, channels, fmt))


def _global_pool(args: _Args, shape: Optional[Shape]) -> LayerResult:
    spatial_rank = args.spec.rank or 0
    fmt = _format(args["data_format"])
    keepdims = _bool(args["keepdims"])
    batch, _, channels = _split(shape, fmt, spatial_rank)
    if keepdims is UNK:
        return _made(None)
    return _made(_join(batch, (1,) * spatial_rank, channels, fmt) if keepdims else (batch, channels))


def _flatten(args: _Args, shape: Optional[Shape]) -> LayerResult:
    if shape is None:
        return _made((None, UNK))
    return _made((shape[0], _prod(shape[1:])))


def _reshape(args: _Args, shape: Optional[Shape]) -> LayerResult:
    target = args["target_shape"]
    if not isinstance(target, tuple):
        return _made(None)
    dims = [d if d == -1 and _is_int(d) else _size(d) for d in target]
    if dims.count(-1) > 1:
        return _fail("other", "at most one -1 is allowed in target_shape")
    batch = None if shape is None else shape[0]
    total = UNK if shape is None else _prod(shape[1:])
    rest = _prod([d for d in dims if d != -1])
    if -1 in dims:
        if _is_int(total) and _is_int(rest) and total % rest:
            return _fail("other", f"cannot reshape {format_shape(shape)} to {target}")
        fill = _calc(operator.floordiv, total, rest)
        dims = [fill if d == -1 else d for d in dims]
    elif _is_int(total) and _is_int(rest) and total != rest:
        return _fail("other", f"cannot reshape {format_shape(shape)} to {target}")
    return _made((batch,) + tuple(dims))


def _permute(args: _Args, shape: Optional[Shape]) -> LayerResult:
    dims = args["dims"]
    if not (isinstance(dims, tuple) and all(_is_int(d) for d in dims)):
        return _made(None if shape is None else shape[:1] + (UNK,) * (len(shape) - 1))
    if sorted(dims) != list(range(1, len(dims) + 1)):
        return _fail("other", f"invalid permutation dims={dims}")
    if shape is None:
        return _made((None,) + (UNK,) * len(dims))
    if len(shape) != len(dims) + 1:
        kind = "rank" if len(shape) < len(dims) + 1 else "other"
        return _fail(kind, f"expected ndim={len(dims) + 1}, found ndim={len(shape)}")
    return _made(shape[:1] + tuple(shape[d] for d in dims))


def _repeat(args: _Args, shape: Optional[Shape]) -> LayerResult:
    n = _size(args["n"])
    return _made((None, n, UNK) if shape is None else (shape[0], n, shape[1]))


def _dense(args: _Args, shape: Optional[Shape]) -> LayerResult:
    if shape is None:
        return _UNKNOWN
    if shape[-1] is None:
        return _fail("undefined", f"the last axis of input {format_shape(shape)} is None; "
                                  "kernel shape undefined")
    units = _size(args["units"])
    params = _count(lambda i, u, b: i * u + b * u, shape[-1], units, _bit(args["use_bias"]))
    return _made(shape[:-1] + (units,), params)


def _embedding(args: _Args, shape: Optional[Shape]) -> LayerResult:
    dim = _size(args["output_dim"])
    params = _count(operator.mul, _size(args["input_dim"]), dim)
    return _made(None if shape is None else shape + (dim,), params)


_GATES = {"LSTM": (4, 1), "GRU": (3, 1), "SimpleRNN": (1, 1)}  # (gates, bias vectors per gate)


def _rnn(args: _Args, shape: Optional[Shape]) -> LayerResult:
    units = _size(args["units"])
    features = UNK if shape is None else shape[-1]
    if features is None:
        return _fail("undefined", f"the feature axis of input {format_shape(shape)} is None; "
                                  "kernel shape undefined")
    gates, biases = _GATES.get(args.layer.kind, (UNK, UNK))
    if args.layer.kind == "GRU":
        biases = _bit(args["reset_after"]) + 1 if isinstance(args["reset_after"], bool) else UNK
    params = _count(lambda g, v, i, u, b: g * u * (i + u) + b * v * g * u,
                    gates, biases, features, units, _bit(args["use_bias"]))
    batch, time = (None, UNK) if shape is None else (shape[0], shape[1])
    return _made(_sequence_output(args, (batch, time, units), (batch, units)), params)


def _preserve(args: _Args, shape: Optional[Shape]) -> LayerResult:
    return _made(shape)


def _normalized(shape: Optional[Shape], axes: Any) -> Union[Dim, LayerResult]:
    """How many values one normalised slice holds along ``axes`` (None: a None axis)."""
    axes = axes if isinstance(axes, tuple) else (axes,)
    if shape is None or not all(_is_int(a) for a in axes):
        return UNK
    picked = [_axis(a, len(shape)) for a in axes]
    if any(p is None for p in picked):
        return _fail("other", f"axis {axes} out of range for input {format_shape(shape)}")
    return _prod([shape[p] for p in picked])


def _undefined(shape: Optional[Shape]) -> LayerResult:
    return _fail("undefined", f"a normalised axis of input {format_shape(shape)} is None; "
                              "weight shape undefined")


def _batch_norm(args: _Args, shape: Optional[Shape]) -> LayerResult:
    axis = args["axis"]
    channels = _normalized(shape, axis if _is_int(axis) else UNK)
    if isinstance(channels, LayerResult):
        return channels
    if channels is None:
        return _undefined(shape)
    center, scale = _bit(args["center"]), _bit(args["scale"])
    total = _count(lambda c, a, b: c * (2 + a + b), channels, center, scale)
    return _made(shape, total, _count(lambda c, a, b: c * (a + b), channels, center, scale))


def _affine(args: _Args, shape: Optional[Shape], size: Dim) -> LayerResult:
    """A normalisation whose only weights are ``center``/``scale`` vectors of ``size``."""
    center, scale = _bit(args["center"]), _bit(args["scale"])
    if center == scale == 0:
        return _made(shape)
    if size is None:
        return _undefined(shape)
    return _made(shape, _count(lambda c, a, b: c * (a + b), size, center, scale))


def _layer_norm(args: _Args, shape: Optional[Shape]) -> LayerResult:
    size = _normalized(shape, args["axis"])
    return size if isinstance(size, LayerResult) else _affine(args, shape, size)


def _group_norm(args: _Args, shape: Optional[Shape]) -> LayerResult:
    axis = args["axis"]
    channels = _normalized(shape, axis if _is_int(axis) else UNK)
    if isinstance(channels, LayerResult):
        return channels
    if channels is None:
        return _undefined(shape)  # Keras checks the axis even without weights
    groups = _size(args["groups"])
    if _is_int(channels) and _is_int(groups) and (channels < groups or channels % groups):
        return _fail("other", f"{channels} channels cannot be split into groups={groups}")
    return _affine(args, shape, channels)


def _normalization(args: _Args, shape: Optional[Shape]) -> LayerResult:
    if args["mean"] is not None and args["variance"] is not None:
        return _made(shape)
    axis = args["axis"]
    size = 1 if axis is None else _normalized(shape, axis)
    if isinstance(size, LayerResult):
        return size
    if size is None:
        return _undefined(shape)
    return _made(shape, _count(lambda c: 2 * c + 1, size), 0)


def _prelu(args: _Args, shape: Optional[Shape]) -> LayerResult:
    shared = args["shared_axes"]
    shared = () if shared is None else shared if isinstance(shared, tuple) else (shared,)
    if shape is None or not all(_is_int(a) for a in shared):
        return _made(shape, None)
    if not all(1 <= a < len(shape) for a in shared):
        return _fail("other", f"shared_axes={shared} out of range for input {format_shape(shape)}")
    dims = [1 if i in shared else d for i, d in enumerate(shape) if i]
    if None in dims:
        return _fail("undefined", f"input {format_shape(shape)} has a None axis that is not shared; "
                                  "alpha shape undefined")
    return _made(shape, _count(lambda *d: math.prod(d), *dims))


def _pairs(value: Any, spatial_rank: int) -> Tuple[Tuple[Dim, Dim], ...]:
    """ZeroPadding/Cropping amounts as one (before, after) pair per spatial axis."""
    def pair(item: Any) -> Tuple[Dim, Dim]:
        if isinstance(item, tuple):
            return (_size(item[0], 0), _size(item[1], 0)) if len(item) == 2 else (UNK, UNK)
        return (_size(item, 0),) * 2

    if spatial_rank == 1 or not isinstance(value, tuple):
        return (pair(value),) * spatial_rank
    if len(value) != spatial_rank:
        return ((UNK, UNK),) * spatial_rank
    return tuple(pair(item) for item in value)


def _resized(args: _Args, shape: Optional[Shape], length: Callable[..., int],
             amounts: Sequence[Tuple[Dim, ...]], check: bool = False) -> LayerResult:
    """ZeroPadding/Cropping/UpSampling: ``length(n, *amount)`` along each spatial axis."""
    fmt = _format(args["data_format"])
    batch, spatial, channels = _split(shape, fmt, args.spec.rank or 0)
    lengths = tuple(_calc(length, n, *amount) for n, amount in zip(spatial, amounts))
    return (check and _nonpositive(lengths, shape)) or _made(_join(batch, lengths, channels, fmt))


def _pad(args: _Args, shape: Optional[Shape]) -> LayerResult:
    pairs = _pairs(args["padding"], args.spec.rank or 0)
    return _resized(args, shape, lambda n, a, b: n + a + b, pairs)


def _crop(args: _Args, shape: Optional[Shape]) -> LayerResult:
    pairs = _pairs(args["cropping"], args.spec.rank or 0)
    return _resized(args, shape, lambda n, a, b: n - a - b, pairs, check=True)


def _upsample(args: _Args, shape: Optional[Shape]) -> LayerResult:
    spatial_rank = args.spec.rank or 0
    size = args["size"]
    sizes = (_size(size),) if spatial_rank == 1 else _sizes(size, spatial_rank)
    return _resized(args, shape, operator.mul, [(s,) for s in sizes])


def _resizing(args: _Args, shape: Optional[Shape]) -> LayerResult:
    if shape is None or len(shape) != 4:
        return _made(None)  # Keras reads rank 3 as one unbatched image
    fmt = _format(args["data_format"])
    batch, _, channels = _split(shape, fmt, 2)
    return _made(_join(batch, (_size(args["height"]), _size(args["width"])), channels, fmt))


def _time_distributed(args: _Args, shape: Optional[Shape]) -> LayerResult:
    inner = args["layer"]
    if not isinstance(inner, Layer):
        return _UNKNOWN
    step = None if shape is None else shape[:1] + shape[2:]
    entry = catalogue.spec(inner.kind)
    if entry is not None and _rank_error(entry, step) is not None:
        return _UNKNOWN  # Keras builds the wrapped layer without checking its input rank
    result = layer_result(inner, [step])
    if result.error is not None or result.shape is None:
        return result
    batch, time = (None, UNK) if shape is None else shape[:2]
    return replace(result, shape=(batch, time) + result.shape[1:])


def _bidirectional(args: _Args, shape: Optional[Shape]) -> LayerResult:
    inner, backward = args["layer"], args["backward_layer"]
    if not isinstance(inner, Layer) or catalogue.role(inner.kind) != "rnn":
        return _UNKNOWN
    forward = layer_result(inner, [shape])
    if forward.error is not None:
        return forward
    if backward is None:
        reverse = forward
    elif isinstance(backward, Layer):
        reverse = layer_result(backward, [shape])
        if reverse.error is not None:
            return reverse
    else:
        reverse = _UNKNOWN
    params = _count(operator.add, forward.params, reverse.params)
    trainable = _count(operator.add, forward.trainable, reverse.trainable)
    mode = args["merge_mode"]
    out = forward.shape
    if mode is None or out is None:
        return _made(None, params, trainable)
    mode = _choice(mode, ("concat", "sum", "mul", "ave"))
    back = reverse.shape[-1] if reverse.shape is not None else UNK
    if mode == "concat":
        last = _calc(lambda a, b: a + b, out[-1], back) if back == out[-1] else UNK
    else:
        last = out[-1] if mode is not UNK else UNK
    return _made(out[:-1] + (last,), params, trainable)


_ARITY = {"Subtract": 2}


def _same_rank(shapes: List[Optional[Shape]]) -> List[Shape]:
    """The input shapes when all are known and of one rank, else ``[]``."""
    known = [s for s in shapes if s is not None]
    if len(known) != len(shapes) or len({len(s) for s in known}) != 1:
        return []
    return known


def _elementwise(args: _Args, shapes: List[Optional[Shape]]) -> LayerResult:
    arity = _ARITY.get(args.layer.kind)
    known = _same_rank(shapes)
    if not known or (arity is not None and len(known) != arity):
        return _made(None)
    batches = {d for d in (shape[0] for shape in known) if d is not None}
    if len(batches) > 1:
        return _made(None)  # Keras refuses different batch sizes
    out: List[Dim] = [UNK if UNK in batches else next(iter(batches), None)]
    for column in list(zip(*known))[1:]:
        size = _broadcast(column)
        if size is _MISMATCH:
            return _made(None)  # Keras refuses
        out.append(size)
    return _made(tuple(out))


_MISMATCH = object()


def _broadcast(sizes: Sequence[Dim]) -> Any:
    """One axis of an elementwise merge as Keras 3 computes it: None wins, then a size 1
    takes the other's size; two other sizes must be equal."""
    out = sizes[0]
    for size in sizes[1:]:
        if out is None or size is None:
            out = None
        elif out is UNK or size is UNK:
            out = out if size == 1 else size if out == 1 else UNK
        elif out == 1:
            out = size
        elif size != 1 and size != out:
            return _MISMATCH
    return out


def _concatenate(args: _Args, shapes: List[Optional[Shape]]) -> LayerResult:
    known = _same_rank(shapes)
    axis = args["axis"]
    if not known or not _is_int(axis) or not -len(known[0]) <= axis < len(known[0]):
        return _made(None)
    if len(known) == 1:
        return _made(known[0])  # Keras passes a lone tensor through
    axis %= len(known[0])
    out: List[Dim] = []
    for index, column in enumerate(zip(*known)):
        if index == axis:
            out.append(_calc(lambda *d: sum(d), *column))
        elif any(d is UNK for d in column):
            out.append(UNK)
        elif len({d for d in column if d is not None}) > 1:
            return _made(None)
        else:
            out.append(column[0] if len(set(column)) == 1 else None)
    return _made(tuple(out))


def _nested_model(args: _Args, shapes: List[Optional[Shape]]) -> LayerResult:
    inner = args.layer.model
    if inner is None:
        return _UNKNOWN
    results = infer(inner, shapes)
    failed = next((r for r in results if r.error is not None), None)
    if failed is not None:
        return failed
    params = _total(r.params for r in results)
    trainable = _total(r.trainable for r in results)
    outputs = [results[o] for o in inner.outputs if 0 <= o < len(results)]
    shape = outputs[0].shape if len(outputs) == 1 == len(inner.outputs) else None
    return _made(shape, params, trainable)


def _total(counts: Any) -> Optional[int]:
    counts = list(counts)
    return None if any(c is None for c in counts) else sum(counts)


_SINGLE_INPUT: Dict[str, Callable[[_Args, Optional[Shape]], LayerResult]] = {
    "input": _input, "conv": _conv, "transpose": _conv, "separable": _conv, "depthwise": _conv,
    "conv_lstm": _conv_lstm, "pool": _pool, "global_pool": _global_pool, "flatten": _flatten,
    "reshape": _reshape, "permute": _permute, "repeat": _repeat, "dense": _dense,
    "embedding": _embedding, "rnn": _rnn, "preserve": _preserve, "batch_norm": _batch_norm,
    "layer_norm": _layer_norm, "group_norm": _group_norm, "normalization": _normalization,
    "prelu": _prelu, "pad": _pad, "crop": _crop, "upsample": _upsample, "resizing": _resizing,
    "time_distributed": _time_distributed, "bidirectional": _bidirectional,
}
_MULTI_INPUT: Dict[str, Callable[[_Args, List[Optional[Shape]]], LayerResult]] = {
    "elementwise": _elementwise, "concatenate": _concatenate, "model": _nested_model,
}
FAMILIES = frozenset(_SINGLE_INPUT) | frozenset(_MULTI_INPUT)
