"""How fast flatten-lint is, against ``flake8 --select=F``, ``pyflakes`` and ``ruff check --select F``.

Builds its corpora in a temporary directory: the source tree of the installed
``keras`` package (the real tree) and synthetic trees of N files, a quarter of
them Keras model files, the rest plain Python.  Every tool runs as a fresh
process on the same files.  One untimed run of each on a tiny tree fills the
bytecode caches; then the tools take turns ``--repeat`` times on each corpus
(just written, so in the OS file cache) and the medians are printed, with peak
memory (the largest resident set of any one process, as ``/usr/bin/time -v``
shows it).  flatten-lint runs cold (``--no-cache``) and warm (its result cache
filled by one untimed run), from a snapshot of this checkout's package.  flake8
runs without the flatten-lint plugin that installing this package adds.

    python bench/bench.py            # the full run behind docs/performance.md (about 10 minutes)
    python bench/bench.py --small    # N=100 only, one repetition (CI)
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata, util
from pathlib import Path
from typing import Dict, List, Optional, Sequence

REPO = Path(__file__).resolve().parents[1]
SEED_FILE = REPO / "examples" / "seed_without_flatten.py"

# flake8 as users run it, minus the plugin this package registers in the same environment.
FLAKE8 = ("import sys\n"
          "from flake8.main.cli import main\n"
          "from flake8.plugins import finder\n"
          "found = finder.find_plugins\n"
          "finder.find_plugins = lambda *a: [p for p in found(*a) if p.package != 'flatten-lint']\n"
          "sys.exit(main())\n")

# Lints the paths with the pool forced on (threshold 0) or off, to see what worker start-up costs.
POOL = ("import sys\n"
        "from pathlib import Path\n"
        "from flatten_lint import runner\n"
        "from flatten_lint.settings import Settings\n"
        "runner.POOL_BYTES = 0\n"
        "runner.lint_files(sys.argv[2:], Settings(), Path.cwd(), int(sys.argv[1]))\n")


@dataclass
class Run:
    seconds: float
    peak_mb: float
    output: str


@dataclass
class Tool:
    name: str
    argv: Optional[List[str]]  # None: not installed here


# ----------------------------------------------------------------------------- running

def run(argv: Sequence[str], cwd: Path, env: Dict[str, str]) -> Run:
    """One fresh process: wall time, peak resident memory of its largest process, stdout.

    The peak comes from ``/usr/bin/time`` when it is there: a process forked from
    this one would count this process's own memory as its peak."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as peak_file:
        timed = [TIME, "-f", "%M", "-o", peak_file.name, *argv] if TIME else list(argv)
        start = time.perf_counter()
        proc = subprocess.Popen(timed, cwd=cwd, env=env, stdout=out, stderr=err)
        kilobytes = _wait(proc)
        seconds = time.perf_counter() - start
        if proc.returncode not in (0, 1):
            err.seek(0)
            raise SystemExit(f"bench: {' '.join(argv)} in {cwd} exited with {proc.returncode}:\n"
                             + err.read().decode("utf-8", "replace")[-2000:])
        if TIME:
            kilobytes = int(peak_file.read().split()[-1])
        out.seek(0)
        return Run(seconds, kilobytes / 1024, out.read().decode("utf-8", "replace"))


def _wait(proc: "subprocess.Popen[bytes]") -> int:
    """Wait for ``proc``; the peak resident memory of it and its children in KB (0 if unknown)."""
    if not hasattr(os, "wait4"):
        proc.wait()
        return 0
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss  # bytes on macOS


def _gnu_time() -> Optional[str]:
    """``/usr/bin/time`` if it takes ``-f %M -o FILE`` (GNU time), else None."""
    if not os.path.exists("/usr/bin/time"):
        return None
    with tempfile.NamedTemporaryFile("r") as probe:
        done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", probe.name, sys.executable, "-c", "pass"],
                              capture_output=True)
        return "/usr/bin/time" if done.returncode == 0 and probe.read().strip().isdigit() else None


TIME = _gnu_time()


def measure(tools: Sequence[Tool], cwd: Path, env: Dict[str, str], repeat: int) -> Dict[str, List[Run]]:
    """``repeat`` timed turns of each available tool, alternating (the warm flatten-lint run has
    its cache filled by one untimed run first)."""
    ready = [tool for tool in tools if tool.argv is not None]
    for tool in ready:
        if tool.name == "flatten-lint warm":
            run(tool.argv, cwd, env)
    runs: Dict[str, List[Run]] = {tool.name: [] for tool in ready}
    for _ in range(repeat):
        for tool in ready:
            runs[tool.name].append(run(tool.argv, cwd, env))
    return runs


def warm_up(scratch: Path, env: Dict[str, str]) -> None:
    """One untimed run of every tool, so that each has its bytecode cached."""
    folder = scratch / "warm-up"
    synthetic_tree(folder, 8)
    for tool in tools("."):
        if tool.argv is not None:
            run(tool.argv, folder, env)


def median(runs: List[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def peak(runs: List[Run]) -> float:
    return max(r.peak_mb for r in runs)


def environment(scratch: Path) -> Dict[str, str]:
    """The environment of every run: a snapshot of this checkout's package first on the path (edits
    made meanwhile change nothing), bytecode cached as installed tools have it."""
    snapshot = scratch / "src"
    shutil.copytree(REPO / "flatten_lint", snapshot / "flatten_lint", symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(snapshot), env.get("PYTHONPATH")) if p)
    return env


def executable(name: str) -> Optional[str]:
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else shutil.which(name)


def tools(target: str) -> List[Tool]:
    python = sys.executable
    lint = [python, "-m", "flatten_lint", "--output-format", "concise", "--exit-zero"]
    ruff = executable("ruff")
    return [
        Tool("flatten-lint cold", lint + ["--no-cache", target]),
        Tool("flatten-lint warm", lint + [target]),
        Tool("ruff --select F", [ruff, "check", "--select", "F", "--no-cache", "--exit-zero", "-q", target]
             if ruff else None),
        Tool("flake8 --select=F", [python, "-c", FLAKE8, "--select=F", "--exit-zero", target]
             if util.find_spec("flake8") else None),
        Tool("pyflakes", [python, "-m", "pyflakes", target] if util.find_spec("pyflakes") else None),
    ]


# ----------------------------------------------------------------------------- corpora

def keras_tree(dest: Path) -> Optional[Path]:
    """A copy of the installed keras package's source (``*.py`` only), or None without keras."""
    spec = util.find_spec("keras")
    if spec is None or not spec.submodule_search_locations:
        return None
    source = Path(list(spec.submodule_search_locations)[0])
    for path in source.rglob("*.py"):
        target = dest / "keras" / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return dest


_IMPORTS = (
    ("import keras", "keras.layers.", "keras.Sequential", "keras.Model", "keras.Input"),
    ("from tensorflow import keras", "keras.layers.", "keras.models.Sequential", "keras.Model",
     "keras.Input"),
    ("import tensorflow as tf", "tf.keras.layers.", "tf.keras.Sequential", "tf.keras.Model",
     "tf.keras.Input"),
    ("from keras import layers, models, Input", "layers.", "models.Sequential", "models.Model", "Input"),
    ("from keras import layers as L\nfrom keras.models import Sequential, Model\nfrom keras import Input",
     "L.", "Sequential", "Model", "Input"),
)


def model_file(rng: random.Random, index: int) -> str:
    """A Keras model file: imports in one of several styles, a Sequential, ``.add`` or functional
    model of conv blocks and a dense head (sometimes without Flatten), a training function."""
    imports, layer, sequential, functional, tensor_input = rng.choice(_IMPORTS)
    side, channels = rng.choice((28, 32, 64, 96)), rng.choice((1, 3))
    blocks = [(f"Conv2D({rng.choice((16, 32, 64))}, {rng.choice((3, 5))}, activation='relu', padding='same')",
               "MaxPooling2D(2)") for _ in range(rng.randint(1, 4))]
    body = [call for block in blocks for call in block]
    head = [rng.choice(("Flatten()", "GlobalAveragePooling2D()", "Flatten()", "Dropout(0.25)")),
            f"Dense({rng.choice((64, 128, 256))}, activation='relu')",
            f"Dense({rng.randint(2, 20)}, activation='softmax')"]
    style = index % 3
    lines = [f'"""Model {index}: a small image classifier."""', imports, "", ""]
    lines += [f"def build_model_{index}(input_shape=({side}, {side}, {channels})):",
              '    """Build the network."""']
    if style == 0:
        lines += [f"    model = {sequential}([", f"        {tensor_input}(shape=input_shape),"]
        lines += [f"        {layer}{call}," for call in body + head] + ["    ])"]
    elif style == 1:
        lines += [f"    model = {sequential}()", f"    model.add({tensor_input}(shape=input_shape))"]
        lines += [f"    model.add({layer}{call})" for call in body + head]
    else:
        lines += [f"    inputs = {tensor_input}(shape=input_shape)", "    x = inputs"]
        lines += [f"    x = {layer}{call}(x)" for call in body + head[:-1]]
        lines += [f"    outputs = {layer}{head[-1]}(x)", f"    model = {functional}(inputs, outputs)"]
    lines += ["    model.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy'])",
              "    return model", "", "",
              f"def train_{index}(x, y, epochs={rng.randint(1, 30)}):",
              f"    model = build_model_{index}()",
              "    history = model.fit(x, y, epochs=epochs, batch_size=32, validation_split=0.1)",
              "    return model, history.history", ""]
    return "\n".join(lines)


def plain_file(rng: random.Random, index: int) -> str:
    """Ordinary Python: helpers, a class, loops and string handling; some docstrings name a Model."""
    name = rng.choice(("config", "records", "parser", "report", "cache", "paths"))
    lines = [f'"""Utilities for {name} handling (module {index}).', "",
             "See the Model and Dense sections of the manual." if index % 7 == 0 else "", '"""',
             "import json", "import os", "import re", "from collections import defaultdict", "", ""]
    for f in range(rng.randint(3, 8)):
        lines += [f"def {name}_{f}(items, limit={rng.randint(1, 100)}):",
                  f'    """Return the first items of ``items`` that match pattern {f}."""',
                  f"    pattern = re.compile(r'^[a-z]+_{f}\\d*$')",
                  "    found = defaultdict(list)",
                  "    for position, item in enumerate(items):",
                  "        if pattern.match(str(item)) and position < limit:",
                  "            found[item[:1]].append((position, item))",
                  "    return {key: value for key, value in found.items() if value}", "", ""]
    lines += [f"class {name.title()}Store:", '    """A small JSON-backed store."""', "",
              "    def __init__(self, root):", "        self.root = root", "        self.items = {}", "",
              "    def load(self, key):", "        path = os.path.join(self.root, key + '.json')",
              "        with open(path, encoding='utf-8') as handle:",
              "            self.items[key] = json.load(handle)", "        return self.items[key]", ""]
    return "\n".join(lines)


def synthetic_tree(dest: Path, count: int, seed: int = 0) -> Path:
    """``count`` files in folders of 100: every fourth one a Keras model file."""
    rng = random.Random(seed)
    for index in range(count):
        folder = dest / f"pkg{index // 100:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        text = model_file(rng, index) if index % 4 == 0 else plain_file(rng, index)
        (folder / f"module_{index:05d}.py").write_text(text, encoding="utf-8")
    return dest


# ----------------------------------------------------------------------------- reports

def table(title: str, runs: Dict[str, List[Run]], files: int) -> None:
    cold = median(runs["flatten-lint cold"])
    found = len(runs["flatten-lint cold"][0].output.splitlines())
    print(f"\n{title} ({files} files, {found} flatten-lint findings)")
    print(f"  {'tool':<20}{'median s':>10}{'runs':>6}{'flatten-lint cold / tool':>26}{'peak MB':>9}")
    for name, measured in runs.items():
        print(f"  {name:<20}{median(measured):>10.3f}{len(measured):>6}"
              f"{cold / median(measured):>26.3f}{peak(measured):>9.1f}")


def check_same_output(runs: Dict[str, List[Run]]) -> None:
    outputs = {r.output for name in ("flatten-lint cold", "flatten-lint warm") for r in runs[name]}
    if len(outputs) != 1:
        raise SystemExit("bench: cold and warm flatten-lint runs printed different findings")


def verdict(label: str, value: float, limit: float, unit: str = "") -> str:
    state = "holds" if value <= limit else "MISSED"
    return f"  {state:<7}{label}: {value:.3f}{unit} (target <= {limit:g}{unit})"


def ratio(runs: Dict[str, List[Run]], tool: str, other: str) -> Optional[float]:
    if tool not in runs or other not in runs:
        return None
    return median(runs[tool]) / median(runs[other])


# ----------------------------------------------------------------------------- main

def versions() -> str:
    found = []
    for package in ("flatten-lint", "ruff", "flake8", "pyflakes", "keras"):
        try:
            found.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            found.append(f"{package} not installed")
    return ", ".join(found)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="N=100 only, one repetition")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per tool (default 3)")
    parser.add_argument("--sizes", default="100,1000,10000", help="synthetic tree sizes")
    args = parser.parse_args(argv)
    repeat, sizes = (1, [100]) if args.small else (args.repeat, [int(n) for n in args.sizes.split(",")])
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"tools: {versions()}")
    print(f"medians of {repeat} run(s) per tool, alternating; peak memory from "
          f"{TIME or 'wait4 (it includes the memory of this process: no /usr/bin/time here)'}")
    with tempfile.TemporaryDirectory(prefix="flatten-lint-bench-") as scratch_dir:
        scratch = Path(scratch_dir)
        env = environment(scratch)
        warm_up(scratch, env)
        results: Dict[str, Dict[str, List[Run]]] = {}
        if not args.small:
            tree = keras_tree(scratch / "real")
            if tree is None:
                print("\nreal tree: keras is not installed, skipped")
            else:
                results["real"] = measure(tools("."), tree, env, repeat)
                table("real tree: the keras package source", results["real"], _count(tree))
            print("keras-io examples: not available offline, not included")
        trees = {size: synthetic_tree(scratch / f"synthetic{size}", size) for size in sizes}
        for size, tree in trees.items():
            results[str(size)] = measure(tools("."), tree, env, repeat)
            table(f"synthetic tree, N={size}", results[str(size)], size)
        for runs in results.values():
            check_same_output(runs)
        growth = scaling(trees, env, repeat)
        single = latency(scratch, env, repeat)
        if not args.small:
            threshold(scratch, env, repeat)
        targets(results, growth, single)
    return 0


def scaling(trees: Dict[int, Path], env: Dict[str, str], repeat: int) -> Dict[int, List[Run]]:
    """flatten-lint cold on each synthetic tree, the trees taking turns (so that a change in the
    machine's load does not skew one size against another)."""
    runs: Dict[int, List[Run]] = {size: [] for size in trees}
    cold = tools(".")[0]
    for _ in range(repeat):
        for size, tree in trees.items():
            runs[size].append(run(cold.argv, tree, env))
    print("\nscaling: flatten-lint cold, the synthetic trees taking turns")
    for size, measured in runs.items():
        print(f"  N={size:<8}{median(measured):>8.3f} s{peak(measured):>8.1f} MB")
    return runs


def _count(tree: Path) -> int:
    return sum(1 for _ in tree.rglob("*.py"))


def latency(scratch: Path, env: Dict[str, str], repeat: int) -> Dict[str, float]:
    """One file, one fresh process: a plain module and a Keras model file."""
    folder = scratch / "single"
    folder.mkdir()
    (folder / "plain.py").write_text(plain_file(random.Random(1), 1), encoding="utf-8")
    shutil.copyfile(SEED_FILE, folder / "model.py")
    bare = measure([Tool("python", [sys.executable, "-c", "pass"])], folder, env, repeat)
    print("\nsingle-file latency (median wall time of a fresh process; "
          f"the bare interpreter starts in {median(bare['python']) * 1000:.0f} ms here)")
    found = {}
    for name in ("plain.py", "model.py"):
        runs = measure([t for t in tools(name) if t.name != "flatten-lint warm"], folder, env, repeat)
        found[name] = median(runs["flatten-lint cold"])
        shown = ", ".join(f"{tool} {median(r) * 1000:.0f} ms" for tool, r in runs.items())
        print(f"  {name:<10}{shown}")
    return found


def threshold(scratch: Path, env: Dict[str, str], repeat: int) -> None:
    """Serial against a forced pool of all CPUs, by the bytes to parse: where the pool starts to pay."""
    print("\nworker pool: bytes to parse (files), serial s, pool s (pool forced on)")
    rng = random.Random(2)
    for target in (16_000, 32_000, 64_000, 128_000, 256_000):
        folder = scratch / f"pool{target}"
        folder.mkdir()
        names, size = [], 0
        while size < target:
            text = model_file(rng, len(names) * 4)
            names.append(f"m{len(names)}.py")
            (folder / names[-1]).write_text(text, encoding="utf-8")
            size += len(text.encode())
        serial = Tool("serial", [sys.executable, "-c", POOL, "1", *names])
        pool = Tool("pool", [sys.executable, "-c", POOL, str(os.cpu_count() or 1), *names])
        runs = measure([serial, pool], folder, env, repeat)
        print(f"  {size:>8} ({len(names):>3}){median(runs['serial']):>10.3f}{median(runs['pool']):>10.3f}")


def targets(results: Dict[str, Dict[str, List[Run]]], growth: Dict[int, List[Run]],
            single: Dict[str, float]) -> None:
    print("\ntargets (issue 9)")
    real = results.get("real")
    if real is not None:
        for other, limit in (("flake8 --select=F", 0.05), ("ruff --select F", 3.0)):
            value = ratio(real, "flatten-lint cold", other)
            if value is not None:
                print(verdict(f"real tree cold / {other}", value, limit))
        value = ratio(real, "flatten-lint warm", "ruff --select F")
        if value is not None:
            print(verdict("real tree warm / ruff --select F", value, 2.0))
    print(verdict("one non-Keras file", single["plain.py"] * 1000, 60, " ms"))
    print(verdict("one Keras model file", single["model.py"] * 1000, 250, " ms"))
    if 1000 in growth and 10000 in growth:
        big, small = growth[10000], growth[1000]
        print(verdict("10,000 / 1,000 synthetic files, time", median(big) / median(small), 10))
        print(verdict("10,000 / 1,000 synthetic files, peak memory", peak(big) / peak(small), 1.5))


if __name__ == "__main__":
    sys.exit(main())
