"""``--fix``: insert the layer a finding's ``Fix`` names right before the offending layer call.

Findings come from the ``ast`` analysis; libcst then locates the call each one
points at and shows how the call is used: an element of a layer list, the
argument of ``model.add(...)`` (or a list's ``.append``), or a layer applied to
a tensor (``x = Dense(64)(x)``).  A fix is a handful of insertions, so every
other character of the file (comments, layout, line endings) stays as it was.
Anything that cannot be placed safely is left alone and stays reported.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple

import libcst as cst
from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider

from .findings import Finding
from .ir import Model, Span
from .lint import ParseError, analyze_source, mask_magics, parse
from .names import build_table, keras_path, kind_of_path
from .rules.base import global_pooling
from .shapes import infer

STYLES = ("flatten", "gap")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_APPEND_METHODS = ("add", "append")
_SCOPES = (cst.Lambda, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)
Position = Tuple[int, int]  # 1-based line and character column


@dataclass(frozen=True)
class Insertion:
    """Insert ``text`` before the character at 1-based ``line``/``col``."""

    line: int
    col: int
    text: str


def fix_source(source: str, findings: Sequence[Finding], style: str = "flatten") -> Tuple[str, List[Finding]]:
    """``source`` with every fixable finding fixed, and the findings that were fixed.

    ``style`` "flatten" inserts the layer each ``Fix`` names; "gap" inserts
    ``GlobalAveragePooling{N}D`` instead of ``Flatten``.
    """
    insertions, fixed = plan_fixes(source, findings, style)
    return apply_insertions(source, insertions), fixed


def plan_fixes(source: str, findings: Sequence[Finding],
               style: str = "flatten") -> Tuple[List[Insertion], List[Finding]]:
    """The insertions that fix ``findings`` in ``source`` (positions in ``source``), and those fixed."""
    if style not in STYLES:
        raise ValueError(f"unknown fix style {style!r}; expected one of {', '.join(STYLES)}")
    wanted = [f for f in findings if f.fix is not None]
    if not wanted:
        return [], []
    try:
        planner = _Planner(_Source(source), style)
    except (ParseError, cst.ParserSyntaxError, RecursionError):
        return [], []
    fixed = [finding for finding in wanted if planner.add(finding)]
    return planner.insertions(), fixed


def apply_insertions(source: str, insertions: Iterable[Insertion]) -> str:
    """``source`` with ``insertions`` made; several at one place keep their order."""
    starts = [0] + [match.end() for match in _LINE_BREAK.finditer(source)]
    placed = sorted(((starts[i.line - 1] + i.col - 1, n, i.text) for n, i in enumerate(insertions)))
    pieces, done = [], 0
    for offset, _, text in placed:
        pieces += [source[done:offset], text]
        done = offset
    return "".join(pieces) + source[done:]


def unified_diff(path: str, old: str, new: str) -> str:
    """A standard unified diff from ``a/path`` to ``b/path``; empty when nothing changed."""
    lines = difflib.unified_diff(_lines_with_ends(old), _lines_with_ends(new), f"a/{path}", f"b/{path}")
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
                   for line in lines)


def _lines_with_ends(text: str) -> List[str]:
    return re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z", text)


# ----------------------------------------------------------------------------- the parsed file

class _Source:
    """One file parsed by libcst, with positions, parents and the module's name table."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = _LINE_BREAK.split(text)
        self.names = build_table(parse(text))
        wrapper = MetadataWrapper(_parse_module(text), unsafe_skip_copy=True)
        self.newline = wrapper.module.default_newline
        self.positions = wrapper.resolve(PositionProvider)
        self.parents = wrapper.resolve(ParentNodeProvider)
        self.calls = {(*self.start(n), *self.end(n)): n for n in self.positions if isinstance(n, cst.Call)}
        self.imports = [n for n in self.positions if isinstance(n, cst.ImportFrom)]

    def start(self, node: cst.CSTNode) -> Position:
        start = self.positions[node].start
        return start.line, start.column + 1

    def end(self, node: cst.CSTNode) -> Position:
        end = self.positions[node].end
        return end.line, end.column + 1

    def parent(self, node: cst.CSTNode) -> Optional[cst.CSTNode]:
        return self.parents.get(node)

    def indent(self, line: int) -> str:
        text = self.lines[line - 1]
        return text[:len(text) - len(text.lstrip())]

    def starts_line(self, node: cst.CSTNode) -> bool:
        line, col = self.start(node)
        return not self.lines[line - 1][:col - 1].strip()

    def single_line_text(self, node: cst.CSTNode) -> Optional[str]:
        (line, col), (end_line, end_col) = self.start(node), self.end(node)
        return self.lines[line - 1][col - 1:end_col - 1] if line == end_line else None

    def before(self, node: cst.CSTNode, items: Sequence[str], own_line: str, inline: str) -> Insertion:
        """Insert ``items`` before ``node``: each on its own line with the node's indentation
        (followed by ``own_line``) when the node starts its line, else inline (``inline`` after each)."""
        line, col = self.start(node)
        glue = own_line + self.newline + self.indent(line) if self.starts_line(node) else inline
        return Insertion(line, col, "".join(item + glue for item in items))


# ----------------------------------------------------------------------------- planning

@dataclass(frozen=True)
class _Statement:
    """The simple statement holding a call: the small statement, its line and the enclosing block."""

    small: cst.BaseSmallStatement
    line: cst.SimpleStatementLine
    block: cst.CSTNode  # Module or IndentedBlock


class _Planner:
    """Collects the insertions for one file, finding by finding."""

    def __init__(self, source: _Source, style: str) -> None:
        self.src = source
        self.style = style
        self._sites: Dict[Tuple[int, int, int, int], List[Insertion]] = {}
        self._imports: Dict[cst.ImportFrom, Set[str]] = {}
        self._analyses: Optional[list] = None

    def add(self, finding: Finding) -> bool:
        """Plan the fix of ``finding``; False (and nothing planned) when it is not safe."""
        key = (finding.line, finding.col, finding.end_line, finding.end_col)
        call = self.src.calls.get(key)
        judged = self._judged(finding) if call is not None else None
        if judged is None:
            return False
        model, node = judged
        layer = self._layer(finding.fix.layer, model, node)
        statement = self._statement(call)
        if layer is None or statement is None or not self._same_block(statement, model, node):
            return False
        spelling = self._spelling(call, layer)
        site = self._site(call, statement, spelling[0] + "()") if spelling is not None else None
        if site is None:
            return False
        self._sites.setdefault(key, site)
        for statement_node in spelling[1]:
            self._imports.setdefault(statement_node, set()).add(layer)
        return True

    def insertions(self) -> List[Insertion]:
        found = [i for site in self._sites.values() for i in site]
        for statement, names in self._imports.items():
            found += self._import_insertions(statement, sorted(names, key=str.lower))
        return found

    # --- which model and node the finding judges
    def _judged(self, finding: Finding) -> Optional[Tuple[Model, int]]:
        """The finding's model and the index of its only node at the finding's span: a known
        layer with one input (a layer made in a loop or a helper used twice has several nodes)."""
        span = Span(finding.line, finding.col, finding.end_line, finding.end_col)
        if finding.model is not None:
            models = [finding.model]
        else:
            if self._analyses is None:
                self._analyses = analyze_source(self.src.text)
            models = [a.model for a in self._analyses if _nodes_at(a.model, span)]
        nodes = _nodes_at(models[0], span) if len(models) == 1 else []
        if len(nodes) != 1:
            return None
        node = models[0].nodes[nodes[0]]
        if not node.layer.is_known or len(node.inputs) != 1:
            return None  # e.g. a layer added under an ``if`` to a model built outside it
        return models[0], nodes[0]

    def _layer(self, layer: str, model: Model, node: int) -> Optional[str]:
        if self.style == "gap" and layer == "Flatten":
            return global_pooling(infer(model)[model.nodes[node].inputs[0]].shape)
        return layer

    # --- where the call sits
    def _statement(self, call: cst.Call) -> Optional[_Statement]:
        """The simple statement holding ``call`` directly (not in a lambda or comprehension)."""
        node: Optional[cst.CSTNode] = call
        while node is not None and not isinstance(node, (cst.BaseSmallStatement, cst.BaseCompoundStatement)):
            if isinstance(node, _SCOPES):
                return None
            node = self.src.parent(node)
        line = self.src.parent(node) if isinstance(node, cst.BaseSmallStatement) else None
        block = self.src.parent(line) if isinstance(line, cst.SimpleStatementLine) else None
        return _Statement(node, line, block) if isinstance(block, (cst.Module, cst.IndentedBlock)) else None

    def _same_block(self, statement: _Statement, model: Model, node: int) -> bool:
        """True when code that always runs with the statement builds the model, or makes the
        layer feeding this one before it: the statement's block, or a block around it through
        ``if``/``with``.  A helper that only applies the layer (to anything) fails both."""
        built = model.span.line, model.span.col
        feeder = model.nodes[model.nodes[node].inputs[0]].layer.span
        for body, index in self._blocks(statement):
            first = self.src.start(body[0])
            if first <= built <= self.src.end(body[-1]) \
                    or first <= (feeder.line, feeder.col) <= self.src.end(body[index]):
                return True
        return False

    def _blocks(self, statement: _Statement) -> Iterator[Tuple[List[cst.BaseStatement], int]]:
        """The statement's block and each block around it through ``if``/``elif``/``else``/``with``,
        with the index of the statement there that holds it."""
        held: cst.CSTNode = statement.line
        block: Optional[cst.CSTNode] = statement.block
        while isinstance(block, (cst.Module, cst.IndentedBlock)):
            body = list(block.body)
            yield body, next(i for i, s in enumerate(body) if s is held)
            owner = self.src.parent(block)
            while isinstance(owner, (cst.If, cst.Else)) and isinstance(self.src.parent(owner), cst.If):
                owner = self.src.parent(owner)
            if not isinstance(owner, (cst.If, cst.With)):
                return
            held, block = owner, self.src.parent(owner)

    def _site(self, call: cst.Call, statement: _Statement, new: str) -> Optional[List[Insertion]]:
        """The insertions that put ``new`` (the new layer's constructor call) before ``call``."""
        parent = self.src.parent(call)
        if isinstance(parent, cst.Element) and isinstance(self.src.parent(parent), (cst.List, cst.Tuple)):
            return [self.src.before(call, [new], ",", ", ")]
        small = statement.small
        if isinstance(parent, cst.Arg):
            outer = self.src.parent(parent)
            if not (isinstance(small, cst.Expr) and small.value is outer and len(outer.args) == 1
                    and parent.keyword is None and not parent.star and isinstance(outer.func, cst.Attribute)
                    and outer.func.attr.value in _APPEND_METHODS):
                return None
            receiver = self.src.single_line_text(outer.func.value)
            if receiver is None:
                return None
            return [self.src.before(small, [f"{receiver}.{outer.func.attr.value}({new})"], "", "; ")]
        if isinstance(parent, cst.Call) and parent.func is call:
            return self._applied(parent, small, new)
        return None

    def _applied(self, application: cst.Call, small: cst.BaseSmallStatement,
                 new: str) -> Optional[List[Insertion]]:
        """``x = Dense(64)(x)`` gets a line ``x = Flatten()(x)`` before it; any other input is wrapped."""
        args = application.args
        source = next((a for a in args if a.keyword is not None and a.keyword.value == "inputs"), None)
        if args and args[0].keyword is None and not args[0].star:
            source = args[0]
        if source is None:
            return None
        value = source.value
        if (isinstance(small, cst.Assign) and small.value is application and len(small.targets) == 1
                and isinstance(value, cst.Name) and isinstance(small.targets[0].target, cst.Name)
                and small.targets[0].target.value == value.value):
            return [self.src.before(small, [f"{value.value} = {new}({value.value})"], "", "; ")]
        return [Insertion(*self.src.start(value), new + "("), Insertion(*self.src.end(value), ")")]

    # --- how to spell the new layer
    def _spelling(self, call: cst.Call, layer: str) -> Optional[Tuple[str, List[cst.ImportFrom]]]:
        """The callee text for ``layer`` in the offending call's own style, and the
        ``from X import ...`` statements that must also import it."""
        names, func = self.src.names, call.func
        homes = ("layers", "layers.core") if layer == "Flatten" else ("layers",)
        if isinstance(func, cst.Attribute):
            prefix = _dotted(func.value)
            path = names.qualify_text(prefix) if prefix is not None else None
            return (f"{prefix}.{layer}", []) if path is not None and keras_path(path) in homes else None
        if not isinstance(func, cst.Name):
            return None
        present = names.qualify_text(layer)
        if layer in names.bindings or func.value not in names.bindings:
            # Already imported, or an import-free snippet (a Keras star import reads the same).
            known = present is not None and kind_of_path(present) == layer
            return (layer, []) if known and names.qualify_text(func.value) is not None else None
        module = names.bindings[func.value].rpartition(".")[0]
        if keras_path(module) not in homes or layer in names.ambiguous or layer in names.defined \
                or names.foreign_star:
            return None
        statements = [s for s in self.src.imports if _imports_name(s, module, func.value)]
        return (layer, statements) if statements else None

    def _import_insertions(self, statement: cst.ImportFrom, names: List[str]) -> List[Insertion]:
        """Add ``names`` to ``from X import ...``: in order when its names are sorted, else at the end."""
        aliases = list(statement.names)
        existing = [_dotted(a.name) or "" for a in aliases]
        ordered = existing == sorted(existing, key=str.lower)
        groups: Dict[int, List[str]] = {}
        for name in names:
            at = sum(e.lower() <= name.lower() for e in existing) if ordered else len(existing)
            groups.setdefault(at, []).append(name)
        found = [self.src.before(aliases[at], group, ",", ", ")
                 for at, group in groups.items() if at < len(aliases)]
        if len(aliases) in groups:
            found += self._append_aliases(statement, aliases[-1], groups[len(aliases)])
        return found

    def _append_aliases(self, statement: cst.ImportFrom, last: cst.ImportAlias,
                        names: List[str]) -> List[Insertion]:
        """Add ``names`` after the last name ``last``: one per line when the names are, inside parentheses."""
        end = self.src.end(last.asname if last.asname is not None else last.name)
        line_text = self.src.lines[end[0] - 1]
        comma = line_text.find(",", end[1] - 1) + 2 if isinstance(last.comma, cst.Comma) else 0
        if comma == 1:
            return [self.src.before(last, names, ",", ", ")]  # a comma on a line of its own
        after = (end[0], comma) if comma else end
        own_lines = statement.rpar is not None and self.src.starts_line(last)
        if own_lines and self.src.start(statement.rpar)[0] > end[0]:
            after = (end[0], len(line_text) + 1)  # after any comment on the last name's line
        glue = self.src.newline + self.src.indent(end[0]) if own_lines else " "
        text = ",".join(glue + name for name in names) + ("," if comma else "")
        return [Insertion(*after, text)] if comma else [Insertion(*end, ","), Insertion(*after, text)]


def _parse_module(text: str) -> cst.Module:
    """The libcst module of ``text``; IPython lines pasted from a notebook read as ``pass``."""
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError:
        masked = mask_magics(text)
        if masked == text:
            raise
        return cst.parse_module(masked)


def _nodes_at(model: Model, span: Span) -> List[int]:
    return [i for i, node in enumerate(model.nodes) if node.layer.span == span]


def _dotted(expr: cst.BaseExpression) -> Optional[str]:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        owner = _dotted(expr.value)
        return f"{owner}.{expr.attr.value}" if owner is not None else None
    return None


def _imports_name(statement: cst.ImportFrom, module: str, local: str) -> bool:
    """True when ``statement`` is ``from module import ...`` binding ``local``."""
    if statement.relative or statement.module is None or _dotted(statement.module) != module \
            or isinstance(statement.names, cst.ImportStar):
        return False
    return any(_dotted(a.asname.name if a.asname is not None else a.name) == local for a in statement.names)
