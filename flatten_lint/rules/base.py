"""What a rule sees (``Analysis``) and what it yields (``Report``)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Set, Tuple

from .. import catalogue
from ..findings import Fix
from ..ir import Model
from ..settings import Settings
from ..shapes import LayerResult, Shape, rank


@dataclass(frozen=True)
class Report:
    """A rule's verdict on one node of one model."""

    node: int
    message: str
    fix: Optional[Fix] = None


@dataclass(frozen=True)
class Analysis:
    """A model with the inferred result of every node."""

    model: Model
    results: Tuple[LayerResult, ...]

    @cached_property
    def consumers(self) -> Dict[int, Tuple[int, ...]]:
        """For each node, the nodes that read its output."""
        users: Dict[int, List[int]] = {i: [] for i in range(len(self.model.nodes))}
        for index, node in enumerate(self.model.nodes):
            for source in node.inputs:
                users[source].append(index)
        return {i: tuple(u) for i, u in users.items()}

    def input_shapes(self, index: int) -> list:
        return [self.results[i].shape for i in self.model.nodes[index].inputs]

    def downstream(self, index: int) -> Iterator[int]:
        """The nodes fed by node ``index``, directly or through single-input shape-preserving
        layers (Dropout, BatchNormalization, Activation...), those layers included."""
        seen: Set[int] = set()
        stack = list(reversed(self.consumers[index]))
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            yield current
            node = self.model.nodes[current]
            if catalogue.role(node.layer.kind) == "preserve" and len(node.inputs) == 1 and not node.merge:
                stack.extend(reversed(self.consumers[current]))


def global_pooling(shape: Optional[Shape]) -> Optional[str]:
    """``GlobalAveragePooling2D`` for a rank-4 feature map (1D/3D alike), else None."""
    spatial = (rank(shape) or 0) - 2
    return f"GlobalAveragePooling{spatial}D" if 1 <= spatial <= 3 else None


@dataclass(frozen=True)
class Rule:
    """A rule: its code, a kebab-case name, a one-line summary and its examples."""

    code: str
    name: str
    summary: str
    check: Callable[[Analysis, Settings], Iterable[Report]]
    valid: Tuple[str, ...]
    invalid: Tuple[str, ...]
