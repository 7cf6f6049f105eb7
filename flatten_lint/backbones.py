"""keras.applications backbones (``ResNet50(include_top=False, ...)``): output shape and parameters.

All numbers come from ``backbones_data`` (measured on real Keras by
bench/gen_backbones.py).  The spatial size of a feature map is the input size
pushed through the backbone's ``spatial`` chain: ``("pad", p)`` adds ``p``
(negative for a crop), ``("same", s)`` is ``ceil(n / s)``, ``("valid", k, s)``
is ``floor((n - k) / s) + 1`` for an effective kernel ``k``, and
``("corrected", k)`` (Keras' ``correct_pad`` before a stride-2 kernel ``k``)
halves rounding up in a model built for that size but down in one built for
any size (``input_shape=(None, None, 3)``) and then called on it.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Dict, Mapping, Optional, Tuple

from . import backbones_data
from .ir import Layer, Unknown
from .shapes import UNK, LayerResult, Shape

APPLICATION_MODULES: Mapping[str, Tuple[str, ...]] = MappingProxyType(
    backbones_data.APPLICATION_MODULES)
"""keras.applications submodules (``resnet50``, ``efficientnet``...) -> the models each exports."""

Op = Tuple[Any, ...]


@dataclass(frozen=True)
class Variant:
    """Measured numbers for one setting of a backbone's width arguments (``alpha``...).

    ``params_top``/``trainable_top`` are for ``classes=1000`` at the default
    input size; each further class adds ``per_class`` parameters.
    """

    channels: int
    params_notop: int
    trainable_notop: int
    params_top: int
    trainable_top: int
    per_class: int


@dataclass(frozen=True)
class BackboneInfo:
    """One keras.applications model.

    ``notop_size``/``top_size``: the input side Keras builds when no
    ``input_shape`` is given (None: any size).  ``imagenet_top_sizes``: square
    sizes accepted with ``include_top=True, weights="imagenet"`` (None: any).
    ``open_calls``: False when a model built for any size fails on every fixed
    size it is called on (NASNet).
    ``head_per_pixel``: classifier parameters per feature-map pixel (a Flatten
    head, as in VGG).  ``knobs``: width arguments and their defaults, in the
    order of the keys of ``variants``.
    ``output_layer``: see ``backbone_output_layer``.
    """

    name: str
    modules: Tuple[str, ...]
    signature: Tuple[str, ...]
    default_size: int
    min_size: int
    notop_size: Optional[int]
    top_size: Optional[int]
    imagenet_top_sizes: Optional[Tuple[int, ...]]
    spatial: Tuple[Op, ...]
    open_calls: bool
    head_per_pixel: int
    knobs: Tuple[Tuple[str, Any], ...]
    variants: Mapping[Tuple[Any, ...], Variant]
    output_layer: Optional[str]

    @property
    def default(self) -> Variant:
        """The variant built with every knob at its default (``alpha=1.0``...)."""
        return self.variants[tuple(value for _, value in self.knobs)]

    def feature_size(self, side: int, built: bool = True) -> int:
        """The feature-map side for an input side (below 1 when Keras would refuse).

        ``built``: the model was built for this size, not for an open one.
        """
        return spatial_size(self.spatial, side, built)


def spatial_size(chain: Tuple[Op, ...], side: int, built: bool) -> int:
    """Push ``side`` through ``chain``; stops at the first size below 1."""
    for op in chain:
        if op[0] == "pad":
            side += op[1]
        elif op[0] == "same":
            side = -(-side // op[1])
        elif op[0] == "corrected":
            side = -(-side // 2) if built else side // 2
        else:
            side = (side - op[1]) // op[2] + 1
        if side < 1:
            break
    return side


def _info(name: str, row: Dict[str, Any]) -> BackboneInfo:
    variants = {key: Variant(*value) for key, value in row["variants"].items()}
    fields = {**row, "variants": MappingProxyType(variants)}
    return BackboneInfo(name=name, **fields)


BACKBONES: Mapping[str, BackboneInfo] = MappingProxyType(
    {name: _info(name, row) for name, row in backbones_data.MODELS.items()})


def backbone_output_layer(kind: str) -> Optional[str]:
    """The layer name ``n`` with ``base.get_layer(n).output is base.output`` when
    ``base = kind(include_top=False)`` without pooling (``"out_relu"`` for
    MobileNetV2), whatever the width arguments (``alpha``...).

    With the top or with pooling the layer still exists and holds the unpooled
    feature map that ``include_top=False, pooling=None`` outputs for the same
    input.  None for a name that is not reliable (Keras numbers unnamed layers
    per session: MobileNetV3, NASNet, ConvNeXt) and for a kind that is not a
    backbone.
    """
    info = BACKBONES.get(kind)
    return info.output_layer if info else None


_UNKNOWN = LayerResult(shape=None, params=None, trainable=None)


def _error(message: str, kind: str = "other") -> LayerResult:
    return LayerResult(shape=None, params=None, trainable=None, error=message, error_kind=kind)


def _dim(value: Any) -> Any:
    """A folded literal as a shape dimension: int, None or UNK."""
    return value if value is None or (isinstance(value, int) and not isinstance(value, bool)) else UNK


def _bind(info: BackboneInfo, layer: Layer) -> Dict[str, Any]:
    """The call's arguments by parameter name; raises TypeError like Python would."""
    if len(layer.args) > len(info.signature):
        raise TypeError(f"{info.name}() takes at most {len(info.signature)} positional arguments")
    bound = dict(zip(info.signature, layer.args))
    for key, value in layer.kwargs:
        if key not in info.signature:
            raise TypeError(f"{info.name}() got an unexpected keyword argument {key!r}")
        if key in bound:
            raise TypeError(f"{info.name}() got multiple values for argument {key!r}")
        bound[key] = value
    return bound


def _variants(info: BackboneInfo, bound: Dict[str, Any]) -> Tuple[Optional[Variant], Any]:
    """The exactly matching variant (or None) and the channel count (or UNK)."""
    wanted = [bound.get(name, default) for name, default in info.knobs]
    matches = [variant for key, variant in info.variants.items()
               if all(isinstance(w, Unknown) or w == k for w, k in zip(wanted, key))]
    exact = None if any(isinstance(w, Unknown) for w in wanted) else next(iter(matches), None)
    channels = {variant.channels for variant in matches}
    return exact, channels.pop() if len(channels) == 1 else UNK


def _built_input(info: BackboneInfo, bound: Dict[str, Any], top: bool) -> Tuple[Any, ...]:
    """(rows, cols, channels) of the input the constructor builds; raises ValueError."""
    if bound.get("input_tensor") is not None:
        return (UNK, UNK, UNK)
    given = bound.get("input_shape")
    if given is None:
        side = info.top_size if top else info.notop_size
        return (side, side, 3)
    if isinstance(given, Unknown):
        return (UNK, UNK, UNK)
    if not isinstance(given, tuple) or len(given) != 3:
        raise ValueError(f"`input_shape` must be a tuple of three integers, got {given!r}")
    rows, cols, channels = (_dim(v) for v in given)
    if isinstance(rows, int) and isinstance(cols, int) and min(rows, cols) < info.min_size:
        raise ValueError(f"{info.name} needs an input of at least "
                         f"{info.min_size}x{info.min_size}, got {rows}x{cols}")
    sizes = info.imagenet_top_sizes
    if (top and bound.get("weights", "imagenet") == "imagenet" and sizes is not None
            and UNK not in (rows, cols, channels)
            and (rows != cols or rows not in sizes or channels != 3)):
        raise ValueError(f"{info.name} with include_top=True and ImageNet weights needs "
                         f"input_shape={(sizes[-1], sizes[-1], 3)}, got {given!r}")
    return (rows, cols, channels)


def _called_on(info: BackboneInfo, built: Tuple[Any, ...], tensor: Shape) -> Tuple[Any, ...]:
    """The input dims when the model is called on ``tensor``; raises ValueError."""
    if len(tensor) != 4:
        raise ValueError(f"{info.name} expects a 4D input, got rank {len(tensor)}")
    for own, given in zip(built, tensor[1:]):
        if isinstance(own, int) and isinstance(given, int) and own != given:
            raise ValueError(f"{info.name} was built for input {built}, called on {tensor}")
    if not info.open_calls and any(own is None and isinstance(given, int)
                                   for own, given in zip(built[:2], tensor[1:3])):
        raise ValueError(f"{info.name} built without a fixed input size fails on any "
                         "fixed-size input; pass input_shape=")
    return tuple(tensor[1:])


def _features(info: BackboneInfo, built_rows: Any, side: Any) -> Any:
    """The feature-map side for an input side; ``built_rows`` is the row count the
    model was built for (Keras' ``correct_pad`` looks at the rows only)."""
    if not isinstance(side, int):
        return side
    if built_rows is UNK:
        sizes = {info.feature_size(side, True), info.feature_size(side, False)}
        return sizes.pop() if len(sizes) == 1 else UNK
    return info.feature_size(side, built_rows is not None)


def backbone_result(layer: Layer, input_shape: Optional[Shape]) -> LayerResult:
    """Output shape and parameters of a keras.applications model call such as ``ResNet50(...)``.

    ``input_shape`` is the shape of the tensor the model is called on (or of its
    ``input_tensor=``), None when unknown or not called.
    """
    info = BACKBONES[layer.kind]
    try:
        bound = _bind(info, layer)
    except TypeError as error:
        return _error(str(error))
    top = bound.get("include_top", True)
    if isinstance(top, Unknown):
        return _UNKNOWN
    top = bool(top)
    classes = _dim(bound.get("classes", 1000))
    imagenet = bound.get("weights", "imagenet") == "imagenet"
    if top and imagenet and isinstance(classes, int) and classes != 1000:
        return _error(f"{info.name} with include_top=True and ImageNet weights needs classes=1000")
    try:
        built = _built_input(info, bound, top)
        dims = built if input_shape is None else _called_on(info, built, input_shape)
    except ValueError as error:
        return _error(str(error))
    rows, cols = (_features(info, built[0], side) for side in dims[:2])
    if any(isinstance(side, int) and side < 1 for side in (rows, cols)):
        return _error(f"{info.name} on a {dims[0]}x{dims[1]} input leaves an empty feature map",
                      "nonpositive")
    variant, channels = _variants(info, bound)
    if dims[2] != 3:
        variant = None
    if top:
        return _top_result(info, variant, classes, rows, cols)
    pooling = bound.get("pooling")
    if isinstance(pooling, Unknown):
        return _UNKNOWN
    shape = (None, channels) if pooling in ("avg", "max") else (None, rows, cols, channels)
    if variant is None:
        return LayerResult(shape=shape, params=None, trainable=None)
    return LayerResult(shape=shape, params=variant.params_notop, trainable=variant.trainable_notop)


def _top_result(info: BackboneInfo, variant: Optional[Variant], classes: Any,
                rows: Any, cols: Any) -> LayerResult:
    shape = (None, classes)
    pixels = rows * cols if isinstance(rows, int) and isinstance(cols, int) else None
    if variant is None or not isinstance(classes, int) or (info.head_per_pixel and pixels is None):
        return LayerResult(shape=shape, params=None, trainable=None)
    extra = (classes - 1000) * variant.per_class
    if info.head_per_pixel:
        extra += info.head_per_pixel * (pixels - info.feature_size(info.default_size) ** 2)
    return LayerResult(shape=shape, params=variant.params_top + extra,
                       trainable=variant.trainable_top + extra)
