"""Literal folding."""
from __future__ import annotations

import ast
import pytest

from flatten_lint.ir import Unknown
from flatten_lint.literals import fold, join

CONSTANTS = {"IMG": 28, "SHAPE": (28, 28, 1)}


def folded(text: str):
    return fold(ast.parse(text, mode="eval").body, lambda n: CONSTANTS.get(n, Unknown(n)))


@pytest.mark.parametrize("text,value", [
    ("3", 3), ("-2", -2), ("(2, 15, 1)", (2, 15, 1)), ("[28, 28]", (28, 28)), ("'same'", "same"),
    ("None", None), ("True", True), ("IMG * 2", 56), ("(IMG, IMG, 3)", (28, 28, 3)),
    ("SHAPE[:2]", (28, 28)), ("SHAPE[-1]", 1), ("(IMG,) * 2", (28, 28)), ("IMG // 4", 7),
    ("(1,) + SHAPE", (1, 28, 28, 1)), ("int(IMG / 2)", 14), ("len(SHAPE)", 3), ("2 ** 5", 32),
])
def test_fold(text: str, value) -> None:
    assert folded(text) == value


@pytest.mark.parametrize("text", ["x", "f(3)", "X.shape[1:]", "10 ** 100 ** 100", "'a' * 3", "f'{IMG}'",
                                  "SHAPE[9]", "1 / 0", "(*unknown, 1)"])
def test_unknown(text: str) -> None:
    assert isinstance(folded(text), Unknown)


def test_join_keeps_rank_of_tuples() -> None:
    value = join([(1, 28, 28), (28, 28, 1)])
    assert len(value) == 3 and value[1] == 28
    assert isinstance(value[0], Unknown) and isinstance(value[2], Unknown)
    assert join([5, 5]) == 5
    assert isinstance(join([5, 6]), Unknown)
