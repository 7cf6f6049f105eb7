"""Effective settings of one run: what the CLI flags and ``[tool.flatten-lint]`` decide."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Tuple

DEFAULT_EXCLUDE: Tuple[str, ...] = (
    ".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "env", ".env", "__pycache__",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", ".flatten_lint_cache", "build", "dist",
    "node_modules", "site-packages", ".eggs", "*.egg-info", ".ipynb_checkpoints",
)


@dataclass(frozen=True)
class Settings:
    """``select``/``ignore`` hold code prefixes (``"FL"``, ``"FL001"``, ``"ALL"``)."""

    select: Tuple[str, ...] = ("FL",)
    ignore: Tuple[str, ...] = ()
    exclude: Tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: Tuple[str, ...] = ()
    per_file_ignores: Dict[str, Tuple[str, ...]] = field(default_factory=dict)
    confirm: bool = False
    fl003_min_share: float = 0.9
    fl003_min_params: int = 1_000_000

    def enabled(self, code: str) -> bool:
        """True when ``code`` is selected and not ignored (longest prefix wins, like ruff)."""
        def best(prefixes: Tuple[str, ...]) -> int:
            lengths = [len(p) if p != "ALL" else 0 for p in prefixes
                       if p == "ALL" or code.startswith(p)]
            return max(lengths) if lengths else -1
        chosen, dropped = best(self.select), best(self.ignore)
        return chosen >= 0 and chosen > dropped
