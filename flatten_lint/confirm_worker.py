"""The ``--confirm`` worker: builds models from JSON specs with Keras and says what Keras made.

Run as ``python -m flatten_lint.confirm_worker``; the only module of flatten-lint
that imports Keras, and only inside ``main``.  It never sees source text.

Protocol, one JSON object per line.  The worker first writes
``{"ready": true, "keras": VERSION, "backend": NAME}`` (or ``{"ready": false,
"missing": BOOL, "error": TEXT}`` when Keras cannot be imported), then answers
each request ``{"id": ID, "model": MODEL}`` with ``{"id": ID, "shapes": [[...]],
"params": N}``, ``{"id": ID, "error": TEXT}`` (Keras refused to build it) or
``{"id": ID, "rejected": TEXT}`` (a spec the worker will not build).

Specs::

    MODEL = {"nodes": [NODE, ...], "outputs": [INDEX, ...]}
    NODE  = {"layer": LAYER, "inputs": [INDEX, ...], "merge": BOOL}
    LAYER = {"class": NAME, "args": [VALUE, ...], "kwargs": {NAME: VALUE}}
          | {"class": "Model", "model": MODEL}          # a nested model with its own Input
          | {"class": "Sequential", "layers": [LAYER]}  # a nested Sequential built on first call
    VALUE = null | bool | int | float | str | [VALUE, ...] | LAYER

Classes are looked up by name only, and only when the catalogue lists them
(``buildable``) or they are a keras.applications backbone (built with
``weights=None``, so nothing is downloaded).
"""
from __future__ import annotations

import json
import os
import sys
import warnings
from typing import Any, Dict, List, Optional, Sequence, TextIO, Tuple

from . import catalogue
from .backbones import BACKBONES

_EXCLUDED_ROLES = frozenset({"input", "model", "other"})  # "other": Lambda, file loaders, lookups...
_INPUTS = ("Input", "InputLayer")


def buildable(kind: str) -> bool:
    """True for the layer classes the worker constructs: catalogue layers Keras 3 has, and backbones."""
    if kind in BACKBONES:
        return True
    entry = catalogue.spec(kind)
    return entry is not None and entry.keras3 and entry.role not in _EXCLUDED_ROLES


def environment() -> Dict[str, Optional[str]]:
    """The Keras version and backend this interpreter would use, without importing Keras."""
    from importlib import metadata

    try:
        version: Optional[str] = metadata.version("keras")
    except metadata.PackageNotFoundError:
        version = None
    return {"keras": version, "backend": os.environ.get("KERAS_BACKEND") or _configured_backend()}


def _configured_backend() -> str:
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    try:
        with open(os.path.join(home, "keras.json"), encoding="utf-8") as handle:
            backend = json.load(handle).get("backend")
    except (OSError, ValueError, AttributeError):
        backend = None
    return backend if isinstance(backend, str) else "tensorflow"


class Rejected(Exception):
    """A spec the worker will not build."""


class Builder:
    """Builds specs with one imported ``keras`` module."""

    def __init__(self, keras: Any) -> None:
        self.keras = keras

    def answer(self, spec: Dict[str, Any]) -> Dict[str, Any]:
        """The output shapes and parameter count of the model ``spec`` describes, or why not."""
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model = self.keras.Model(*self._graph(spec))
                return {"shapes": [list(t.shape) for t in model.outputs],
                        "params": int(model.count_params())}
        except Rejected as error:
            return {"rejected": str(error)}
        except Exception as error:  # noqa: BLE001 - whatever Keras raises is the answer
            return {"error": _one_line(error)}

    def _graph(self, spec: Dict[str, Any]) -> Tuple[List[Any], List[Any]]:
        """(input tensors, output tensors) of a MODEL spec."""
        inputs: List[Any] = []
        tensors: List[Any] = []
        for node in spec["nodes"]:
            layer, sources = node["layer"], [tensors[i] for i in node["inputs"]]
            if layer["class"] in _INPUTS:
                tensor = self._input(layer)
                inputs.append(tensor)
            elif sources:
                made = self._make(layer)
                tensor = made(sources) if node["merge"] else made(*sources)
            else:  # a backbone or nested model that brings its own Input
                made = self._make(layer)
                if not hasattr(made, "inputs"):
                    raise Rejected(f"{layer['class']} has no input")
                inputs.extend(made.inputs)
                tensor = made.outputs[0]
            tensors.append(tensor)
        return inputs, [tensors[i] for i in spec["outputs"]]

    def _input(self, layer: Dict[str, Any]) -> Any:
        args, kwargs = self._arguments(layer)
        if layer["class"] == "Input":
            return self.keras.Input(*args, **kwargs)
        return self.keras.layers.InputLayer(*args, **kwargs).output

    def _make(self, layer: Dict[str, Any]) -> Any:
        name = layer["class"]
        if name == "Model" and "model" in layer:
            return self.keras.Model(*self._graph(layer["model"]))
        if name == "Sequential" and "layers" in layer:
            return self.keras.Sequential([self._make(inner) for inner in layer["layers"]])
        if not isinstance(name, str) or not buildable(name):
            raise Rejected(f"{name!r} is not a layer --confirm builds")
        args, kwargs = self._arguments(layer)
        if name in BACKBONES:
            signature = BACKBONES[name].signature
            if len(args) > len(signature):
                raise Rejected(f"{name} takes at most {len(signature)} positional arguments")
            kwargs = {**dict(zip(signature, args)), **kwargs, "weights": None}
            return self._class(self.keras.applications, name)(**kwargs)
        return self._class(self.keras.layers, name)(*args, **kwargs)

    def _class(self, module: Any, name: str) -> Any:
        """``module.name`` for an allow-listed ``name``; Rejected when this Keras lacks it."""
        found = getattr(module, name, None)
        if not callable(found):
            raise Rejected(f"Keras {self.keras.__version__} has no {name}")
        return found

    def _arguments(self, layer: Dict[str, Any]) -> Tuple[List[Any], Dict[str, Any]]:
        args = [self._value(v) for v in layer.get("args", ())]
        return args, {str(k): self._value(v) for k, v in layer.get("kwargs", {}).items()}

    def _value(self, value: Any) -> Any:
        if isinstance(value, list):
            return tuple(self._value(v) for v in value)
        if isinstance(value, dict):
            return self._make(value)
        return value


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text[:300]}" if text else type(error).__name__


def _claim_stdout() -> TextIO:
    """The protocol stream; anything else written to stdout (prints, C++ logs) goes to stderr."""
    stream = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return stream


def main(argv: Sequence[str] = ()) -> int:
    """Serve requests from stdin until it closes; ``--environment`` prints ``environment()``."""
    if list(argv) == ["--environment"]:
        print(json.dumps(environment()))
        return 0
    out = _claim_stdout()

    def send(message: Dict[str, Any]) -> None:
        out.write(json.dumps(message) + "\n")
        out.flush()

    try:
        import keras
    except Exception as error:  # noqa: BLE001 - ImportError, or a backend that fails to load
        send({"ready": False, "missing": isinstance(error, ImportError), "error": _one_line(error)})
        return 0
    builder = Builder(keras)
    send({"ready": True, "keras": keras.__version__, "backend": keras.backend.backend()})
    for line in iter(sys.stdin.readline, ""):
        request = json.loads(line)
        send({"id": request.get("id"), **builder.answer(request["model"])})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
