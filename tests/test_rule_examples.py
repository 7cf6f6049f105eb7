"""Every rule's own VALID and INVALID examples (Fixit style), run through the whole pipeline."""
from __future__ import annotations

import textwrap

import pytest

from flatten_lint.lint import lint_source
from flatten_lint.rules import RULES
from flatten_lint.settings import Settings

from .test_cases import expected

EXAMPLES = [(rule.code, kind, i, source)
            for rule in RULES
            for kind, sources in (("valid", rule.valid), ("invalid", rule.invalid))
            for i, source in enumerate(sources)]


@pytest.mark.parametrize("code,kind,index,source", EXAMPLES, ids=lambda v: str(v)[:12])
def test_rule_example(code: str, kind: str, index: int, source: str) -> None:
    source = textwrap.dedent(source)
    found = [(f.line, f.code) for f in lint_source(source, "example.py", Settings(select=(code,)))]
    if kind == "valid":
        assert found == []
    else:
        marks = [m for m in expected(source) if m[1] == code]
        assert marks, "an INVALID example must mark its finding with '# expect:'"
        assert found == marks


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_examples(rule) -> None:
    assert rule.valid and rule.invalid


def test_fl005_on_a_channels_first_input_names_the_input_shape_as_the_fix():
    source = ("from keras import Sequential\nfrom keras.layers import Conv2D\n"
              "m = Sequential([Conv2D(32, (5, 5), input_shape=(1, 28, 28))])\n")
    finding, = lint_source(source, "m.py", Settings(select=("FL005",)))
    assert "use the shape (28, 28, 1), or data_format=\"channels_first\"" in finding.message
    deep = source.replace("(5, 5)", "(30, 30)").replace("(1, 28, 28)", "(28, 28, 1)")
    finding, = lint_source(deep, "m.py", Settings(select=("FL005",)))
    assert "Use a smaller window" in finding.message  # a window too large for an image stays the advice
