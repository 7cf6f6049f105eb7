"""What ``--confirm`` costs: Keras import, models built, and the cached re-run against a static run.

Every measurement is a fresh ``python`` process (interpreter start-up and
imports included), repeated ``--runs`` times; the medians are printed.

    /work/venv/bin/python bench/confirm_bench.py [--runs 5] [--models 20]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import List

REPO = Path(__file__).resolve().parents[1]

CONV = {1: ("Conv1D", "(64, 8)"), 2: ("Conv2D", "(32, 32, 3)"), 3: ("Conv3D", "(8, 16, 16, 1)")}

# Lints one file, optionally confirms, and reports whether Keras was imported in this process.
RUN = """
import sys
from flatten_lint.lint import lint_source
from flatten_lint.confirm import confirm_findings
findings = lint_source(open({path!r}).read(), {path!r})
if {confirm}:
    findings, warnings = confirm_findings(findings, use_cache={cache}, cache_dir={cache_dir!r})
    assert not warnings, warnings
    assert all(f.verdict == "confirmed" for f in findings if f.code == "FL001"), findings
assert sum(f.code == "FL001" for f in findings) == {count}, findings
assert "keras" not in sys.modules
"""


def flagged_models(count: int) -> str:
    """Source with ``count`` distinct models, each with a Dense on an unflattened feature map."""
    lines = ["from tensorflow import keras", "from tensorflow.keras import layers", ""]
    for i in range(count):
        rank = 1 + i % 3
        conv, shape = CONV[rank]
        if i % 2:
            lines += [f"inputs_{i} = keras.Input(shape={shape})",
                      f"x = layers.{conv}({8 + i}, 3, activation='relu')(inputs_{i})",
                      f"outputs_{i} = layers.Dense({2 + i})(x)",
                      f"model_{i} = keras.Model(inputs_{i}, outputs_{i})", ""]
        else:
            lines += [f"model_{i} = keras.Sequential([",
                      f"    keras.Input(shape={shape}),",
                      f"    layers.{conv}({8 + i}, 3, padding='same'),",
                      f"    layers.Dense({16 + i}, activation='relu'),",
                      f"    layers.Dense({2 + i}),",
                      "])", ""]
    return "\n".join(lines)


def timed(args: List[str], runs: int) -> float:
    """Median wall time of running ``args`` ``runs`` times, in seconds."""
    env = dict(os.environ, PYTHONPATH=str(REPO), TF_CPP_MIN_LOG_LEVEL="3")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(args, check=True, env=env, cwd=REPO, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def per_model(path: Path, runs: int) -> float:
    """Median time between the worker's answers for the models of ``path`` (build + round trip)."""
    sys.path.insert(0, str(REPO))
    from flatten_lint.confirm import _build_all, model_spec
    from flatten_lint.lint import lint_source

    texts = [json.dumps(model_spec(f.model), sort_keys=True)
             for f in lint_source(path.read_text(encoding="utf-8"), str(path))]
    gaps = []
    for _ in range(runs):
        stamps = [time.perf_counter() for _answer in _build_all(texts, 60.0, [])]
        gaps += [later - earlier for earlier, later in zip(stamps, stamps[1:])]
    return statistics.median(gaps)


def tensorflow_version() -> str:
    for name in ("tensorflow", "tensorflow-cpu"):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return "not installed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--models", type=int, default=20)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        files = {}
        for count in (1, options.models):
            files[count] = Path(work) / f"models_{count}.py"
            files[count].write_text(flagged_models(count), encoding="utf-8")
        cache_dir = str(Path(work) / "cache")

        def lint(count: int, confirm: bool, cache: bool) -> float:
            code = RUN.format(path=str(files[count]), confirm=confirm, cache=cache, cache_dir=cache_dir,
                              count=count)
            return timed([sys.executable, "-c", code], options.runs)

        keras_import = timed([sys.executable, "-c", "import keras"], options.runs)
        static = lint(options.models, confirm=False, cache=False)
        one = lint(1, confirm=True, cache=False)
        cold = lint(options.models, confirm=True, cache=False)
        lint(options.models, confirm=True, cache=True)  # fills the cache
        cached = lint(options.models, confirm=True, cache=True)
        each = per_model(files[options.models], options.runs)
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"keras {metadata.version('keras')}, tensorflow {tensorflow_version()}; "
          f"medians of {options.runs} runs, each a fresh process; "
          f"load average {os.getloadavg()[0]:.1f} at the end")
    print(f"python -c 'import keras'                  {keras_import:6.2f} s")
    print(f"static run, {options.models} flagged models           {static:6.2f} s")
    print(f"--confirm, 1 model, no cache              {one:6.2f} s")
    print(f"--confirm, {options.models} models, no cache            {cold:6.2f} s")
    print(f"  per model, in the worker                {each * 1000:6.0f} ms")
    print(f"--confirm, {options.models} models, cached (no Keras)   {cached:6.2f} s "
          f"({(cached - static) * 1000:+.0f} ms against static)")


if __name__ == "__main__":
    main()
