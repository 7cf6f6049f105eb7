"""The Finding record that rules produce and reporters print."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from .ir import Model


@dataclass(frozen=True)
class Fix:
    """A safe edit: insert ``text`` as a new layer before the node at ``line``/``col``."""

    description: str
    layer: str  # canonical class to insert, e.g. "Flatten" or "GlobalAveragePooling2D"


@dataclass(frozen=True)
class Finding:
    """One report: 1-based ``line``/``col``; ``end_line``/``end_col`` close the range."""

    path: str
    line: int
    col: int
    code: str
    message: str
    end_line: int = 0
    end_col: int = 0
    fix: Optional[Fix] = None
    verdict: Optional[str] = None  # set by --confirm: "confirmed", "unconfirmable: ..."
    model: Optional["Model"] = field(default=None, compare=False, repr=False)  # the model judged (kept for --confirm)
    cell: Optional[int] = None  # notebooks: 1-based cell; line/col then count within that cell

    def sort_key(self) -> tuple:
        return (self.path, self.cell or 0, self.line, self.col, self.code)
