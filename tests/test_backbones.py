"""keras.applications backbones: the static table and rules, then a differential check against Keras."""
from __future__ import annotations

import warnings

import pytest

from flatten_lint.backbones import (
    APPLICATION_MODULES,
    BACKBONES,
    backbone_output_layer,
    backbone_result,
    spatial_size,
)
from flatten_lint.ir import Layer, Unknown
from flatten_lint.shapes import UNK

U = Unknown("test")


def call(kind: str, *args, tensor=None, **kwargs):
    """``kind(*args, **kwargs)``, called on a tensor of shape ``tensor`` if given."""
    return backbone_result(Layer(kind, args, tuple(kwargs.items())), tensor)


# --- the table -----------------------------------------------------------------------

FAMILIES = [
    "VGG16", "VGG19", "ResNet50", "ResNet101", "ResNet152", "ResNet50V2", "ResNet101V2", "ResNet152V2",
    "InceptionV3", "InceptionResNetV2", "Xception", "MobileNet", "MobileNetV2", "MobileNetV3Small",
    "MobileNetV3Large", "DenseNet121", "DenseNet169", "DenseNet201", "ConvNeXtTiny", "ConvNeXtSmall",
    "ConvNeXtBase", "ConvNeXtLarge", "ConvNeXtXLarge", "NASNetMobile", "NASNetLarge", "EfficientNetV2S",
    "EfficientNetV2M", "EfficientNetV2L",
]
FAMILIES += [f"EfficientNetB{i}" for i in range(8)] + [f"EfficientNetV2B{i}" for i in range(4)]


def test_every_application_is_tabulated():
    assert set(FAMILIES) <= set(BACKBONES)
    exported = {name for names in APPLICATION_MODULES.values() for name in names}
    assert exported <= set(BACKBONES)


def test_application_modules():
    assert APPLICATION_MODULES["resnet50"] == ("ResNet50",)
    assert "ResNet152" in APPLICATION_MODULES["resnet"]
    assert "EfficientNetB3" in APPLICATION_MODULES["efficientnet"]
    assert "vgg16" in APPLICATION_MODULES and "imagenet_utils" in APPLICATION_MODULES
    assert BACKBONES["ResNet50"].modules == ("resnet", "resnet50")


@pytest.mark.parametrize("name, notop, top", [
    ("ResNet50", 23_587_712, 25_636_712),      # published Keras Applications figures
    ("VGG16", 14_714_688, 138_357_544),
    ("InceptionV3", 21_802_784, 23_851_784),
    ("MobileNet", 3_228_864, 4_253_864),
    ("DenseNet121", 7_037_504, 8_062_504),
])
def test_known_parameter_counts(name, notop, top):
    assert call(name, include_top=False).params == notop
    assert call(name).params == top


def test_info_fields():
    info = BACKBONES["InceptionV3"]
    assert (info.default_size, info.min_size, info.default.channels) == (299, 75, 2048)
    assert info.feature_size(299) == 8 and info.feature_size(75) == 1
    assert BACKBONES["Xception"].min_size == 71
    assert BACKBONES["NASNetLarge"].default_size == 331


def test_spatial_size_ops():
    chain = (("pad", 6), ("valid", 7, 2), ("same", 2), ("pad", -1))
    assert spatial_size(chain, 64, True) == 15  # 70 -> 32 -> 16 -> 15
    assert spatial_size((("valid", 3, 2), ("pad", 4)), 2, True) == 0  # stops at the first empty size
    assert spatial_size((("same", 2), ("same", 2)), 9, True) == 3
    assert [spatial_size((("corrected", 3),), 7, built) for built in (True, False)] == [4, 3]


@pytest.mark.parametrize("kind, name", [
    ("MobileNetV2", "out_relu"),
    ("MobileNet", "conv_pw_13_relu"),
    ("ResNet50", "conv5_block3_out"),
    ("ResNet152", "conv5_block3_out"),
    ("ResNet50V2", "post_relu"),
    ("VGG16", "block5_pool"),
    ("InceptionV3", "mixed10"),
    ("Xception", "block14_sepconv2_act"),
    ("EfficientNetB7", "top_activation"),
    ("DenseNet121", "relu"),
    ("MobileNetV3Small", None),  # unnamed: activation_17 in a fresh session only
    ("NASNetMobile", None),
    ("ConvNeXtTiny", None),
    ("Dense", None),
])
def test_output_layer(kind, name):
    assert backbone_output_layer(kind) == name


# --- rules ---------------------------------------------------------------------------

def test_include_top_default_is_true():
    result = call("ResNet50", weights=None)
    assert result.shape == (None, 1000) and result.error is None


def test_notop_without_input_shape_leaves_spatial_open():
    assert call("ResNet50", include_top=False, weights=None).shape == (None, None, None, 2048)


def test_notop_with_input_shape():
    assert call("ResNet50", include_top=False, input_shape=(224, 224, 3)).shape == (None, 7, 7, 2048)
    assert call("ResNet50", include_top=False, input_shape=(None, 97, 3)).shape == (None, None, 4, 2048)


@pytest.mark.parametrize("pooling", ["avg", "max"])
def test_pooling(pooling):
    result = call("EfficientNetB0", include_top=False, pooling=pooling)
    assert result.shape == (None, 1280)
    assert result.params == call("EfficientNetB0", include_top=False).params


def test_pooling_is_ignored_with_top():
    assert call("ResNet50", pooling=U).shape == (None, 1000)


def test_unknown_rank_deciders():
    assert call("ResNet50", include_top=U).shape is None
    assert call("ResNet50", include_top=False, pooling=U).shape is None
    assert call("ResNet50", include_top=U).params is None


def test_classes():
    base = call("ResNet50", include_top=False).params
    result = call("ResNet50", weights=None, classes=5)
    assert result.shape == (None, 5) and result.params == base + 2048 * 5 + 5
    unknown = call("ResNet50", weights=None, classes=U)
    assert unknown.shape == (None, UNK) and unknown.params is None


def test_called_on_tensor():
    result = call("ResNet50", include_top=False, tensor=(None, 96, 96, 3))
    assert result.shape == (None, 3, 3, 2048)
    fixed = call("ResNet50", include_top=False, input_shape=(224, 224, 3),
                 tensor=(None, None, None, 3))
    assert fixed.shape == (None, None, None, 2048)


def test_called_on_incompatible_tensor():
    result = call("ResNet50", include_top=False, input_shape=(224, 224, 3),
                  tensor=(None, 64, 64, 3))
    assert result.shape is None and result.error_kind == "other"
    assert call("ResNet50", include_top=False, tensor=(None, 64, 3)).error_kind == "other"


def test_correct_pad_depends_on_the_built_size():
    # Keras pads for the size a model is built for; one built for any size rounds down.
    assert call("EfficientNetB0", include_top=False, input_shape=(48, 48, 3)).shape[1:3] == (2, 2)
    assert call("EfficientNetB0", include_top=False, tensor=(None, 48, 48, 3)).shape[1:3] == (1, 1)
    either = call("EfficientNetB0", include_top=False, input_tensor=U, tensor=(None, 48, 64, 3))
    assert either.shape[1:3] == (UNK, 2)


def test_nasnet_built_for_any_size_cannot_be_called():
    result = call("NASNetLarge", include_top=False, tensor=(None, 331, 331, 3))
    assert result.shape is None and result.error


def test_called_on_tensor_too_small():
    result = call("InceptionV3", include_top=False, tensor=(None, 40, 40, 3))
    assert result.shape is None and result.error_kind == "nonpositive"


def test_unknown_input_shape():
    result = call("ResNet50", include_top=False, input_shape=U)
    assert result.shape == (None, UNK, UNK, 2048) and result.params is None
    partly = call("ResNet50", include_top=False, input_shape=(U, 64, 3))
    assert partly.shape == (None, UNK, 2, 2048) and partly.params == 23_587_712


def test_input_tensor():
    assert call("ResNet50", include_top=False, input_tensor=U).shape == (None, UNK, UNK, 2048)
    given = call("ResNet50", include_top=False, input_tensor=U, tensor=(None, 64, 64, 3))
    assert given.shape == (None, 2, 2, 2048)


def test_other_channel_count_loses_params():
    result = call("ResNet50", include_top=False, weights=None, input_shape=(64, 64, 1))
    assert result.shape == (None, 2, 2, 2048) and result.params is None


def test_nasnet_mobile_notop_is_fixed_size():
    assert call("NASNetMobile", include_top=False, weights=None).shape == (None, 7, 7, 1056)


def test_flatten_head_grows_with_input():
    small = call("VGG16", weights=None, input_shape=(64, 64, 3))
    assert small.shape == (None, 1000)
    assert small.params == 138_357_544 - 512 * 4096 * (49 - 4)


def test_alpha():
    assert call("MobileNet", include_top=False, alpha=0.5).shape == (None, None, None, 512)
    for alpha in (U, 0.6):
        result = call("MobileNet", include_top=False, alpha=alpha)
        assert result.shape == (None, None, None, UNK) and result.params is None
    assert call("MobileNetV2", include_top=False, alpha=1.4).shape[-1] == 1792


def test_knob_unknown_but_channels_agree():
    result = call("MobileNetV3Small", include_top=False, minimalistic=U)
    assert result.shape == (None, None, None, 576) and result.params is None


def test_positional_arguments():
    assert call("ResNet50", False, None).shape == (None, None, None, 2048)
    assert call("MobileNet", (128, 128, 3), 0.5, include_top=False).shape == (None, 4, 4, 512)


@pytest.mark.parametrize("layer", [
    Layer("ResNet50", (False,) * 9),
    Layer("ResNet50", (), (("input_size", 3),)),
    Layer("ResNet50", (False,), (("include_top", False),)),
])
def test_bad_signature_is_an_error(layer):
    assert backbone_result(layer, None).error_kind == "other"


@pytest.mark.parametrize("kind, kwargs", [
    ("ResNet50", {"include_top": False, "input_shape": (16, 16, 3)}),
    ("InceptionV3", {"include_top": False, "weights": None, "input_shape": (74, 80, 3)}),
    ("VGG16", {"input_shape": (64, 64, 3)}),
    ("ResNet50", {"classes": 10}),
    ("ResNet50", {"include_top": False, "input_shape": (64, 64)}),
])
def test_keras_refuses(kind, kwargs):
    result = call(kind, **kwargs)
    assert result.shape is None and result.error


def test_imagenet_top_accepts_alternative_sizes():
    assert call("MobileNet", input_shape=(128, 128, 3)).error is None
    assert call("MobileNetV3Small", input_shape=(100, 120, 3)).error is None


# --- differential: build real Keras models ------------------------------------------

CASES = [
    ("MobileNetV3Small", {"include_top": False, "input_shape": (64, 64, 3), "alpha": 0.75}, None),
    ("MobileNetV3Small", {"include_top": False, "minimalistic": True, "pooling": "avg"}, None),
    ("MobileNet", {"alpha": 0.25, "input_shape": (96, 96, 3), "classes": 7}, None),
    ("MobileNetV2", {"include_top": False, "input_shape": (97, 70, 3), "alpha": 0.35}, None),
    ("EfficientNetB0", {"include_top": False, "input_shape": (48, 65, 3)}, None),
    ("EfficientNetB0", {"include_top": False}, (None, 48, 65, 3)),
    ("DenseNet121", {"include_top": False, "input_shape": (70, 70, 3), "pooling": "max"}, None),
    ("InceptionV3", {"include_top": False, "input_shape": (75, 75, 3)}, None),
    ("Xception", {"include_top": False}, (None, 83, 83, 3)),
    ("ResNet50V2", {"include_top": False}, (None, 33, 47, 3)),
    ("VGG16", {"input_shape": (48, 48, 3), "classes": 3}, None),
    ("NASNetMobile", {"include_top": False, "input_shape": (64, 64, 3)}, None),
]


@pytest.fixture(scope="module")
def keras():
    keras = pytest.importorskip("keras")
    keras.backend.clear_session()
    return keras


def build(keras, kind: str, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return getattr(keras.applications, kind)(weights=None, **kwargs)


@pytest.mark.parametrize("kind, kwargs, tensor", CASES)
def test_matches_keras(keras, kind, kwargs, tensor):
    model = build(keras, kind, **kwargs)
    output = model(keras.Input(tensor[1:])) if tensor else model.outputs[0]
    static = call(kind, weights=None, tensor=tensor, **kwargs)
    trainable = sum(int(w.numpy().size) for w in model.trainable_weights)
    assert static.shape == tuple(output.shape)
    assert (static.params, static.trainable) == (model.count_params(), trainable)


@pytest.mark.parametrize("kind, kwargs, tensor", [
    ("VGG16", {"input_shape": (64, 64, 3)}, None),
    ("ResNet50", {"classes": 10}, None),
    ("MobileNetV3Small", {"include_top": False, "weights": None, "input_shape": (16, 40, 3)}, None),
    ("MobileNetV3Small", {"include_top": False, "weights": None, "input_shape": (64, 64, 3)},
     (None, 96, 96, 3)),
    ("NASNetMobile", {"include_top": False, "weights": None, "input_shape": (None, None, 3)},
     (None, 64, 64, 3)),
])
def test_errors_match_keras(keras, kind, kwargs, tensor):
    assert call(kind, tensor=tensor, **kwargs).error
    with pytest.raises(ValueError), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = getattr(keras.applications, kind)(**kwargs)
        if tensor:
            model(keras.Input(tensor[1:]))


@pytest.mark.parametrize("kind, kwargs", [
    ("VGG16", {}),
    ("MobileNet", {"alpha": 0.5}),
    ("MobileNetV2", {"alpha": 0.35}),
])
def test_output_layer_matches_keras(keras, kind, kwargs):
    name, shape = backbone_output_layer(kind), (64, 64, 3)
    base = build(keras, kind, include_top=False, input_shape=shape, **kwargs)
    assert base.get_layer(name).output is base.output
    for other in ({"include_top": True}, {"include_top": False, "pooling": "avg"}):
        model = build(keras, kind, input_shape=shape, **other, **kwargs)
        assert model.get_layer(name).output.shape == base.output.shape


def test_unnamed_output_layer_changes_between_builds(keras):
    names = {build(keras, "MobileNetV3Small", include_top=False, input_shape=(32, 32, 3)).layers[-1].name
             for _ in range(2)}
    assert len(names) == 2 and backbone_output_layer("MobileNetV3Small") is None
