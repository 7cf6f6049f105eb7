"""``[tool.flatten-lint]`` in pyproject.toml: finding it, validating it, merging CLI flags into Settings."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, Optional, Tuple

from .report import catalogue
from .settings import Settings

TABLE = "flatten-lint"


class UsageError(Exception):
    """A configuration or usage problem, reported as one line with exit status 2."""


@dataclass(frozen=True)
class Overrides:
    """Rule selection given on the command line; ``None`` means "not given"."""

    select: Optional[Tuple[str, ...]] = None
    ignore: Tuple[str, ...] = ()
    extend_select: Tuple[str, ...] = ()
    confirm: bool = False


def _tool_table(path: Path) -> Optional[Dict[str, Any]]:
    """The ``[tool.flatten-lint]`` table of ``path`` (None when absent)."""
    try:  # imported here: most runs find no pyproject.toml
        import tomllib
    except ImportError:  # pragma: no cover - Python < 3.11
        import tomli as tomllib
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: invalid TOML: {error}") from None
    table = data.get("tool", {}).get(TABLE) if isinstance(data.get("tool"), dict) else None
    if table is not None and not isinstance(table, dict):
        raise UsageError(f"{path}: [tool.{TABLE}] must be a table")
    return table


def find_config(start: Path) -> Optional[Path]:
    """The closest pyproject.toml at or above ``start`` that has a ``[tool.flatten-lint]`` table."""
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and _tool_table(candidate) is not None:
            return candidate
    return None


def check_codes(value: Any, where: str) -> Tuple[str, ...]:
    """``value`` as a tuple of rule selectors (``ALL`` or a prefix of a known code)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{where} must be a list of strings")
    known = catalogue() if value else {}  # the rule registry loads only when there is a code to check
    for selector in value:
        if not selector or selector != "ALL" and not any(c.startswith(selector) for c in known):
            raise UsageError(f"{where}: unknown rule code {selector!r}")
    return tuple(value)


def _globs(value: Any, where: str) -> Tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise UsageError(f"{where} must be a list of glob strings")
    return tuple(value)


def _number(value: Any, where: str, kind: type, low: float, high: float) -> Any:
    numeric = isinstance(value, (int, float)) if kind is float else isinstance(value, int)
    if isinstance(value, bool) or not numeric or not low <= value <= high:
        bounds = f"from {low:g} to {high:g}" if high < float("inf") else f"of at least {low:g}"
        raise UsageError(f"{where} must be {'a number' if kind is float else 'an integer'} {bounds}")
    return kind(value)


def _fl003(value: Any, where: str) -> Dict[str, Any]:
    if not isinstance(value, dict):
        raise UsageError(f"{where} must be a table")
    fields = {"min-share": ("fl003_min_share", float, 0.0, 1.0),
              "min-params": ("fl003_min_params", int, 0, float("inf"))}
    _no_unknown(value, fields, where)
    return {fields[k][0]: _number(v, f"{where}.{k}", *fields[k][1:]) for k, v in value.items()}


def _no_unknown(table: Dict[str, Any], known: Iterable[str], where: str) -> None:
    unknown = sorted(set(table) - set(known))
    if unknown:
        raise UsageError(f"{where}: unknown key {unknown[0]!r}")


def settings_from_table(table: Dict[str, Any], origin: str) -> Dict[str, Any]:
    """Validate a ``[tool.flatten-lint]`` table into Settings field values (only the keys set)."""
    where = f"{origin}: [tool.{TABLE}]"
    _no_unknown(table, ("select", "ignore", "extend-select", "exclude", "extend-exclude",
                        "per-file-ignores", "confirm", "FL003"), where)
    values: Dict[str, Any] = {}
    for key in ("select", "ignore", "extend-select"):
        if key in table:
            values[key.replace("-", "_")] = check_codes(table[key], f"{where} {key}")
    for key in ("exclude", "extend-exclude"):
        if key in table:
            values[key.replace("-", "_")] = _globs(table[key], f"{where} {key}")
    if "per-file-ignores" in table:
        mapping = table["per-file-ignores"]
        if not isinstance(mapping, dict):
            raise UsageError(f"{where} per-file-ignores must be a table of glob = [codes]")
        values["per_file_ignores"] = {
            glob: check_codes(codes, f"{where} per-file-ignores {glob!r}")
            for glob, codes in mapping.items()}
    if "confirm" in table:
        if not isinstance(table["confirm"], bool):
            raise UsageError(f"{where} confirm must be true or false")
        values["confirm"] = table["confirm"]
    if "FL003" in table:
        values.update(_fl003(table["FL003"], f"{origin}: [tool.{TABLE}.FL003]"))
    return values


def load_settings(config: Optional[Path], overrides: Overrides) -> Settings:
    """Settings from the config file ``config`` (None: defaults) with CLI ``overrides`` on top.

    Like ruff, a ``--select`` on the command line replaces the file's select,
    extend-select and ignore; ``--ignore`` and ``--extend-select`` add to them.
    """
    values: Dict[str, Any] = {}
    if config is not None:
        table = _tool_table(config) or {}
        values = settings_from_table(table, str(config))
    select = values.get("select", Settings.select) + values.pop("extend_select", ())
    ignore = values.get("ignore", ())
    if overrides.select is not None:
        select, ignore = overrides.select, ()
    values["select"] = select + overrides.extend_select
    values["ignore"] = ignore + overrides.ignore
    values["confirm"] = overrides.confirm or values.get("confirm", False)
    return dataclasses.replace(Settings(), **values)
