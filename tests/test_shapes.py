"""The layer catalogue and the static shape engine, on hand-computed Keras 3 shapes and counts."""
from __future__ import annotations

from typing import Any, Optional, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flatten_lint import catalogue
from flatten_lint.backbones import backbone_result
from flatten_lint.ir import Layer, Model, Node, Span, Unknown
from flatten_lint.shapes import FAMILIES, UNK, LayerResult, Shape, format_shape, infer, layer_result, rank

U = Unknown("test")
SPAN = Span(1, 1, 1, 1)


def L(kind: str, *args: Any, **kwargs: Any) -> Layer:  # noqa: N802 - reads like a Keras call
    return Layer(kind, args, tuple(kwargs.items()))


def Input(*shape: Any) -> Layer:  # noqa: N802
    return L("Input", shape=shape)


def sequential(*layers: Layer) -> Model:
    nodes = tuple(Node(layer, (i - 1,) if i else ()) for i, layer in enumerate(layers))
    return Model("sequential", SPAN, nodes, (len(nodes) - 1,))


def on(layer: Layer, *shape: Any) -> LayerResult:
    """``layer`` called on a tensor of shape ``(None, *shape)``."""
    return layer_result(layer, [(None,) + shape])


def out(layer: Layer, *shape: Any) -> Optional[Shape]:
    return on(layer, *shape).shape


def counts(result: LayerResult) -> tuple:
    return result.params, result.trainable


# --- the seed model ------------------------------------------------------------------------

SEED_HEAD = (Input(2, 15, 1), L("Conv2D", 32, (2, 1), activation="relu"))
SEED_TAIL = (L("Dense", 100, activation="relu"), L("Dropout", 0.2), L("Dense", 100, activation="relu"),
             L("Dropout", 0.2), L("Dense", 2, activation="softmax"))


def test_seed_model_with_flatten():
    results = infer(sequential(*SEED_HEAD, L("Flatten"), *SEED_TAIL))
    assert [r.shape for r in results[:3]] == [(None, 2, 15, 1), (None, 1, 15, 32), (None, 480)]
    assert results[-1].shape == (None, 2)
    assert sum(r.params for r in results) == 58_498


def test_seed_model_without_flatten():
    results = infer(sequential(*SEED_HEAD, *SEED_TAIL))
    assert results[2].shape == (None, 1, 15, 100)
    assert results[-1].shape == (None, 1, 15, 2)
    assert sum(r.params for r in results) == 13_698
    assert [r.params for r in results] == [0, 96, 3300, 0, 10100, 0, 202]


def test_format_and_rank():
    assert format_shape((None, 1, 15, 32)) == "(None, 1, 15, 32)"
    assert format_shape((None, UNK, 3)) == "(None, ?, 3)"
    assert format_shape((None,)) == "(None,)"
    assert format_shape(None) == "?"
    assert rank((None, 4)) == 2 and rank(None) is None


# --- catalogue -------------------------------------------------------------------------------

@pytest.mark.parametrize("name, kind", [
    ("Conv2D", "Conv2D"), ("Convolution2D", "Conv2D"), ("Convolution1D", "Conv1D"),
    ("Convolution3DTranspose", "Conv3DTranspose"), ("Deconvolution2D", "Conv2DTranspose"),
    ("Deconv3D", "Conv3DTranspose"), ("AtrousConvolution2D", "Conv2D"),
    ("SeparableConvolution2D", "SeparableConv2D"), ("MaxPool2D", "MaxPooling2D"),
    ("AvgPool3D", "AveragePooling3D"), ("GlobalAvgPool1D", "GlobalAveragePooling1D"),
    ("GlobalMaxPool2D", "GlobalMaxPooling2D"), ("Input", "Input"), ("InputLayer", "InputLayer"),
    ("Sequential", "Sequential"), ("Model", "Model"), ("Functional", "Model"),
    ("ResNet50", "ResNet50"), ("LocallyConnected2D", "LocallyConnected2D"),
])
def test_canonical(name, kind):
    assert catalogue.canonical(name) == kind


@pytest.mark.parametrize("name", ["Conv2d", "conv2d", "Linear", "dense", "Layer", "print", ""])
def test_canonical_rejects_other_names(name):
    assert catalogue.canonical(name) is None


def test_merge_functions():
    assert catalogue.merge_function("concatenate") == "Concatenate"
    assert catalogue.merge_function("add") == "Add"
    assert catalogue.merge_function("dot") == "Dot"
    assert catalogue.merge_function("Add") is None


@pytest.mark.parametrize("kind, role", [
    ("Input", "input"), ("Conv2D", "conv"), ("DepthwiseConv2D", "conv"), ("Conv3DTranspose", "conv"),
    ("MaxPooling1D", "pool"), ("GlobalAveragePooling2D", "global_pool"), ("Flatten", "flatten"),
    ("Reshape", "reshape"), ("Permute", "reshape"), ("RepeatVector", "reshape"), ("Dense", "dense"),
    ("LSTM", "rnn"), ("ConvLSTM2D", "rnn"), ("Dropout", "preserve"),
    ("BatchNormalization", "preserve"), ("LeakyReLU", "preserve"), ("ZeroPadding2D", "resize"),
    ("UpSampling1D", "resize"), ("Embedding", "embedding"), ("TimeDistributed", "wrapper"),
    ("Bidirectional", "wrapper"), ("Concatenate", "merge"), ("Add", "merge"),
    ("Sequential", "model"), ("ResNet50", "backbone"), ("Lambda", "other"), ("?", "other"),
])
def test_roles(kind, role):
    assert catalogue.role(kind) == role
    assert role in catalogue.ROLES


def test_every_family_has_a_shape_rule():
    families = {catalogue.spec(kind).family for kind in catalogue.KINDS}
    assert families - {""} <= FAMILIES
    assert all(catalogue.role(kind) in catalogue.ROLES for kind in catalogue.KINDS)


def test_signature_and_bind():
    assert catalogue.signature("Conv2D")[:6] == ("filters", "kernel_size", "strides", "padding",
                                                 "data_format", "dilation_rate")
    assert catalogue.signature("Dense")[:3] == ("units", "activation", "use_bias")
    assert catalogue.signature("Nope") == ()
    bound = catalogue.bind(L("Conv2D", 32, 3, 3, activation="relu"))
    assert bound == {"filters": 32, "kernel_size": 3, "strides": 3, "activation": "relu"}


def test_bind_duplicates_extras_and_splats():
    twice = catalogue.bind(L("Dense", 10, units=4))
    assert isinstance(twice["units"], Unknown)
    assert catalogue.bind(L("Flatten", "channels_last", 1, 2))["*args"] == (1, 2)
    keyword_splat = catalogue.bind(Layer("Dense", (10,), (("**", U),)))
    assert keyword_splat["units"] == 10 and isinstance(keyword_splat["use_bias"], Unknown)
    star_splat = catalogue.bind(Layer("Dense", (10,), (("*", U), ("use_bias", False))))
    assert isinstance(star_splat["units"], Unknown) and star_splat["use_bias"] is False


@pytest.mark.parametrize("layer, legacy", [
    (L("Conv2D", 32, 3, border_mode="same"), True),
    (L("Conv2D", 32, 3, 3), True),  # Keras 1 kernel 3x3, Keras 3 strides=3
    (L("Conv1D", 32, 3, 2), False),
    (L("Conv2D", 32, (3, 3), 2), False),
    (L("Dense", output_dim=10), True),
    (L("Embedding", 100, output_dim=8), False),
    (L("LocallyConnected2D", 8, 3), True),
    (L("Dense", 10, "relu", True, "glorot_uniform", "zeros", None, None, None, None, None, None, None,
       None, "extra"), True),
    (L("Dense", 10, activation="relu"), False),
])
def test_is_legacy(layer, legacy):
    assert catalogue.is_legacy(layer) is legacy


@pytest.mark.parametrize("layer, reducer", [
    (L("Flatten"), True), (L("GlobalAveragePooling2D"), True),
    (L("GlobalAveragePooling2D", keepdims=True), False), (L("GlobalMaxPooling1D", keepdims=U), True),
    (L("LSTM", 32), True), (L("LSTM", 32, return_sequences=True), False),
    (L("ConvLSTM2D", 8, 3), True), (L("Reshape", (-1,)), True), (L("Reshape", (4, 4)), False),
    (L("Reshape", U), True), (L("TimeDistributed", L("Flatten")), True),
    (L("Bidirectional", L("GRU", 4, return_sequences=True)), False), (L("Dense", 3), False),
    (L("Conv2D", 8, 3), False), (L("Dropout", 0.5), False), (L("Lambda", U), True), (L("?"), True),
])
def test_is_rank_reducer(layer, reducer):
    assert catalogue.is_rank_reducer(layer) is reducer


def test_spatial_rank_and_upsamples():
    assert catalogue.spatial_rank("Conv3D") == 3 and catalogue.spatial_rank("Dense") is None
    assert catalogue.upsamples("UpSampling2D") and catalogue.upsamples("Conv2DTranspose")
    assert not catalogue.upsamples("Conv2D") and not catalogue.upsamples("?")


# --- inputs --------------------------------------------------------------------------------------

@pytest.mark.parametrize("layer, shape", [
    (L("Input", (28, 28, 1)), (None, 28, 28, 1)),
    (L("Input", shape=(8,)), (None, 8)),
    (L("Input", shape=(None, 3)), (None, None, 3)),
    (L("Input", shape=(U, 3)), (None, UNK, 3)),
    (L("Input", shape=(3,), batch_size=8), (8, 3)),
    (L("Input", batch_shape=(4, 5)), (4, 5)),
    (L("InputLayer", input_shape=(5, 2)), (None, 5, 2)),
    (L("InputLayer", batch_input_shape=(None, 7)), (None, 7)),
    (L("Input", shape=U), None),
    (L("Input"), None),
])
def test_input_shapes(layer, shape):
    result = layer_result(layer, ())
    assert result.shape == shape and result.error is None


def test_input_shape_must_be_a_tuple():
    assert layer_result(L("Input", shape=3), ()).error_kind == "other"


# --- convolutions ------------------------------------------------------------------------

@pytest.mark.parametrize("layer, shape, expected, params", [
    (L("Conv2D", 16, 3, strides=2, padding="same"), (28, 28, 1), (None, 14, 14, 16), 160),
    (L("Conv2D", 16, (3, 5), padding="valid", use_bias=False), (10, 10, 2), (None, 8, 6, 16), 480),
    (L("Conv2D", 4, 3, groups=2), (4, 4, 6), (None, 2, 2, 4), 112),
    (L("Conv2D", 4, 3, data_format="channels_first"), (3, 8, 8), (None, 4, 6, 6), 112),
    (L("Conv1D", 2, 3, padding="causal", dilation_rate=2), (5, 3), (None, 5, 2), 20),
    (L("Conv1D", 3, 3, strides=2, padding="causal"), (9, 2), (None, 5, 3), 21),
    (L("Conv2D", 2, 3, dilation_rate=2), (9, 9, 3), (None, 5, 5, 2), 56),
    (L("Conv3D", 2, (1, 2, 3)), (4, 5, 6, 1), (None, 4, 4, 4, 2), 14),
    (L("SeparableConv2D", 4, 3, depth_multiplier=2, use_bias=False), (8, 8, 3), (None, 6, 6, 4), 78),
    (L("DepthwiseConv2D", 3, depth_multiplier=2), (8, 8, 3), (None, 6, 6, 6), 60),
    (L("DepthwiseConv2D", 3, strides=2, dilation_rate=2), (8, 8, 3), (None, 2, 2, 3), 30),
    (L("Conv1DTranspose", 2, 2, strides=3), (4, 3), (None, 12, 2), 14),
    (L("Conv1DTranspose", 2, 2, strides=3, output_padding=1), (4, 3), (None, 12, 2), 14),
    (L("Conv1DTranspose", 2, 3, strides=2, padding="same", output_padding=1), (4, 3), (None, 8, 2), 20),
    (L("Conv2DTranspose", 2, 3, dilation_rate=2), (4, 4, 3), (None, 8, 8, 2), 56),
    (L("Conv2DTranspose", 2, 3, strides=2, data_format="channels_first"), (3, 8, 8), (None, 2, 17, 17), 56),
    # Conv3DTranspose takes data_format before output_padding positionally
    (L("Conv3DTranspose", 2, (3, 3, 3), 2, "valid", "channels_last", 1), (4, 4, 4, 3),
     (None, 10, 10, 10, 2), 164),
    (L("Conv2D", 8, 3, padding="SAME"), (5, 5, 1), (None, 5, 5, 8), 80),
])
def test_convolutions(layer, shape, expected, params):
    result = on(layer, *shape)
    assert result.shape == expected
    assert counts(result) == (params, params)


def test_conv_on_unknown_input_keeps_its_rank():
    result = layer_result(L("Conv2D", 32, 3), [None])
    assert result.shape == (None, UNK, UNK, 32) and result.params is None
    assert layer_result(L("Conv1D", 8, 3, data_format="channels_first"), [None]).shape == (None, 8, UNK)
    assert layer_result(L("DepthwiseConv2D", 3), [None]).shape == (None, UNK, UNK, UNK)


def test_unknown_arguments_blur_only_what_they_touch():
    assert out(L("Conv2D", U, 3), 28, 28, 1) == (None, 26, 26, UNK)
    assert on(L("Conv2D", U, 3), 28, 28, 1).params is None
    assert out(L("Conv2D", 8, U), 28, 28, 1) == (None, UNK, UNK, 8)
    assert out(L("Conv2D", 8, 3, padding=U), 28, 28, 1) == (None, UNK, UNK, 8)
    assert out(L("Conv2D", 8, 3, data_format=U), 28, 28, 1) == (None, UNK, UNK, UNK)
    assert out(L("Conv2D", 8, (3, U)), 28, 28, 1) == (None, 26, UNK, 8)
    assert counts(on(L("Conv2D", 8, 3, use_bias=U), 28, 28, 1)) == (None, None)
    assert out(L("Conv2D", 8, 3), None, 28, 1) == (None, None, 26, 8)
    assert out(L("Conv2D", 8, 3), UNK, 28, 1) == (None, UNK, 26, 8)


@pytest.mark.parametrize("layer, shape, kind", [
    (L("Conv2D", 32, 3), (5, 3), "rank"),
    (L("Conv1D", 4, 3), (5, 10, 3), "other"),
    (L("Conv1D", 4, 3), (2, 3), "nonpositive"),
    (L("Conv2D", 4, (3, 1)), (2, 15, 1), "nonpositive"),
    (L("Conv2D", 4, 3), (9, 9, None), "undefined"),
    (L("Conv2D", 3, 3, groups=2), (4, 4, 6), "other"),
    (L("Conv2D", 4, 3, groups=2), (4, 4, 5), "other"),
    (L("Conv2D", 2, 3, strides=2, dilation_rate=2), (9, 9, 3), "other"),
    (L("Conv2DTranspose", 2, 3, strides=2, output_padding=2), (4, 4, 3), "other"),
    (L("MaxPooling1D", 3), (2, 3), "nonpositive"),
    (L("MaxPooling2D", 2), (5, 5, 10, 3), "other"),
    (L("GlobalAveragePooling2D"), (4, 5), "rank"),
    (L("Dense", 2), (), "rank"),
    (L("Dense", 2), (3, None), "undefined"),
    (L("LSTM", 2), (3,), "rank"),
    (L("LSTM", 2), (3, None), "undefined"),
    (L("ConvLSTM2D", 4, 3), (3, None, 8, 2), "other"),
    (L("RepeatVector", 3), (4, 5), "other"),
    (L("RepeatVector", 3), (), "rank"),
    (L("SpatialDropout2D", 0.5), (4, 5), "rank"),
    (L("Cropping1D", (2, 2)), (4, 3), "nonpositive"),
    (L("BatchNormalization"), (3, None), "undefined"),
    (L("LayerNormalization"), (3, None), "undefined"),
    (L("LayerNormalization", axis=(1, 2)), (3,), "other"),
    (L("GroupNormalization"), (4, 16), "other"),
    (L("GroupNormalization", 5), (4, 16), "other"),
    (L("PReLU"), (None, 16), "undefined"),
    (L("PReLU", shared_axes=(2,)), (3,), "other"),
    (L("Reshape", (5, 2)), (3, 4), "other"),
    (L("Reshape", (-1, -1)), (3, 4), "other"),
    (L("Reshape", (5, -1)), (3, 4), "other"),
    (L("Permute", (1, 2)), (2, 3, 4), "other"),
    (L("Permute", (0, 1)), (2, 3), "other"),
    (L("Permute", (2, 1, 3)), (2, 3), "rank"),
])
def test_keras_build_errors(layer, shape, kind):
    result = on(layer, *shape)
    assert result.error_kind == kind, result
    assert result.shape is None and result.error


def test_missing_channel_axis_message():
    assert "min_ndim=4, found ndim=3" in on(L("Conv2D", 32, 3), 5, 3).error


def test_dense_after_flatten_over_none_dims():
    results = infer(sequential(Input(None, 3), L("Flatten"), L("Dense", 2)))
    assert results[1].shape == (None, None)
    assert results[2].error_kind == "undefined"


def test_after_an_error_nothing_is_claimed():
    results = infer(sequential(Input(5, 3), L("Conv2D", 8, 3), L("Dense", 4), L("Flatten")))
    assert results[1].error_kind == "rank"
    assert all(r.shape is None and r.error_kind == "upstream" for r in results[2:])


# --- pooling, reshaping, dense -----------------------------------------------------------------

@pytest.mark.parametrize("layer, shape, expected", [
    (L("MaxPooling2D"), (7, 7, 3), (None, 3, 3, 3)),
    (L("MaxPooling1D", 3, 2, "same"), (5, 3), (None, 3, 3)),
    (L("MaxPooling1D", 2, data_format="channels_first"), (3, 8), (None, 3, 4)),
    (L("AveragePooling2D", (2, 3), strides=1), (4, 4, 1), (None, 3, 2, 1)),
    (L("MaxPooling3D", 3, data_format="channels_first"), (3, 8, 8, 8), (None, 3, 2, 2, 2)),
    (L("GlobalAveragePooling2D"), (7, 7, 32), (None, 32)),
    (L("GlobalMaxPooling1D", keepdims=True), (5, 8), (None, 1, 8)),
    (L("GlobalAveragePooling1D", data_format="channels_first", keepdims=True), (3, 8), (None, 3, 1)),
    (L("GlobalAveragePooling2D", keepdims=U), (7, 7, 32), None),
    (L("Flatten"), (2, 3, 4), (None, 24)),
    (L("Flatten", data_format="channels_first"), (2, 3, 4), (None, 24)),
    (L("Flatten"), (), (None, 1)),
    (L("Flatten"), (None, 3), (None, None)),
    (L("Flatten"), (UNK, 3), (None, UNK)),
    (L("Reshape", (-1, 2)), (None, 4), (None, None, 2)),
    (L("Reshape", (2, 2, -1)), (3, 4), (None, 2, 2, 3)),
    (L("Reshape", (6, U)), (3, 4), (None, 6, UNK)),
    (L("Reshape", U), (3, 4), None),
    (L("Permute", (3, 1, 2)), (2, 3, 4), (None, 4, 2, 3)),
    (L("Permute", U), (2, 3, 4), (None, UNK, UNK, UNK)),
    (L("RepeatVector", 3), (5,), (None, 3, 5)),
    (L("Dense", 3), (4, 8), (None, 4, 3)),
    (L("Dense", units=U), (4, 8), (None, 4, UNK)),
    (L("Embedding", 10, 3), (4, 5), (None, 4, 5, 3)),
    (L("Embedding", 10, 3), (None,), (None, None, 3)),
])
def test_shapes(layer, shape, expected):
    result = on(layer, *shape)
    assert result.shape == expected and result.error is None


def test_dense_and_embedding_params():
    assert counts(on(L("Dense", 3), 4, 8)) == (27, 27)
    assert counts(on(L("Dense", 3, use_bias=False), 8)) == (24, 24)
    assert layer_result(L("Dense", 3), [None]) == LayerResult(None, None, None)
    assert counts(on(L("Embedding", 100, 8), 5)) == (800, 800)
    assert layer_result(L("Embedding", 100, 8), [None]).params == 800


# --- normalisation and activations ------------------------------------------------------------

@pytest.mark.parametrize("layer, shape, params, trainable", [
    (L("BatchNormalization"), (8, 8, 16), 64, 32),
    (L("BatchNormalization", axis=1, scale=False), (3, 4, 5), 9, 3),
    (L("BatchNormalization", center=False, scale=False), (4,), 8, 0),
    (L("LayerNormalization"), (4, 5), 10, 10),
    (L("LayerNormalization", axis=1), (4, 5), 8, 8),
    (L("LayerNormalization", axis=(1, 2)), (3, 4, 5), 24, 24),
    (L("LayerNormalization", scale=False), (4, 5), 5, 5),
    (L("LayerNormalization", center=False, scale=False), (None,), 0, 0),
    (L("RMSNormalization"), (4, 16), 16, 16),
    (L("GroupNormalization", 4), (4, 16), 32, 32),
    (L("GroupNormalization", 2, center=False), (3, 4), 4, 4),
    (L("UnitNormalization"), (3, 4), 0, 0),
    (L("Normalization"), (4, 16), 33, 0),
    (L("Normalization", axis=None), (3, 4), 3, 0),
    (L("Normalization", axis=(1, 2)), (3, 4), 25, 0),
    (L("Normalization", mean=0.0, variance=1.0), (4, 16), 0, 0),
    (L("PReLU"), (4, 16), 64, 64),
    (L("PReLU", shared_axes=(1,)), (None, 16), 16, 16),
    (L("Dropout", 0.5), (3, 4), 0, 0),
    (L("Activation", "relu"), (3, 4), 0, 0),
    (L("ThresholdedReLU", 1.0), (3, 4), None, None),  # gone from Keras 3: shape only
])
def test_shape_preserving_layers(layer, shape, params, trainable):
    result = on(layer, *shape)
    assert result.shape == (None,) + shape
    assert counts(result) == (params, trainable)


# --- padding, cropping, upsampling, resizing -----------------------------------------------------

@pytest.mark.parametrize("layer, shape, expected", [
    (L("ZeroPadding1D"), (8, 3), (None, 10, 3)),
    (L("ZeroPadding1D", 2, data_format="channels_first"), (3, 8), (None, 3, 12)),
    (L("ZeroPadding2D", ((1, 2), (3, 4))), (4, 4, 3), (None, 7, 11, 3)),
    (L("ZeroPadding2D", (1, 2)), (4, 4, 3), (None, 6, 8, 3)),
    (L("ZeroPadding3D", (1, 2, 3), data_format="channels_first"), (3, 4, 4, 4), (None, 3, 6, 8, 10)),
    (L("Cropping1D"), (8, 3), (None, 6, 3)),
    (L("Cropping2D"), (8, 8, 3), (None, 8, 8, 3)),
    (L("Cropping2D", (1, 2)), (6, 6, 3), (None, 4, 2, 3)),
    (L("Cropping2D", (1, 2)), (None, 6, 3), (None, None, 2, 3)),
    (L("Cropping3D"), (8, 8, 8, 3), (None, 6, 6, 6, 3)),
    (L("UpSampling1D", 3), (3, 8), (None, 9, 8)),
    (L("UpSampling1D", (2, 2)), (3, 8), (None, UNK, 8)),
    (L("UpSampling2D", (2, 3)), (4, 4, 3), (None, 8, 12, 3)),
    (L("UpSampling3D", 2, data_format="channels_first"), (3, 4, 4, 4), (None, 3, 8, 8, 8)),
    (L("Resizing", 4, 5), (8, 8, 3), (None, 4, 5, 3)),
    (L("CenterCrop", 10, 5), (8, 8, 3), (None, 10, 5, 3)),
    (L("Resizing", 4, 5), (8, 8), None),
])
def test_resizing_layers(layer, shape, expected):
    assert out(layer, *shape) == expected


# --- recurrent layers and wrappers ---------------------------------------------------------------

@pytest.mark.parametrize("layer, shape, expected, params", [
    (L("LSTM", 3), (4, 5), (None, 3), 108),
    (L("LSTM", 3, use_bias=False), (4, 5), (None, 3), 96),
    (L("GRU", 3), (4, 5), (None, 3), 90),
    (L("GRU", 3, reset_after=False), (4, 5), (None, 3), 81),
    (L("SimpleRNN", 3, return_sequences=True), (4, 5), (None, 4, 3), 27),
    (L("LSTM", 2, return_state=True), (3, 4), None, 56),
    (L("LSTM", 2, return_sequences=U), (3, 4), None, 56),
    (L("ConvLSTM2D", 4, 3), (3, 8, 8, 2), (None, 6, 6, 4), 880),
    (L("ConvLSTM2D", 4, 3, strides=2, return_sequences=True), (3, 8, 8, 2), (None, 3, 3, 3, 4), 880),
    (L("ConvLSTM2D", 4, 3, data_format="channels_first", return_sequences=True), (3, 2, 8, 8),
     (None, 3, 4, 6, 6), 880),
    (L("ConvLSTM1D", 4, 3, padding="same"), (3, 8, 2), (None, 8, 4), 304),
    (L("Bidirectional", L("GRU", 3)), (4, 5), (None, 6), 180),
    (L("Bidirectional", L("GRU", 3, reset_after=False), merge_mode="sum"), (4, 5), (None, 3), 162),
    (L("Bidirectional", L("SimpleRNN", 3), merge_mode="ave"), (4, 5), (None, 3), 54),
    (L("Bidirectional", L("LSTM", 3, return_sequences=True), merge_mode=None), (4, 5), None, 216),
    (L("Bidirectional", L("ConvLSTM2D", 3, 3)), (3, 6, 6, 2), (None, 4, 4, 6), 1104),
    (L("Bidirectional", L("LSTM", 3), backward_layer=L("LSTM", 2, go_backwards=True)), (4, 5),
     (None, UNK), 172),
    (L("TimeDistributed", L("Dense", 3)), (5, 4), (None, 5, 3), 15),
    (L("TimeDistributed", L("Conv2D", 3, 3)), (3, 8, 8, 2), (None, 3, 6, 6, 3), 57),
    (L("TimeDistributed", L("Flatten")), (3, 4, 5), (None, 3, 20), 0),
])
def test_recurrent_and_wrappers(layer, shape, expected, params):
    result = on(layer, *shape)
    assert result.shape == expected and result.error is None
    assert counts(result) == (params, params)


def test_recurrent_layers_on_unknown_input_keep_their_rank():
    assert layer_result(L("LSTM", 8), [None]).shape == (None, 8)
    assert layer_result(L("GRU", 8, return_sequences=True), [None]).shape == (None, UNK, 8)
    assert layer_result(L("TimeDistributed", L("Conv2D", 4, 3)), [None]).shape == (None, UNK, UNK, UNK, 4)


def test_wrappers_pass_on_inner_errors_and_unknowns():
    assert on(L("TimeDistributed", L("Dense", 3)), 4).error_kind == "rank"
    assert on(L("Bidirectional", L("LSTM", 3)), 5).error_kind == "rank"
    # Keras builds a wrapped layer without checking its rank: not judged statically
    assert on(L("TimeDistributed", L("MaxPooling1D", 2)), 5, 4) == LayerResult(None, None, None)
    assert on(L("Bidirectional", L("Dense", 3)), 4, 5) == LayerResult(None, None, None)
    assert on(L("TimeDistributed", U), 4, 5) == LayerResult(None, None, None)


# --- merges and nested models -------------------------------------------------------------------

def merged(layer: Layer, *shapes: Optional[Shape]) -> LayerResult:
    return layer_result(layer, list(shapes))


def test_elementwise_merges():
    assert merged(L("Add"), (None, 3, 4), (None, 3, 4)).shape == (None, 3, 4)
    assert merged(L("Multiply"), (None, UNK, 4), (None, 3, 4), (None, 3, 4)).shape == (None, UNK, 4)
    assert merged(L("Add"), (None, 3, 4)).shape == (None, 3, 4)
    assert merged(L("Add"), (None, 3, 4), (None, 1, 4)).shape == (None, 3, 4)  # Keras broadcasts size 1
    assert merged(L("Add"), (None, 3, 4), None).shape is None
    assert merged(L("Subtract"), (None, 3), (None, 3), (None, 3)).shape is None
    assert merged(L("Subtract"), (None, 3), (None, 3)).params == 0


def test_concatenate():
    assert merged(L("Concatenate"), (None, 3, 4), (None, 3, 5)).shape == (None, 3, 9)
    assert merged(L("Concatenate", axis=1), (None, 3, 4), (None, 2, 4)).shape == (None, 5, 4)
    assert merged(L("Concatenate", axis=1), (None, None, 4), (None, 2, 4)).shape == (None, None, 4)
    assert merged(L("Concatenate"), (None, None, 4), (None, 3, 4)).shape == (None, None, 8)
    assert merged(L("Concatenate"), (None, 3, 4), (None, 2, 4)).shape is None
    assert merged(L("Concatenate", axis=U), (None, 3), (None, 3)).shape is None
    assert merged(L("Concatenate", axis=5), (None, 3)).shape is None
    assert merged(L("Concatenate"), (None, 3)).shape == (None, 3)


def nested(model: Model, **kwargs: Any) -> Layer:
    return Layer("Sequential", (), tuple(kwargs.items()), model=model)


def test_nested_sequential_takes_the_outer_input():
    inner = sequential(L("Input", shape=U), L("Conv2D", 8, 3), L("Flatten"))
    outer = infer(sequential(Input(10, 10, 1), nested(inner), L("Dense", 2)))
    assert outer[1].shape == (None, 512) and outer[1].params == 80
    assert outer[2].shape == (None, 2) and outer[2].params == 1026


def test_nested_model_keeps_its_declared_input_and_errors():
    inner = sequential(Input(4,), L("Dense", 3))
    assert layer_result(nested(inner), [(None, 9)]).shape == (None, 3)
    broken = sequential(L("Input", shape=U), L("Conv2D", 8, 3))
    assert layer_result(nested(broken), [(None, 5, 3)]).error_kind == "rank"
    assert layer_result(nested(inner, trainable=False), [None]) == LayerResult((None, 3), 15, 0)
    assert layer_result(L("Sequential"), [(None, 3)]) == LayerResult(None, None, None)


def test_backbones_are_delegated():
    resnet = L("ResNet50", include_top=False, weights=None)
    assert layer_result(resnet, [(None, 64, 64, 3)]) == backbone_result(resnet, (None, 64, 64, 3))
    results = infer(sequential(Input(64, 64, 3), resnet, L("GlobalAveragePooling2D")))
    assert results[1].shape == (None, 2, 2, 2048) and results[2].shape == (None, 2048)


def test_infer_uses_input_shapes_in_order():
    model = Model("functional", SPAN, (Node(L("Input", shape=U)), Node(L("Input", shape=U)),
                                       Node(L("Concatenate"), (0, 1), merge=True)), (2,))
    results = infer(model, [(None, 2), (None, 3)])
    assert results[2].shape == (None, 5)
    assert infer(model)[2].shape is None


# --- Keras 1 code, trainable, odd values ---------------------------------------------------------

def test_keras1_calls_keep_only_their_rank():
    result = on(L("Conv2D", 32, 3, 3, border_mode="same"), 28, 28, 1)
    assert result.shape == (None, UNK, UNK, UNK) and result.params is None
    assert counts(on(L("Conv2D", 32, 3, 3), 28, 28, 1)) == (None, None)
    assert on(L("Conv2D", 32, 3, 3), 28, 28, 1).shape == (None, UNK, UNK, UNK)
    assert out(L("Dense", output_dim=10, init="uniform"), 8) == (None, UNK)
    assert out(L("LSTM", 32, return_sequences=True, consume_less="gpu"), 4, 8) == (None, 4, UNK)
    assert out(L("MaxPooling1D", pool_length=2), 8, 3) == (None, UNK, UNK)
    assert out(L("Flatten", dim_ordering="th"), 2, 3) == (None, 6)
    assert on(L("Conv2D", 32, 3, border_mode="same"), 5, 3).error_kind == "rank"
    assert on(L("LocallyConnected2D", 8, 3), 6, 6, 2).shape == (None, UNK, UNK, UNK)


def test_trainable_false():
    assert counts(on(L("Dense", 3, trainable=False), 4)) == (15, 0)
    assert counts(on(L("Dense", 3, trainable=U), 4)) == (15, None)
    assert counts(on(Layer("Dense", (3,), (("**", U),)), 4)) == (None, None)


def test_unknown_layers():
    assert on(L("?"), 3) == LayerResult(None, None, None)
    assert on(L("Lambda", U), 3) == LayerResult(None, None, None)
    assert on(L("Dense", 3), 3, 4) != LayerResult(None, None, None)
    assert layer_result(L("Dense", 3), [(None, 3), (None, 3)]) == LayerResult(None, None, None)


def test_values_keras_refuses_are_errors_not_answers():
    for layer in (L("Conv2D", "32", 3), L("Conv2D", 32.0, 3), L("Conv2D", -4, 3), L("Conv2D", 10 ** 100, 3),
                  L("Conv2D", 4, False), L("Conv2D", 4, (3, 3, 3)), L("Conv2D", 4, 3, strides=0),
                  L("Conv2D", 4, 3, padding="bogus"), L("MaxPooling2D", 2.0), L("UpSampling2D", 0)):
        result = on(layer, 8, 8, 1)
        assert result.shape is None and result.error_kind == "other", layer
    assert on(L("Dense", None), 8).shape is None
    assert on(L("AveragePooling2D"), 4, 4, 1).error == "Keras needs the argument pool_size"  # no default in Keras 3
    assert on(L("ZeroPadding2D", "same"), 4, 4, 1).error and on(L("Cropping2D", -1), 4, 4, 1).error
    assert on(L("ZeroPadding2D", -1), 4, 4, 1).shape == (None, UNK, UNK, 1)  # Keras takes it; not modelled
    assert on(L("Conv2D", 4, 3, strides=None), 8, 8, 1).error and on(L("Dropout", None), 8).error
    assert on(L("Conv2D", 4, 3, data_format="bogus"), 8, 8, 1).error
    assert on(L("Dropout", 2), 8).shape is None and on(L("Dropout", 1), 8).shape == (None, 8)
    assert on(L("Input", shape=(-5, 8, 1))).error and on(L("Input", shape=(8.0, 8, 1))).error


def test_unknown_values_keep_the_rank():
    assert out(L("Conv2D", U, 3), 8, 8, 1) == (None, 6, 6, UNK)
    assert out(L("Conv2D", 4, U), 8, 8, 1) == (None, UNK, UNK, 4)
    assert out(L("Dense", U), 8) == (None, UNK)


VALUES = st.recursive(
    st.one_of(st.integers(-3, 40), st.sampled_from([0, 10 ** 100, -1, 2 ** 31]), st.floats(allow_nan=True),
              st.text(max_size=4), st.sampled_from(["same", "valid", "causal", "channels_first", "concat"]),
              st.none(), st.booleans(), st.just(U)),
    lambda inner: st.one_of(st.tuples(inner), st.tuples(inner, inner), st.tuples(inner, inner, inner),
                            st.builds(lambda kind, a: Layer(kind, (a,)), st.sampled_from(catalogue.KINDS),
                                      inner)),
    max_leaves=6)
NAMES = st.sampled_from(sorted({n for k in catalogue.KINDS for n in catalogue.signature(k)}
                               | {"trainable", "border_mode", "*", "**"}))
DIMS = st.one_of(st.integers(0, 40), st.none(), st.just(UNK))
SHAPES = st.one_of(st.none(), st.lists(DIMS, max_size=5).map(lambda d: (None,) + tuple(d)))


@settings(max_examples=400, deadline=None, database=None)
@given(st.sampled_from(catalogue.KINDS), st.lists(VALUES, max_size=4),
       st.lists(st.tuples(NAMES, VALUES), max_size=4), st.lists(SHAPES, min_size=0, max_size=3))
def test_never_raises(kind: str, args: Sequence[Any], kwargs: Sequence[Any], shapes: list) -> None:
    result = layer_result(Layer(kind, tuple(args), tuple(kwargs)), shapes)
    assert isinstance(result, LayerResult)
    assert result.error is None or result.shape is None
    assert result.params is None or result.params >= 0
    if result.params is not None and isinstance(result.trainable, int):
        assert 0 <= result.trainable <= result.params


@pytest.mark.parametrize("kind, shapes, expected", [
    ("Multiply", [(None, 32, 32, 64), (None, 1, 1, 64)], (None, 32, 32, 64)),  # a squeeze-excite scale
    ("Multiply", [(None, 1, 5, 1), (None, 4, 1, 3)], (None, 4, 5, 3)),
    ("Add", [(None, None, 5), (None, 1, 5)], (None, None, 5)),  # None wins over 1, as in Keras 3
    ("Add", [(None, UNK, 5), (None, 1, 5)], (None, UNK, 5)),
    ("Add", [(None, 3, 5), (None, 4, 5)], None),  # Keras refuses: no shape claimed
])
def test_elementwise_merges_broadcast_as_keras(kind, shapes, expected):
    """Expected shapes are what Keras 3.15 gives for the same inputs."""
    assert layer_result(L(kind), shapes).shape == expected


def test_a_number_as_activation_is_refused_as_keras_does():
    """Keras 0's Dense(4096, 512) meant (inputs, units); Keras 3 reads 512 as the activation and refuses."""
    result = layer_result(L("Dense", 4096, 512), [(None, 100)])
    assert result.error is not None and result.shape is None
    assert layer_result(L("Dense", 4096, "relu"), [(None, 100)]).shape == (None, 4096)
