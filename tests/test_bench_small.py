"""``bench/bench.py --small`` (what CI runs) builds its corpus, runs every tool and prints its tables.

No timing is asserted: only that the benchmark works end to end.
"""
from __future__ import annotations

import re
import subprocess
import sys

from .conftest import REPO


def test_small_benchmark_runs_and_prints_its_tables():
    result = subprocess.run([sys.executable, str(REPO / "bench" / "bench.py"), "--small"],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    found = re.search(r"synthetic tree, N=100 \(100 files, (\d+) flatten-lint findings\)", out)
    assert found and int(found.group(1)) > 0, out
    rows = re.findall(r"^  (flatten-lint cold|flatten-lint warm) +[\d.]+ +1 ", out, re.M)
    assert rows == ["flatten-lint cold", "flatten-lint warm"], out
    assert re.search(r"^  plain\.py +flatten-lint cold \d+ ms", out, re.M), out
    assert re.search(r"^  model\.py +flatten-lint cold \d+ ms", out, re.M), out
    assert "targets (issue 9)" in out and "one Keras model file" in out
