"""The rule registry: every rule, in code order, registered here and only here."""
from __future__ import annotations

from typing import Dict, Tuple

from . import fl001, fl002, fl003, fl004, fl005, fl006, fl007
from .base import Analysis, Report, Rule

RULES: Tuple[Rule, ...] = (fl001.RULE, fl002.RULE, fl003.RULE, fl004.RULE, fl005.RULE, fl006.RULE,
                           fl007.RULE)

BY_CODE: Dict[str, Rule] = {rule.code: rule for rule in RULES}

TOOL_CODES: Dict[str, Tuple[str, str]] = {  # the tool's own errors: code -> (name, summary)
    "FL900": ("cannot-parse", "cannot parse the file"),
    "FL901": ("internal-error", "internal error while analysing the file"),
}

__all__ = ["RULES", "BY_CODE", "TOOL_CODES", "Analysis", "Report", "Rule"]
