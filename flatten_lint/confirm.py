"""``--confirm``: prove FL001 findings by having Keras build the flagged models.

Each flagged model's IR becomes a spec of literal layer arguments (anything the
static analysis could not fold makes the finding *unconfirmable*, and nothing is
sent for it).  All specs go to one worker process (``confirm_worker``) that
imports Keras once; its answers are cached per (spec, Keras version, backend)
so an unchanged model costs no Keras import next time.  Keras's verdict:
rank > 2 output -> ``confirmed``; rank <= 2 or a build failure -> the finding
is dropped with a warning asking for a bug report; no answer ->
``unconfirmable: <reason>``.  The user's file is never imported or executed.
"""
from __future__ import annotations

import json
import math
import os
import queue
import subprocess
import sys
import tempfile
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

from . import __version__, catalogue
from .cache import CACHE_DIR, Cache
from .confirm_worker import buildable, environment
from .findings import Finding
from .ir import Layer, Model, Unknown

CODE = "FL001"
PYTHON_VARIABLE = "FLATTEN_LINT_CONFIRM_PYTHON"  # the interpreter that runs the worker
DEFAULT_TIMEOUT = 60.0  # seconds per model
STARTUP_TIMEOUT = 180.0  # seconds for the worker to import Keras
MAX_RESTARTS = 2  # after a timeout or crash, at most this many fresh workers
INSTALL = "pip install 'flatten-lint[confirm]'"
ASSUMED_SIDE, ASSUMED_CHANNELS = 32, 3  # the input assumed when a conv model's input shape is unknown
_SHAPE_KEYS = ("shape", "batch_shape", "input_shape")
_SIZE_DEPENDENT = frozenset({"flatten", "reshape"})  # weights or targets depend on the input size
_PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent)

Answer = Dict[str, Any]


class Unconfirmable(Exception):
    """Keras cannot be asked about this model; the message is the reason."""


# --------------------------------------------------------------------------- specs

def model_spec(model: Model) -> Dict[str, Any]:
    """The worker spec of a top-level model; ``"assumed"`` lists the input shapes we made up.

    Raises Unconfirmable when a part of the model is not literal.
    """
    return _graph_spec(model, top=True)


def _graph_spec(model: Model, top: bool) -> Dict[str, Any]:
    if not model.complete:
        raise Unconfirmable("the model definition could not be followed completely")
    assumed: List[List[int]] = []
    nodes = []
    for index, node in enumerate(model.nodes):
        if not _input_unknown(node.layer):
            layer = _layer_spec(node.layer)
        elif top:
            assumed.append(_assumed_input(model, index))
            layer = {"class": "Input", "args": [], "kwargs": {"shape": assumed[-1]}}
        else:
            raise Unconfirmable("input shape of a nested model unknown")
        nodes.append({"layer": layer, "inputs": list(node.inputs), "merge": node.merge})
    spec: Dict[str, Any] = {"nodes": nodes, "outputs": list(model.outputs)}
    if assumed:
        spec["assumed"] = assumed
    return spec


def _input_unknown(layer: Layer) -> bool:
    if layer.kind not in ("Input", "InputLayer"):
        return False
    bound = catalogue.bind(layer)
    return any(_has_unknown(bound[key]) for key in _SHAPE_KEYS if key in bound)


def _has_unknown(value: Any) -> bool:
    if isinstance(value, (tuple, list)):
        return any(_has_unknown(v) for v in value)
    return isinstance(value, Unknown)


def _assumed_input(model: Model, index: int) -> List[int]:
    """A representative input for a model whose input shape is unknown.

    Only for a chain that starts (after shape-preserving layers) with a
    conv-like layer, and has no Flatten/Reshape: there the output *rank*, which
    is all FL001 claims, does not depend on the spatial size or channel count.
    """
    if any(catalogue.role(layer.kind) in _SIZE_DEPENDENT for layer in _all_layers(model)):
        raise Unconfirmable("input shape unknown")
    while True:
        users = [i for i, node in enumerate(model.nodes) if index in node.inputs]
        if len(users) != 1:
            raise Unconfirmable("input shape unknown")
        index = users[0]
        kind = model.nodes[index].layer.kind
        entry = catalogue.spec(kind)
        if entry is not None and entry.rank is not None and entry.ndim[0] is not None:
            return [ASSUMED_SIDE] * (entry.ndim[0] - 2) + [ASSUMED_CHANNELS]
        if catalogue.role(kind) != "preserve":
            raise Unconfirmable("input shape unknown")


def _all_layers(model: Model) -> Iterator[Layer]:
    def walk(value: Any) -> Iterator[Layer]:
        if isinstance(value, Layer):
            yield value
            if value.model is not None:
                yield from _all_layers(value.model)
            for item in (*value.args, *(v for _, v in value.kwargs)):
                yield from walk(item)
        elif isinstance(value, tuple):
            for item in value:
                yield from walk(item)

    for node in model.nodes:
        yield from walk(node.layer)


def _layer_spec(layer: Layer) -> Dict[str, Any]:
    if layer.model is not None:
        return _nested_spec(layer.model)
    entry = catalogue.spec(layer.kind)
    if not layer.is_known:
        raise Unconfirmable(f"unknown layer {_clip(layer.text or '?')}")
    if entry is not None and not entry.keras3:
        raise Unconfirmable(f"{layer.kind} is not in Keras 3")
    if layer.kind not in ("Input", "InputLayer") and not buildable(layer.kind):
        raise Unconfirmable(f"--confirm does not build {layer.kind}")
    if catalogue.is_legacy(layer):
        raise Unconfirmable(_legacy_reason(layer))
    names = catalogue.signature(layer.kind)
    args = [_value(value, layer, names[i] if i < len(names) else f"#{i + 1}")
            for i, value in enumerate(layer.args)]
    kwargs = {}
    for key, value in layer.kwargs:
        if key in catalogue.SPLATS:
            raise Unconfirmable(f"{layer.kind} gets {key}-unpacked arguments")
        kwargs[key] = _value(value, layer, key)
    return {"class": layer.kind, "args": args, "kwargs": kwargs}


def _nested_spec(model: Model) -> Dict[str, Any]:
    """A nested model: a chain without a known input shape becomes a Sequential that Keras builds
    on its first call, as in the user's code; anything else a graph with its own Input."""
    first = model.nodes[0].layer if model.nodes else None
    lazy = (first is not None and _input_unknown(first) and model.complete
            and model.outputs == (len(model.nodes) - 1,)
            and all(node.inputs == (i,) and not node.merge for i, node in enumerate(model.nodes[1:])))
    if not lazy:
        return {"class": "Model", "model": _graph_spec(model, top=False)}
    return {"class": "Sequential", "layers": [_layer_spec(node.layer) for node in model.nodes[1:]]}


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _legacy_reason(layer: Layer) -> str:
    own = catalogue.signature(layer.kind)
    legacy = [key for key, _ in layer.kwargs if key in catalogue.LEGACY_KWARGS and key not in own]
    if legacy:
        return f"Keras 1 argument {legacy[0]}= (Keras 3 rejects it)"
    return f"{_clip(layer.text or layer.kind)} is called the Keras 1 way (Keras 3 reads it differently)"


def _value(value: Any, layer: Layer, name: str) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    if isinstance(value, tuple):
        return [_value(item, layer, name) for item in value]
    if isinstance(value, Layer):
        return _layer_spec(value)
    if isinstance(value, Unknown):
        raise Unconfirmable(f"{layer.kind} argument {name} is not a literal")
    raise Unconfirmable(f"{layer.kind} argument {name} cannot be sent to Keras")


# --------------------------------------------------------------------------- worker

class WorkerFailure(Exception):
    """The worker gave no answer: ``reason`` for the findings, ``detail`` for the warning."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(reason)
        self.reason, self.detail = reason, detail


def worker_python() -> str:
    """The interpreter for the worker: ``$FLATTEN_LINT_CONFIRM_PYTHON`` or this one."""
    return os.environ.get(PYTHON_VARIABLE) or sys.executable


def _worker_env() -> Dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_PARENT, env.get("PYTHONPATH")) if p)
    env["PYTHONSAFEPATH"] = "1"  # never import from the current directory (3.11+; cwd is set too)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env["CUDA_VISIBLE_DEVICES"] = "-1"  # shapes need no GPU, and GPU start-up is slow
    return env


class Worker:
    """One ``python -m flatten_lint.confirm_worker`` process."""

    def __init__(self, python: str) -> None:
        self.python = python
        self.stderr = tempfile.TemporaryFile()
        try:
            self.process = subprocess.Popen(
                [python, "-m", "flatten_lint.confirm_worker"], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=self.stderr, cwd=_PACKAGE_PARENT, env=_worker_env(),
                text=True, encoding="utf-8")
        except OSError as error:
            self.stderr.close()
            raise WorkerFailure("cannot start the Keras worker", f"cannot run {python}: {error}") from None
        self.lines: "queue.Queue[Optional[str]]" = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        self.environment: Dict[str, Any] = {}
        self.asked = 0
        self.busy = True  # until it has answered what it was asked

    def _pump(self) -> None:
        with self.process.stdout:
            for line in self.process.stdout:
                self.lines.put(line)
        self.lines.put(None)

    def _receive(self, timeout: float, doing: str) -> Dict[str, Any]:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise WorkerFailure(f"timeout after {timeout:g} s",
                                f"the Keras worker took over {timeout:g} s {doing}") from None
        if line is None:
            raise self._crashed(doing)
        try:
            return json.loads(line)
        except ValueError:
            raise WorkerFailure("Keras worker failed", f"the Keras worker wrote {line[:200]!r}") from None

    def _crashed(self, doing: str) -> WorkerFailure:
        try:
            status = self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            status = None
        self.stderr.seek(0)
        tail = [line for line in self.stderr.read().decode("utf-8", "replace").splitlines() if line.strip()]
        return WorkerFailure("Keras worker crashed", f"the Keras worker stopped (exit status {status}) "
                             f"{doing}: {tail[-1].strip() if tail else 'no message'}")

    def start(self, timeout: float) -> None:
        """Wait until Keras is imported; WorkerFailure when it cannot be."""
        ready = self._receive(timeout, "importing Keras")
        if not ready.get("ready"):
            if ready.get("missing"):
                raise WorkerFailure(f"Keras is not installed ({INSTALL})",
                                    f"--confirm needs Keras, and {self.python} cannot import it "
                                    f"({ready.get('error')}); install it with: {INSTALL}")
            raise WorkerFailure("Keras cannot be imported", f"Keras cannot be imported: {ready.get('error')}")
        self.environment = {"keras": ready.get("keras"), "backend": ready.get("backend")}
        self.busy = False

    def ask(self, spec_text: str, timeout: float) -> Answer:
        """The worker's answer for one spec (JSON text)."""
        self.asked += 1
        self.busy = True
        try:
            self.process.stdin.write(f'{{"id": {self.asked}, "model": {spec_text}}}\n')
            self.process.stdin.flush()
        except OSError:
            raise self._crashed("building a model") from None
        answer = self._receive(timeout, "building a model")
        self.busy = False
        if answer.pop("id", None) != self.asked:
            raise WorkerFailure("Keras worker failed", "the Keras worker answered out of turn")
        return answer

    def close(self) -> None:
        """Stop the process; an idle worker exits by itself when its input closes."""
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=0 if self.busy else 5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.stderr.close()


def _build_all(texts: Sequence[str], timeout: float,
               warnings: List[str]) -> Iterator[Tuple[str, Answer, Dict[str, Any]]]:
    """(spec text, answer, worker environment) for every spec; one worker unless one fails.

    A spec the worker times out or crashes on is answered ``unconfirmable`` (with
    an empty environment: never cached) and a fresh worker takes the rest.
    """
    todo = list(texts)
    for _ in range(MAX_RESTARTS + 1):
        if not todo:
            return
        try:
            worker = Worker(worker_python())
        except WorkerFailure as failure:
            warnings.append(f"flatten-lint: warning: {failure.detail}")
            yield from ((text, {"unconfirmable": failure.reason}, {}) for text in todo)
            return
        try:
            worker.start(max(timeout, STARTUP_TIMEOUT))
            while todo:
                answer = worker.ask(todo[0], timeout)
                yield todo.pop(0), answer, worker.environment
            return
        except WorkerFailure as failure:
            warnings.append(f"flatten-lint: warning: {failure.detail}")
            if not worker.environment:  # Keras never came up: the next worker would fare no better
                yield from ((text, {"unconfirmable": failure.reason}, {}) for text in todo)
                return
            yield todo.pop(0), {"unconfirmable": failure.reason}, {}
        finally:
            worker.close()
    yield from ((text, {"unconfirmable": "Keras worker failed repeatedly"}, {}) for text in todo)


# --------------------------------------------------------------------------- cache

def _cache_key(spec_text: str, env: Dict[str, Any]) -> str:
    return json.dumps([__version__, env.get("keras"), env.get("backend"), spec_text])


def _probe(python: str) -> Optional[Dict[str, Any]]:
    """What ``environment()`` says in the worker's interpreter, without importing Keras."""
    if python == sys.executable:
        return environment()
    try:
        done = subprocess.run([python, "-m", "flatten_lint.confirm_worker", "--environment"],
                              capture_output=True, text=True, timeout=30, cwd=_PACKAGE_PARENT, check=False,
                              env=_worker_env())
        found = json.loads(done.stdout)
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return None
    return found if isinstance(found, dict) else None


def _answers(texts: Sequence[str], cache: Optional[Cache], timeout: float,
             warnings: List[str]) -> Dict[str, Answer]:
    """Answers for every spec text: from the cache when possible, else from one worker."""
    answers: Dict[str, Answer] = {}
    if not texts:
        return answers
    env = _probe(worker_python()) if cache is not None else None
    if cache is not None and env and env.get("keras"):
        for text in texts:
            hit = cache.get(_cache_key(text, env))
            if isinstance(hit, dict):
                answers[text] = hit
    missing = [text for text in texts if text not in answers]
    for text, answer, worker_env in _build_all(missing, timeout, warnings):
        if worker_env:
            answer = {**answer, "keras": worker_env.get("keras")}
            if cache is not None:
                cache.put(_cache_key(text, worker_env), answer)
        answers[text] = answer
    return answers


# --------------------------------------------------------------------------- verdicts

def confirm_findings(findings: List[Finding], use_cache: bool = True, timeout: float = DEFAULT_TIMEOUT,
                     cache_dir: Optional[os.PathLike] = None) -> Tuple[List[Finding], List[str]]:
    """``findings`` with FL001 verdicts from Keras, minus those Keras refutes, and warnings for stderr.

    ``cache_dir`` defaults to ``.flatten_lint_cache`` in the current directory;
    answers live in its ``confirm/`` folder.
    """
    warnings: List[str] = []
    specs: Dict[int, Dict[str, Any]] = {}
    judged = list(findings)
    for index, finding in enumerate(findings):
        if finding.code != CODE:
            continue
        try:
            if finding.model is None:
                raise Unconfirmable("no model recorded")
            specs[index] = model_spec(finding.model)
        except Unconfirmable as reason:
            judged[index] = _unconfirmable(finding, str(reason))
    texts = {index: json.dumps(spec, sort_keys=True) for index, spec in specs.items()}
    cache = Cache(Path(cache_dir or CACHE_DIR) / "confirm") if use_cache else None
    answers = _answers(sorted(set(texts.values())), cache, timeout, warnings)
    kept = []
    for index, finding in enumerate(judged):
        if index in specs:
            finding = _judge(finding, specs[index], answers[texts[index]], warnings)
        if finding is not None:
            kept.append(finding)
    return kept, warnings


def _unconfirmable(finding: Finding, reason: str) -> Finding:
    return replace(finding, message=f"{finding.message} [static only: {reason}]",
                   verdict=f"unconfirmable: {reason}")


def _shape(dims: Sequence[Any]) -> str:
    return str(tuple(dims))


def _judge(finding: Finding, spec: Dict[str, Any], answer: Answer, warnings: List[str]) -> Optional[Finding]:
    """The finding with Keras's verdict, or None (and a warning) when Keras refutes it."""
    reason = answer.get("unconfirmable") or answer.get("rejected")
    if reason:
        return _unconfirmable(finding, reason)
    keras = f"Keras {answer.get('keras')}"
    assumed = " and ".join(_shape([None, *shape]) for shape in spec.get("assumed", ()))
    if "error" in answer:
        if assumed:
            return _unconfirmable(finding, f"input shape unknown; {keras} cannot build it on an "
                                           f"assumed {assumed} input: {answer['error']}")
        warnings.append(_disagreement(finding, f"{keras} cannot build the model: {answer['error']}"))
        return None
    shapes = _reached(finding, answer["shapes"])
    deep = [shape for shape in shapes if len(shape) > 2]
    if not deep:
        warnings.append(_disagreement(finding, f"{keras} output {_shape(shapes[0])}"))
        return None
    on = f" on an assumed {assumed} input" if assumed else ""
    return replace(finding, message=f"{finding.message} [confirmed by {keras}{on}: output {_shape(deep[0])}]",
                   verdict="confirmed")


def _disagreement(finding: Finding, why: str) -> str:
    return (f"flatten-lint: warning: Keras disagrees with {finding.code} at "
            f"{finding.path}:{finding.line} ({why}): please report this bug")


def _reached(finding: Finding, shapes: List[List[Any]]) -> List[List[Any]]:
    """The Keras shapes of the model outputs that the flagged node feeds (all when none match)."""
    model = finding.model
    flagged = {i for i, node in enumerate(model.nodes)
               if (node.layer.span.line, node.layer.span.col) == (finding.line, finding.col)}
    reached = set(flagged)
    for index, node in enumerate(model.nodes):
        if reached.intersection(node.inputs):
            reached.add(index)
    picked = [shape for output, shape in zip(model.outputs, shapes) if output in reached]
    return picked or shapes
