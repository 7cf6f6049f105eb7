"""Model IR: the plain, frozen description of a model that every stage after discovery reads.

A model is a small graph: ``nodes`` in topological order, each applying one
``Layer`` to the outputs of earlier nodes, and ``outputs`` naming the nodes whose
tensors leave the model.  A Sequential model is the chain ``0 -> 1 -> 2 ...``.

Argument values are folded literals (int, float, str, bool, None, tuples of
those), a nested ``Layer`` (wrapper arguments) or ``Unknown`` when the source
value could not be understood statically.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Tuple


@dataclass(frozen=True)
class Span:
    """A 1-based source range (columns are 1-based, ``end_col`` exclusive)."""

    line: int
    col: int
    end_line: int
    end_col: int


@dataclass(frozen=True)
class Unknown:
    """A value that static analysis could not resolve, with the reason."""

    reason: str = "not a literal"

    def __repr__(self) -> str:
        return "?"


@dataclass(frozen=True)
class Layer:
    """One layer construction, e.g. ``Conv2D(32, (2, 1), activation="relu")``.

    ``kind`` is the canonical Keras class name (``"Conv2D"``, ``"Flatten"``,
    ``"Input"``, ``"ResNet50"``, ``"Sequential"``) or ``"?"`` for a call that is
    not a known Keras layer; ``text`` is how the source spells the callee.
    ``model`` holds the inner model of a nested Sequential/functional model
    used as a layer.
    """

    kind: str
    args: Tuple[Any, ...] = ()
    kwargs: Tuple[Tuple[str, Any], ...] = ()
    span: Span = Span(0, 0, 0, 0)
    text: str = ""
    model: Optional["Model"] = None

    def kwarg(self, name: str, default: Any = None) -> Any:
        """The keyword argument ``name``, or ``default`` when absent."""
        for key, value in self.kwargs:
            if key == name:
                return value
        return default

    def has_kwarg(self, name: str) -> bool:
        return any(key == name for key, _ in self.kwargs)

    @property
    def is_known(self) -> bool:
        return self.kind != "?"


@dataclass(frozen=True)
class Node:
    """``layer`` applied to the output tensors of the nodes at ``inputs``.

    An ``Input`` node has no inputs.  ``merge`` is True when the layer was called
    on a list of tensors (``Concatenate()([a, b])``), even a list of one.
    """

    layer: Layer
    inputs: Tuple[int, ...] = ()
    merge: bool = False


@dataclass(frozen=True)
class Model:
    """A model definition found in source.

    ``kind`` is ``"sequential"``, ``"functional"`` or ``"subclassed"``; ``name``
    is the variable the model is bound to, if any; ``complete`` is False when
    part of the definition could not be followed (a layer added in a loop, under
    an ``if``...), in which case rules must not judge what they cannot see.
    """

    kind: str
    span: Span
    nodes: Tuple[Node, ...]
    outputs: Tuple[int, ...]
    name: Optional[str] = None
    complete: bool = True
    nested: bool = field(default=False, compare=False)  # used as a layer of another model
    shared: bool = field(default=False, compare=False)  # a view over part of a larger model's graph
