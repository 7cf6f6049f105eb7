"""Import resolution: which callees are Keras layers, whatever the import style."""
from __future__ import annotations

import ast

import pytest

from flatten_lint.names import build_table


def kind(source: str, expr: str):
    table = build_table(ast.parse(source))
    return table.kind(ast.parse(expr, mode="eval").body)


@pytest.mark.parametrize("source,expr,expected", [
    ("import keras", "keras.layers.Dense", "Dense"),
    ("import tensorflow as tf", "tf.keras.layers.Conv2D", "Conv2D"),
    ("from tensorflow import keras", "keras.layers.MaxPooling2D", "MaxPooling2D"),
    ("from keras import layers as L", "L.Flatten", "Flatten"),
    ("import tensorflow.keras as K", "K.layers.Dense", "Dense"),
    ("from tensorflow.keras.layers import Dense as FC", "FC", "Dense"),
    ("from keras.layers import *", "Conv1D", "Conv1D"),
    ("from keras.layers import Convolution2D", "Convolution2D", "Conv2D"),
    ("from keras.layers import MaxPool2D", "MaxPool2D", "MaxPooling2D"),
    ("from keras.models import Sequential", "Sequential", "Sequential"),
    ("import keras", "keras.Model", "Model"),
    ("", "Dense", "Dense"),  # a snippet without imports
    ("", "tf.keras.layers.Dense", "Dense"),
    ("def f():\n    from keras import layers\n", "layers.Dense", "Dense"),
    ("from tensorflow.keras import layers\nConv = layers.Conv2D", "Conv", "Conv2D"),
    ("from keras.layers import concatenate", "concatenate", "Concatenate"),
    ("import tensorflow as tf\nkeras = tf.compat.v2.keras", "keras.layers.Dense", "Dense"),
    ("from tensorflow.python.keras.layers import Dense", "Dense", "Dense"),
])
def test_keras_names(source: str, expr: str, expected: str) -> None:
    assert kind(source, expr) == expected


@pytest.mark.parametrize("source,expr", [
    ("import torch.nn as nn", "nn.Conv2d"),
    ("from torch.nn import Sequential", "Sequential"),
    ("from mylib import *", "Dense"),
    ("from keras.layers import Conv2D\nclass Dense: pass", "Dense"),
    ("from keras.layers import Dense\ndef Dense(x): return x", "Dense"),
    ("import numpy as np", "np.Dense"),
    ("from .layers import Dense", "Dense"),
    ("from keras.layers import Dense\nfrom mylib import Dense", "Dense"),
    ("", "Conv2d"),
    ("import tensorflow as tf", "tf.nn.conv2d"),
    ("from keras import layers\nlayers = []", "layers.Dense"),
    ("Dense = make_dense()", "Dense"),
    ("for Dense in choices:\n    pass", "Dense"),
])
def test_not_keras(source: str, expr: str) -> None:
    assert kind(source, expr) is None
