"""``flatten-lint summary``: a Keras-style ``model.summary()`` computed statically.

Rows come straight from the shape engine; anything it could not work out shows
as ``?`` with the reason, never as a guessed number.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Dict, List, Optional, Sequence, Tuple

from . import catalogue
from .ir import Layer
from .rules.base import Analysis
from .runner import cell_line
from .shapes import UNK, LayerResult, Shape, format_shape


@dataclass(frozen=True)
class Row:
    """One layer of the summary table."""

    kind: str
    name: str
    line: int
    shape: Optional[Shape]
    params: Optional[int]
    trainable: Optional[int]
    note: str = ""
    cell: Optional[int] = None  # notebooks: the cell, ``line`` counting within it


@dataclass(frozen=True)
class ModelSummary:
    """A model's table and totals (None where some layer's count is unknown)."""

    path: str
    line: int
    name: Optional[str]
    kind: str
    rows: Tuple[Row, ...]
    outputs: Tuple[Optional[Shape], ...]
    total: Optional[int]
    trainable: Optional[int]
    complete: bool
    cell: Optional[int] = None  # notebooks: the cell, ``line`` counting within it

    @property
    def output(self) -> Optional[Shape]:
        """The output shape of a single-output model (None for several outputs)."""
        return self.outputs[0] if len(self.outputs) == 1 else None

    @property
    def non_trainable(self) -> Optional[int]:
        return None if self.total is None or self.trainable is None else self.total - self.trainable


def in_cells(summary: ModelSummary, where: Sequence[Tuple[int, int]]) -> ModelSummary:
    """``summary`` of a notebook's joined code cells, its lines moved to (cell, line within it)."""
    cell, line = cell_line(where, summary.line)
    rows = tuple(replace(row, cell=c, line=n) for row in summary.rows for c, n in [cell_line(where, row.line)])
    return replace(summary, cell=cell, line=line, rows=rows)


def location(summary: ModelSummary) -> str:
    """``path:line``, or ``path:cell N:line`` in a notebook (as findings are shown)."""
    cell = f"cell {summary.cell}:" if summary.cell is not None else ""
    return f"{summary.path}:{cell}{summary.line}"


def snake_case(name: str) -> str:
    """Keras' default layer-name stem: ``MaxPooling2D`` -> ``max_pooling2d``."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def summarize(analysis: Analysis, path: str) -> ModelSummary:
    """The summary of one analysed model."""
    model, results = analysis.model, analysis.results
    counters: Dict[str, int] = {}
    rows = []
    listed = set()
    for node, result in zip(model.nodes, results):
        layer = node.layer
        if id(layer) in listed:
            continue  # a shared layer is one row, as in Keras
        listed.add(id(layer))
        kind = "InputLayer" if layer.kind == "Input" else layer.kind
        if kind == "InputLayer" and model.kind == "sequential":
            continue  # Keras lists no input row for a Sequential model
        rows.append(Row(kind if layer.is_known else f"? {layer.text}", _name(layer, kind, counters),
                        layer.span.line, result.shape, result.params, result.trainable, _note(layer, result)))
    total = _sum(r.params for r in rows)
    trainable = _sum(r.trainable for r in rows)
    outputs = tuple(results[i].shape for i in model.outputs)
    return ModelSummary(path, model.span.line, model.name, model.kind, tuple(rows), outputs, total, trainable,
                        model.complete)


def _name(layer: Layer, kind: str, counters: Dict[str, int]) -> str:
    explicit = layer.kwarg("name")
    if isinstance(explicit, str):
        return explicit
    stem = snake_case(kind) if layer.is_known else "?"
    count = counters.get(stem, 0)
    counters[stem] = count + 1
    return stem if count == 0 else f"{stem}_{count}"


def _note(layer: Layer, result: LayerResult) -> str:
    if result.error:
        return f"Keras would fail here: {result.error}"
    if not layer.is_known:
        return f"unknown layer {layer.text!r}: shapes unknown from here"
    if result.shape is None or result.params is None or UNK in result.shape:
        return "depends on a value not known statically" if catalogue.role(layer.kind) != "other" \
            else f"{layer.kind} is not modelled"
    return ""


def _sum(values: Any) -> Optional[int]:
    values = list(values)
    return None if any(v is None for v in values) else sum(values)


def _count(value: Optional[int]) -> str:
    return "?" if value is None else f"{value:,}"


def render_text(summary: ModelSummary) -> str:
    """The table as Keras prints it (plain text), with notes for unknown parts."""
    title = f"Model: {summary.name or '(unnamed)'} ({summary.kind}, {location(summary)})"
    header = ("Layer (type)", "Output Shape", "Param #")
    body = [(f"{r.name} ({r.kind})", format_shape(r.shape), _count(r.params)) for r in summary.rows]
    widths = [max(len(row[i]) for row in (header, *body)) + 2 for i in range(3)]
    rule = "=" * sum(widths)

    def line(cells: Sequence[str]) -> str:
        return "".join(cell.ljust(width) for cell, width in zip(cells, widths)).rstrip()

    lines = [title, rule, line(header), rule]
    for row, cells in zip(summary.rows, body):
        lines.append(line(cells))
        if row.note:
            lines.append(f"    ^ {row.note}")
    lines += [rule,
              f"Total params: {_count(summary.total)}",
              f"Trainable params: {_count(summary.trainable)}",
              f"Non-trainable params: {_count(summary.non_trainable)}",
              f"Output shape{'s' if len(summary.outputs) > 1 else ''}: "
              f"{', '.join(format_shape(shape) for shape in summary.outputs)}"]
    if not summary.complete:
        lines.append("Note: part of this model could not be followed statically (shown as ?).")
    return "\n".join(lines)


def _json_shape(shape: Optional[Shape]) -> Optional[List[Any]]:
    if shape is None:
        return None
    return [d if isinstance(d, int) or d is None else "?" for d in shape]


def to_json(summary: ModelSummary) -> Dict[str, Any]:
    """The documented JSON form of one model (see docs/summary.md)."""
    return {
        "path": summary.path,
        "line": summary.line,
        "cell": summary.cell,
        "name": summary.name,
        "kind": summary.kind,
        "output_shape": _json_shape(summary.output),
        "output_shapes": [_json_shape(shape) for shape in summary.outputs],
        "total_params": summary.total,
        "trainable_params": summary.trainable,
        "non_trainable_params": summary.non_trainable,
        "complete": summary.complete,
        "layers": [{"class": r.kind, "name": r.name, "line": r.line, "cell": r.cell, "output_shape": _json_shape(r.shape),
                    "params": r.params, "trainable_params": r.trainable, "note": r.note or None}
                   for r in summary.rows],
    }


def select(summaries: Sequence[ModelSummary], wanted: Optional[str]) -> List[ModelSummary]:
    """Models whose variable name is ``wanted`` or that start on line ``wanted`` (all when None)."""
    if wanted is None:
        return list(summaries)
    return [s for s in summaries if s.name == wanted or str(s.line) == wanted]


def models_of(analyses: Sequence[Analysis]) -> List[Analysis]:
    """The models worth a summary: not those only used inside another model."""
    return sorted((a for a in analyses if not a.model.nested), key=lambda a: a.model.span.line)

