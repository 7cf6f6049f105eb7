"""Test helper: build real Keras models from flatten-lint IR and measure what Keras makes of them."""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Any, List, Optional, Tuple

import pytest

from flatten_lint.ir import Layer, Model

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
keras = pytest.importorskip("keras")


@dataclass(frozen=True)
class Built:
    """What Keras made of one node: its output shape and weights, or the error it raised."""

    shape: Optional[Tuple[Any, ...]] = None
    params: int = 0
    trainable: int = 0
    error: Optional[str] = None


def _value(value: Any) -> Any:
    return keras_layer(value) if isinstance(value, Layer) else value


def keras_layer(layer: Layer) -> Any:
    """The Keras layer that ``layer`` describes (``Input`` gives a symbolic tensor)."""
    factory = keras.Input if layer.kind == "Input" else getattr(keras.layers, layer.kind)
    return factory(*map(_value, layer.args), **{k: _value(v) for k, v in layer.kwargs})


def build(model: Model) -> List[Built]:
    """Apply the nodes of ``model`` in order; stops after the first node Keras refuses."""
    built: List[Built] = []
    tensors: List[Any] = []
    for node in model.nodes:
        try:
            if node.layer.kind == "Input":
                tensors.append(keras_layer(node.layer))
                built.append(Built(tuple(tensors[-1].shape)))
                continue
            layer = keras_layer(node.layer)
            sources = [tensors[i] for i in node.inputs]
            tensors.append(layer(sources if node.merge else sources[0]))
            trainable = sum(math.prod(w.shape) for w in layer.trainable_weights)
            built.append(Built(tuple(tensors[-1].shape), layer.count_params(), trainable))
        except Exception as error:  # noqa: BLE001 - any refusal by Keras is a data point
            built.append(Built(error=f"{type(error).__name__}: {error}"))
            break
    return built
