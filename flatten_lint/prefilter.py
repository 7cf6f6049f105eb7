"""A byte-level test that skips files which cannot hold a Keras model, before decoding or parsing.

Every rule reports on a model built from Keras layers, so a file with findings
spells a model constructor (``Sequential``, ``Model``, or a keras.applications
backbone name, all matched by ``MODEL_WORDS``) and some layer class.
"""
from __future__ import annotations

import re

MODEL_WORDS = r"Sequential|Model|Functional|Net|VGG|Xception|Inception|ConvNeXt"
_MODEL = re.compile(MODEL_WORDS.encode())
_LAYER = re.compile(rb"Dense|Flatten|Conv|Pool|Reshape")


def may_contain_model(data: bytes) -> bool:
    """False only when ``data`` certainly holds no Keras model a rule could report on."""
    return _MODEL.search(data) is not None and _LAYER.search(data) is not None
