"""The Keras layer catalogue: canonical names, aliases, roles, signatures and defaults.

One entry per Keras class.  The shape engine and the rules ask this module what
a layer is; nobody else compares class-name strings.  Nothing here imports Keras:
signatures and defaults are Keras 3.15 facts, written down.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Dict, Mapping, Optional, Tuple

from .ir import Layer, Unknown

ROLES = ("input", "conv", "pool", "global_pool", "flatten", "reshape", "dense", "rnn", "preserve",
         "resize", "embedding", "wrapper", "merge", "model", "backbone", "other")

# Arguments that decide the output *rank*; Keras 1 gave them the same meaning, so they are
# trusted even where the rest of a legacy call is not.
RANK_ARGS = frozenset({"return_sequences", "return_state", "keepdims", "target_shape", "dims",
                       "n", "merge_mode", "layer", "backward_layer"})

# Keyword arguments that only Keras 1 (or Keras 2's legacy interface) accepts.
LEGACY_KWARGS = frozenset({
    "border_mode", "subsample", "subsample_length", "nb_filter", "nb_row", "nb_col",
    "filter_length", "output_dim", "init", "inner_init", "forget_bias_init", "inner_activation",
    "W_regularizer", "U_regularizer", "b_regularizer", "W_constraint", "U_constraint",
    "b_constraint", "dim_ordering", "atrous_rate", "pool_length", "stride", "bias",
    "consume_less", "dropout_W", "dropout_U", "mode", "beta_init", "gamma_init", "p", "sigma",
    "length",
})

SPLATS = ("*", "**")  # how discovery records ``*args`` / ``**kwargs`` in a call


@dataclass(frozen=True)
class Spec:
    """What the catalogue knows about one Keras class.

    ``family`` names the rule in ``shapes`` that computes its output ("" when the
    output is not reasoned about); ``rank`` is the number of spatial axes of
    conv/pool-like layers; ``ndim`` the input ranks Keras accepts (min, max;
    None = no bound); ``keras3`` is False for classes Keras 3 no longer has,
    whose arguments are then trusted for the output rank only.
    """

    role: str
    family: str
    signature: Tuple[str, ...] = ()
    defaults: Mapping[str, Any] = field(default_factory=dict)
    rank: Optional[int] = None
    ndim: Tuple[Optional[int], Optional[int]] = (None, None)
    keras3: bool = True


def _sig(text: str) -> Tuple[str, ...]:
    return tuple(text.split())


_INIT = "kernel_initializer bias_initializer kernel_regularizer bias_regularizer " \
        "activity_regularizer kernel_constraint bias_constraint"
_CONV = _sig(f"filters kernel_size strides padding data_format dilation_rate groups activation "
             f"use_bias {_INIT}")
_TRANSPOSE = _sig(f"filters kernel_size strides padding output_padding data_format dilation_rate "
                  f"activation use_bias {_INIT}")
_TRANSPOSE_3D = _sig(f"filters kernel_size strides padding data_format output_padding dilation_rate "
                     f"activation use_bias {_INIT}")
_SEPARABLE = _sig("filters kernel_size strides padding data_format dilation_rate depth_multiplier "
                  "activation use_bias depthwise_initializer pointwise_initializer bias_initializer "
                  "depthwise_regularizer pointwise_regularizer bias_regularizer activity_regularizer "
                  "depthwise_constraint pointwise_constraint bias_constraint")
_DEPTHWISE = _sig("kernel_size strides padding depth_multiplier data_format dilation_rate activation "
                  "use_bias depthwise_initializer bias_initializer depthwise_regularizer "
                  "bias_regularizer activity_regularizer depthwise_constraint bias_constraint")
_LOCALLY = _sig("filters kernel_size strides padding data_format activation use_bias")
_RECURRENT = "kernel_initializer recurrent_initializer bias_initializer"
_RNN_REG = "kernel_regularizer recurrent_regularizer bias_regularizer activity_regularizer " \
           "kernel_constraint recurrent_constraint bias_constraint dropout recurrent_dropout"
_LSTM = _sig(f"units activation recurrent_activation use_bias {_RECURRENT} unit_forget_bias "
             f"{_RNN_REG} seed return_sequences return_state go_backwards stateful unroll use_cudnn")
_GRU = _sig(f"units activation recurrent_activation use_bias {_RECURRENT} {_RNN_REG} seed "
            f"return_sequences return_state go_backwards stateful unroll reset_after use_cudnn")
_SIMPLE_RNN = _sig(f"units activation use_bias {_RECURRENT} {_RNN_REG} return_sequences "
                   f"return_state go_backwards stateful unroll seed")
_CONV_LSTM = _sig(f"filters kernel_size strides padding data_format dilation_rate activation "
                  f"recurrent_activation use_bias {_RECURRENT} unit_forget_bias {_RNN_REG} seed "
                  f"return_sequences return_state go_backwards stateful")
_POOL = _sig("pool_size strides padding data_format name")
_GLOBAL = _sig("data_format keepdims")
_NORM = "beta_initializer gamma_initializer beta_regularizer gamma_regularizer " \
        "beta_constraint gamma_constraint"

_CONV_DEFAULTS = MappingProxyType({
    "strides": 1, "padding": "valid", "dilation_rate": 1, "groups": 1,
    "use_bias": True, "output_padding": None, "depth_multiplier": 1,
    "return_sequences": False, "return_state": False})
_RNN_DEFAULTS = MappingProxyType({
    "use_bias": True, "return_sequences": False, "return_state": False, "reset_after": True})
_POOL_DEFAULTS = MappingProxyType({"strides": None, "padding": "valid"})
_NONE: Mapping[str, Any] = MappingProxyType({})
_FORMAT = MappingProxyType({"data_format": None})


def _spatial(role: str, family: str, signature: Tuple[str, ...], defaults: Mapping[str, Any],
             extra_axes: int = 2, exact: bool = True, keras3: bool = True,
             **names: int) -> Dict[str, Spec]:
    """Specs for a family of 1D/2D/3D classes; ``names`` maps class name -> spatial rank."""
    merged = MappingProxyType({"data_format": None, **defaults})
    return {name: Spec(role, family, signature, merged, rank,
                       (rank + extra_axes, rank + extra_axes if exact else None), keras3)
            for name, rank in names.items()}


def _plain(role: str, family: str, names: str, signature: Tuple[str, ...] = (),
           defaults: Mapping[str, Any] = _NONE, **options: Any) -> Dict[str, Spec]:
    return {name: Spec(role, family, signature, defaults, **options) for name in names.split()}


# Image augmentation layers (shape kept, no weights) and their positional parameters in Keras 3.
_AUGMENTATION = {
    "AugMix": "value_range num_chains chain_depth factor alpha all_ops interpolation seed data_format",
    "AutoContrast": "value_range",
    "CutMix": "factor seed data_format",
    "Equalization": "value_range bins data_format",
    "MixUp": "alpha data_format seed",
    "RandAugment": "value_range num_ops factor interpolation seed data_format",
    "RandomBrightness": "factor value_range seed",
    "RandomColorDegeneration": "factor value_range data_format seed",
    "RandomColorJitter": "value_range brightness_factor contrast_factor saturation_factor hue_factor seed "
                         "data_format",
    "RandomContrast": "factor value_range seed",
    "RandomElasticTransform": "factor scale interpolation fill_mode fill_value value_range seed data_format",
    "RandomErasing": "factor scale fill_value value_range seed data_format",
    "RandomFlip": "mode seed data_format",
    "RandomGaussianBlur": "factor kernel_size sigma value_range data_format seed",
    "RandomGrayscale": "factor data_format seed",
    "RandomHue": "factor value_range data_format seed",
    "RandomInvert": "factor value_range seed data_format",
    "RandomPerspective": "factor scale interpolation fill_value seed data_format",
    "RandomPosterization": "factor value_range data_format seed",
    "RandomRotation": "factor fill_mode interpolation seed fill_value data_format",
    "RandomSaturation": "factor value_range data_format seed",
    "RandomSharpness": "factor value_range data_format seed",
    "RandomShear": "x_factor y_factor interpolation fill_mode fill_value data_format seed",
    "RandomTranslation": "height_factor width_factor fill_mode interpolation seed fill_value data_format",
    "RandomZoom": "height_factor width_factor fill_mode interpolation seed fill_value data_format",
    "Solarization": "addition_factor threshold_factor value_range seed",
    "ContrastLimitedAdaptiveHistogramEqualization": "value_range clip_limit tile_grid_size data_format",
}

_SPECS: Dict[str, Spec] = {
    "Input": Spec("input", "input", _sig("shape batch_size dtype sparse ragged batch_shape name "
                                         "tensor optional")),
    "InputLayer": Spec("input", "input", _sig("shape batch_size dtype sparse ragged batch_shape "
                                              "input_tensor optional name")),
    "Sequential": Spec("model", "model", _sig("layers trainable name")),
    "Model": Spec("model", "model", _sig("inputs outputs name")),
    **_spatial("conv", "conv", _CONV, _CONV_DEFAULTS, exact=False, Conv1D=1, Conv2D=2, Conv3D=3),
    **_spatial("conv", "transpose", _TRANSPOSE, _CONV_DEFAULTS, exact=False,
               Conv1DTranspose=1, Conv2DTranspose=2),
    **_spatial("conv", "transpose", _TRANSPOSE_3D, _CONV_DEFAULTS, exact=False, Conv3DTranspose=3),
    **_spatial("conv", "separable", _SEPARABLE, _CONV_DEFAULTS, exact=False,
               SeparableConv1D=1, SeparableConv2D=2),
    **_spatial("conv", "depthwise", _DEPTHWISE, _CONV_DEFAULTS, exact=False,
               DepthwiseConv1D=1, DepthwiseConv2D=2),
    **_spatial("conv", "conv", _LOCALLY, _CONV_DEFAULTS, keras3=False,
               LocallyConnected1D=1, LocallyConnected2D=2),
    **_spatial("rnn", "conv_lstm", _CONV_LSTM, _CONV_DEFAULTS, extra_axes=3,
               ConvLSTM1D=1, ConvLSTM2D=2, ConvLSTM3D=3),
    **_spatial("pool", "pool", _POOL, MappingProxyType({"pool_size": 2, **_POOL_DEFAULTS}),
               MaxPooling1D=1, MaxPooling2D=2, MaxPooling3D=3),
    # Keras 3 requires pool_size here (Keras 2 defaulted it to 2): left Unknown when absent.
    **_spatial("pool", "pool", _POOL, _POOL_DEFAULTS,
               AveragePooling1D=1, AveragePooling2D=2, AveragePooling3D=3),
    **_spatial("pool", "", _sig("output_size data_format"), _NONE,
               AdaptiveAveragePooling1D=1, AdaptiveAveragePooling2D=2, AdaptiveAveragePooling3D=3,
               AdaptiveMaxPooling1D=1, AdaptiveMaxPooling2D=2, AdaptiveMaxPooling3D=3),
    **_spatial("global_pool", "global_pool", _GLOBAL, MappingProxyType({"keepdims": False}),
               GlobalMaxPooling1D=1, GlobalMaxPooling2D=2, GlobalMaxPooling3D=3,
               GlobalAveragePooling1D=1, GlobalAveragePooling2D=2, GlobalAveragePooling3D=3),
    **_spatial("resize", "pad", _sig("padding data_format"), MappingProxyType({"padding": 1}),
               ZeroPadding1D=1, ZeroPadding2D=2, ZeroPadding3D=3),
    **_spatial("resize", "crop", _sig("cropping"), MappingProxyType({"cropping": 1}), Cropping1D=1),
    **_spatial("resize", "crop", _sig("cropping data_format"), MappingProxyType({"cropping": 0}),
               Cropping2D=2),
    **_spatial("resize", "crop", _sig("cropping data_format"), MappingProxyType({"cropping": 1}),
               Cropping3D=3),
    **_spatial("resize", "upsample", _sig("size"), MappingProxyType({"size": 2}), UpSampling1D=1),
    **_spatial("resize", "upsample", _sig("size data_format interpolation"),
               MappingProxyType({"size": 2}), UpSampling2D=2),
    **_spatial("resize", "upsample", _sig("size data_format"), MappingProxyType({"size": 2}),
               UpSampling3D=3),
    **_plain("resize", "resizing", "Resizing",
             _sig("height width interpolation crop_to_aspect_ratio pad_to_aspect_ratio fill_mode "
                  "fill_value antialias data_format"), _FORMAT),
    **_plain("resize", "resizing", "CenterCrop", _sig("height width data_format"), _FORMAT),
    **_plain("resize", "resizing", "RandomCrop", _sig("height width seed data_format name"), _FORMAT),
    "Flatten": Spec("flatten", "flatten", _sig("data_format"), ndim=(1, None)),
    "Reshape": Spec("reshape", "reshape", _sig("target_shape")),
    "Permute": Spec("reshape", "permute", _sig("dims")),
    "RepeatVector": Spec("reshape", "repeat", _sig("n"), ndim=(2, 2)),
    "Dense": Spec("dense", "dense", _sig(f"units activation use_bias {_INIT} lora_rank lora_alpha "
                                         "quantization_config"),
                  MappingProxyType({"use_bias": True}), ndim=(2, None)),
    "EinsumDense": Spec("dense", "", _sig("equation output_shape activation bias_axes")),
    "Embedding": Spec("embedding", "embedding",
                      _sig("input_dim output_dim embeddings_initializer embeddings_regularizer "
                           "embeddings_constraint mask_zero weights lora_rank lora_alpha "
                           "quantization_config")),
    "LSTM": Spec("rnn", "rnn", _LSTM, _RNN_DEFAULTS, ndim=(3, 3)),
    "GRU": Spec("rnn", "rnn", _GRU, _RNN_DEFAULTS, ndim=(3, 3)),
    "SimpleRNN": Spec("rnn", "rnn", _SIMPLE_RNN, _RNN_DEFAULTS, ndim=(3, 3)),
    **_plain("rnn", "rnn", "CuDNNLSTM CuDNNGRU", _sig("units"), _RNN_DEFAULTS,
             ndim=(3, 3), keras3=False),
    "RNN": Spec("rnn", "", _sig("cell return_sequences return_state go_backwards stateful unroll "
                                "zero_output_for_mask")),
    "BatchNormalization": Spec(
        "preserve", "batch_norm",
        _sig("axis momentum epsilon center scale beta_initializer gamma_initializer "
             "moving_mean_initializer moving_variance_initializer beta_regularizer "
             "gamma_regularizer beta_constraint gamma_constraint renorm renorm_clipping "
             "renorm_momentum synchronized"),
        MappingProxyType({"axis": -1, "center": True, "scale": True})),
    "LayerNormalization": Spec("preserve", "layer_norm", _sig(f"axis epsilon center scale {_NORM}"),
                               MappingProxyType({"axis": -1, "center": True, "scale": True})),
    "GroupNormalization": Spec("preserve", "group_norm",
                               _sig(f"groups axis epsilon center scale {_NORM}"),
                               MappingProxyType({"groups": 32, "axis": -1, "center": True,
                                                 "scale": True})),
    "RMSNormalization": Spec("preserve", "layer_norm", _sig("axis epsilon"),
                             MappingProxyType({"axis": -1, "center": False, "scale": True})),
    "Normalization": Spec("preserve", "normalization", _sig("axis mean variance invert"),
                          MappingProxyType({"axis": -1, "mean": None, "variance": None})),
    "PReLU": Spec("preserve", "prelu",
                  _sig("alpha_initializer alpha_regularizer alpha_constraint shared_axes"),
                  MappingProxyType({"shared_axes": None})),
    **_spatial("preserve", "preserve", _sig("rate seed name dtype"), _NONE, SpatialDropout1D=1),
    **_spatial("preserve", "preserve", _sig("rate data_format seed name dtype"), _NONE,
               SpatialDropout2D=2, SpatialDropout3D=3),
    **_plain("preserve", "preserve", "Dropout AlphaDropout", _sig("rate noise_shape seed")),
    **_plain("preserve", "preserve", "GaussianDropout", _sig("rate seed")),
    **_plain("preserve", "preserve", "GaussianNoise", _sig("stddev seed")),
    **_plain("preserve", "preserve", "ActivityRegularization", _sig("l1 l2")),
    **_plain("preserve", "preserve", "Activation", _sig("activation")),
    **_plain("preserve", "preserve", "ReLU", _sig("max_value negative_slope threshold")),
    **_plain("preserve", "preserve", "LeakyReLU", _sig("negative_slope")),
    **_plain("preserve", "preserve", "ELU", _sig("alpha")),
    **_plain("preserve", "preserve", "Softmax", _sig("axis")),
    **_plain("preserve", "preserve", "UnitNormalization", _sig("axis")),
    **_plain("preserve", "preserve", "Rescaling", _sig("scale offset")),
    **_plain("preserve", "preserve", "Masking", _sig("mask_value")),
    **_plain("preserve", "preserve", "Identity"),
    **_plain("preserve", "preserve", "ThresholdedReLU", _sig("theta"), keras3=False),
    **{name: Spec("preserve", "preserve", _sig(signature)) for name, signature in _AUGMENTATION.items()},
    "TimeDistributed": Spec("wrapper", "time_distributed", _sig("layer"), ndim=(3, None)),
    "Bidirectional": Spec("wrapper", "bidirectional", _sig("layer merge_mode weights backward_layer"),
                          MappingProxyType({"merge_mode": "concat", "backward_layer": None})),
    **_plain("merge", "elementwise", "Add Subtract Multiply Average Maximum Minimum"),
    "Concatenate": Spec("merge", "concatenate", _sig("axis"), MappingProxyType({"axis": -1})),
    "Dot": Spec("merge", "", _sig("axes normalize")),
    **_plain("other", "",
             "AdditiveAttention Attention CategoryEncoding Discretization FlaxLayer GRUCell "
             "GroupedQueryAttention HashedCrossing Hashing IntegerLookup JaxLayer LSTMCell Lambda "
             "MaxNumBoundingBoxes MelSpectrogram MultiHeadAttention Pipeline ReversibleEmbedding "
             "STFTSpectrogram SimpleRNNCell SpectralNormalization StackedRNNCells StringLookup "
             "TFSMLayer TextVectorization TorchModuleWrapper"),
}


def _numbered(pattern: str, target: str, ranks: str = "123") -> Dict[str, str]:
    return {pattern.format(r): target.format(r) for r in ranks}


_ALIASES: Dict[str, str] = {
    "Functional": "Model",
    "GroupQueryAttention": "GroupedQueryAttention",
    **_numbered("Convolution{}D", "Conv{}D"),
    **_numbered("Convolution{}DTranspose", "Conv{}DTranspose"),
    **_numbered("Deconvolution{}D", "Conv{}DTranspose", "23"),
    **_numbered("Deconv{}D", "Conv{}DTranspose", "23"),
    **_numbered("AtrousConvolution{}D", "Conv{}D", "12"),
    **_numbered("SeparableConvolution{}D", "SeparableConv{}D", "12"),
    **_numbered("MaxPool{}D", "MaxPooling{}D"),
    **_numbered("AvgPool{}D", "AveragePooling{}D"),
    **_numbered("GlobalMaxPool{}D", "GlobalMaxPooling{}D"),
    **_numbered("GlobalAvgPool{}D", "GlobalAveragePooling{}D"),
}

KINDS: Tuple[str, ...] = tuple(_SPECS)
"""Every catalogued kind (backbones live in ``backbones.BACKBONES``)."""

_MERGE_FUNCTIONS = {"concatenate": "Concatenate", "add": "Add", "subtract": "Subtract",
                    "multiply": "Multiply", "average": "Average", "maximum": "Maximum",
                    "minimum": "Minimum", "dot": "Dot"}

_UPSAMPLING_FAMILIES = frozenset({"upsample", "transpose", "resizing"})


def _backbone(name: str) -> bool:
    from . import backbones  # imported late: backbones itself builds on shapes
    return name in backbones.BACKBONES


def canonical(name: str) -> Optional[str]:
    """The canonical class for a Keras layer/model name or alias (case sensitive), else None."""
    if name in _SPECS:
        return name
    if name in _ALIASES:
        return _ALIASES[name]
    return name if _backbone(name) else None


def merge_function(name: str) -> Optional[str]:
    """The merge class behind a ``keras.layers`` helper (``concatenate`` -> ``Concatenate``)."""
    return _MERGE_FUNCTIONS.get(name)


def spec(kind: str) -> Optional[Spec]:
    """The catalogue entry for a canonical kind (None for backbones and unknown kinds)."""
    return _SPECS.get(kind)


def role(kind: str) -> str:
    """One of ``ROLES``; ``"other"`` for kinds that are not Keras layers or not reasoned about."""
    entry = _SPECS.get(kind)
    if entry is not None:
        return entry.role
    return "backbone" if _backbone(kind) else "other"


def signature(kind: str) -> Tuple[str, ...]:
    """Positional parameter names of ``kind`` in Keras 3 order (empty when not recorded)."""
    entry = _SPECS.get(kind)
    return entry.signature if entry is not None else ()


def spatial_rank(kind: str) -> Optional[int]:
    """Number of spatial axes of a conv/pool/resize-like kind (``Conv2D`` -> 2), else None."""
    entry = _SPECS.get(kind)
    return entry.rank if entry is not None else None


def upsamples(kind: str) -> bool:
    """True for layers that enlarge the spatial axes (UpSampling, transposed convs, Resizing)."""
    entry = _SPECS.get(kind)
    return entry is not None and entry.family in _UPSAMPLING_FAMILIES


def bind(layer: Layer) -> Dict[str, Any]:
    """Arguments by parameter name, binding positionals by ``signature`` as Keras 3 does.

    Extra positionals go to ``"*args"``; a name given twice (which Keras refuses)
    is Unknown.  With a ``**`` splat every parameter not passed explicitly is
    Unknown; with a ``*`` splat, every parameter not passed by keyword.
    """
    names = signature(layer.kind)
    splats = {key for key, _ in layer.kwargs if key in SPLATS}
    bound: Dict[str, Any] = {name: Unknown("splat") for name in names} if splats else {}
    positional = names[:len(layer.args)]
    if "*" not in splats:  # after ``*args`` no positional is known to sit where it seems
        bound.update(zip(names, layer.args))
        if len(layer.args) > len(names):
            bound["*args"] = tuple(layer.args[len(names):])
    keywords = [key for key, _ in layer.kwargs if key not in SPLATS]
    for key, value in layer.kwargs:
        if key not in SPLATS:
            twice = key in positional or keywords.count(key) > 1
            bound[key] = Unknown(f"{key} given twice") if twice else value
    return bound


def is_legacy(layer: Layer) -> bool:
    """True for a call Keras 3 reads differently from the Keras 1/2 code it comes from.

    That is: a class Keras 3 dropped, a Keras-1-only keyword, more positionals than
    Keras 3 takes, or the Keras 1 conv form ``Convolution2D(32, 3, 3)`` (kernel
    3x3 there, ``strides=3`` in Keras 3).
    """
    entry = _SPECS.get(layer.kind)
    if entry is None:
        return False
    if not entry.keras3 or len(layer.args) > len(entry.signature):
        return True
    if any(key in LEGACY_KWARGS and key not in entry.signature for key, _ in layer.kwargs):
        return True
    return (entry.signature[:2] == ("filters", "kernel_size") and (entry.rank or 0) >= 2
            and len(layer.args) >= 3 and all(_plain_int(v) for v in layer.args[1:3]))


def _plain_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _flag(layer: Layer, name: str) -> Any:
    value = bind(layer).get(name, _SPECS[layer.kind].defaults.get(name))
    return value if isinstance(value, bool) else Unknown(name)


def is_rank_reducer(layer: Layer) -> bool:
    """True when ``layer`` lowers, or may lower, the rank of its input.

    Flatten, global pooling without ``keepdims=True``, RNNs without
    ``return_sequences=True``, Reshape to one axis, wrappers of those.  Opaque
    layers (nested models, backbones, unknown kinds) and Unknown settings count
    as reducing, so a rule that stays quiet after a reducer stays quiet there.
    """
    kind_role = role(layer.kind)
    if kind_role == "flatten":
        return True
    if kind_role in ("global_pool", "rnn"):
        keep = _flag(layer, "keepdims" if kind_role == "global_pool" else "return_sequences")
        return keep is not True
    if layer.kind == "Reshape":
        target = bind(layer).get("target_shape")
        return not isinstance(target, tuple) or len(target) == 1
    if kind_role == "wrapper":
        inner = bind(layer).get("layer")
        return not isinstance(inner, Layer) or is_rank_reducer(inner)
    return kind_role in ("model", "backbone", "other")
