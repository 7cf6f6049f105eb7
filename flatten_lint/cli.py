"""The ``flatten-lint`` command: ``flatten-lint [check] [PATH ...]`` and ``flatten-lint rule CODE``.

Exit status: 0 no findings, 1 findings (FL900 included), 2 usage or
configuration error, missing path, or an internal error (FL901).
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import Any, List, NoReturn, Optional, Sequence, Tuple

from . import __version__
from .cache import CACHE_DIR
from .config import Overrides, UsageError, check_codes, find_config, load_settings
from .files import collect
from .findings import Finding
from .report import FORMATS, catalogue, render, rule_doc, statistics
from .result_cache import ResultCache
from .runner import check_source, file_settings, lint_files
from .settings import Settings


# Allocations between young-generation collections (Python's default: 700); 5% off a cold run.
_GC_THRESHOLD = 100_000


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, sized to the terminal as argparse sizes it but without the
    ``shutil`` import that costs every run a few milliseconds."""

    def __init__(self, prog: str) -> None:
        try:
            columns = int(os.environ["COLUMNS"])
        except (KeyError, ValueError):
            try:
                columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
            except (AttributeError, ValueError, OSError):
                columns = 80
        super().__init__(prog, width=columns - 2)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (exit status 2), not usage text."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(formatter_class=_Formatter, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, not {text!r}")
    return int(text)


def _check_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="flatten-lint",
        description="Find Keras model bugs, such as a Dense applied to an unflattened "
                    "conv feature map, without importing TensorFlow.",
        epilog="Also: 'flatten-lint rule CODE' prints a rule's documentation, "
               "'flatten-lint rule --all' lists the rules. "
               "Exit status: 0 no findings, 1 findings, 2 error.")
    add = parser.add_argument
    add("paths", nargs="*", metavar="PATH",
        help="files or directories to lint (default: .); '-' reads standard input")
    for flag, what in (("--select", "enable only these codes or prefixes"),
                       ("--ignore", "disable these codes or prefixes"),
                       ("--extend-select", "enable these codes in addition")):
        add(flag, action="append", default=[], metavar="CODES", help=f"{what} (comma-separated)")
    add("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    add("--output-format", choices=list(FORMATS), default="text", help="default: text")
    add("--statistics", action="store_true", help="print the number of findings per code")
    add("--stdin-filename", metavar="PATH", help="the path to report for source read from stdin")
    add("--confirm", action="store_true",
        help="build flagged models with Keras to confirm the findings (needs the 'confirm' extra)")
    add("--fix", action="store_true", help="apply the safe fixes (insert Flatten before the Dense) in place")
    add("--diff", action="store_true", help="print the fixes as a unified diff; write nothing")
    add("--fix-style", choices=("flatten", "gap"), default="flatten",
        help="what --fix inserts: Flatten() or GlobalAveragePooling{N}D() (default: flatten)")
    add("--version", action="version", version=f"flatten-lint {__version__}")
    add("-q", "--quiet", action="store_true", help="print findings only, no summary")
    add("-v", "--verbose", action="store_true", help="print progress and internal-error tracebacks")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--config", metavar="PATH", help="use this pyproject.toml")
    source.add_argument("--isolated", action="store_true", help="ignore all configuration files")
    add("--no-cache", action="store_true",
        help="do not read or write the cache (lint results and --confirm answers)")
    add("-j", "--jobs", type=_jobs, default=os.cpu_count() or 1, metavar="N",
        help="worker processes for the files to parse (default: number of CPUs)")
    return parser


def _codes(values: Sequence[str], flag: str) -> Tuple[str, ...]:
    codes = [code.strip() for value in values for code in value.split(",") if code.strip()]
    return check_codes(codes, flag)


def _config_path(args: argparse.Namespace, cwd: Path) -> Optional[Path]:
    if args.isolated:
        return None
    if args.config is None:
        return find_config(cwd)
    if not os.path.isfile(args.config):
        raise UsageError(f"config file not found: {args.config}")
    return Path(args.config).resolve()


def _summary(findings: Sequence[Finding]) -> str:
    if not findings:
        return "All checks passed!"
    return f"Found {len(findings)} finding{'s' if len(findings) != 1 else ''}."


def check(argv: Sequence[str]) -> int:
    """``flatten-lint check``: lint paths (or stdin), print findings, return the exit status."""
    args = _check_parser().parse_args(argv)
    cwd = Path.cwd()
    config = _config_path(args, cwd)
    overrides = Overrides(
        select=_codes(args.select, "--select") if args.select else None,
        ignore=_codes(args.ignore, "--ignore"),
        extend_select=_codes(args.extend_select, "--extend-select"),
        confirm=args.confirm)
    settings = load_settings(config, overrides)
    root = config.parent if config is not None else cwd
    if args.verbose:
        print(f"flatten-lint: config: {config or 'none, defaults'}", file=sys.stderr)
    gc.set_threshold(_GC_THRESHOLD)  # a short run whose syntax trees hold no cycles: collect rarely
    findings, tracebacks = _lint(args, settings, root)
    if settings.confirm:
        from .confirm import confirm_findings  # imports nothing of Keras itself

        findings, warnings = confirm_findings(findings, use_cache=not args.no_cache,
                                              cache_dir=root / CACHE_DIR)
        for warning in warnings:
            print(warning, file=sys.stderr)
    if args.fix or args.diff:
        from .fix_files import fix_findings  # libcst is imported only to fix

        fixed = fix_findings(findings, settings, root, args.fix_style, write=not args.diff)
        if args.diff:
            sys.stdout.write("".join(fixed.diffs))
            return 1 if fixed.diffs and not args.exit_zero else 0
        if not args.quiet and fixed.written:
            print(f"flatten-lint: fixed {len(findings) - len(fixed.remaining)} finding(s) in "
                  f"{len(fixed.written)} file(s)", file=sys.stderr)
        findings = fixed.remaining
    _print(findings, tracebacks, args, root)
    if tracebacks:
        return 2
    return 1 if findings and not args.exit_zero else 0


def _lint(args: argparse.Namespace, settings: Settings, root: Path) -> Tuple[List[Finding], List[str]]:
    """The sorted findings of the paths (or stdin) named in ``args``, and internal-error tracebacks."""
    paths = args.paths or (["-"] if args.stdin_filename else ["."])
    if "-" in paths:
        if len(paths) > 1:
            raise UsageError("'-' (standard input) cannot be combined with other paths")
        shown = args.stdin_filename or "-"
        found, traceback = check_source(sys.stdin.buffer.read(), shown, file_settings(settings, shown, root))
        return found, [traceback] if traceback else []
    files, problems = collect(paths, settings, root)
    if args.verbose:
        print(f"flatten-lint: checking {len(files)} files, {args.jobs} jobs", file=sys.stderr)
    cache = None if args.no_cache else ResultCache(root / CACHE_DIR / "lint")
    found, tracebacks = lint_files(files, settings, root, args.jobs, cache)
    problems = [p for p in problems if settings.enabled(p.code)]
    return sorted(problems + found, key=Finding.sort_key), tracebacks


def _print(findings: List[Finding], tracebacks: List[str], args: argparse.Namespace, root: Path) -> None:
    if args.statistics:
        sys.stdout.write(statistics(findings, args.output_format))
    else:
        sys.stdout.write(render(findings, args.output_format, root))
    if args.output_format == "text" and not (args.quiet or args.statistics):
        print(_summary(findings))
    for traceback in tracebacks if args.verbose else ():
        sys.stderr.write(traceback)
    if tracebacks and not args.verbose:
        print(f"flatten-lint: internal error in {len(tracebacks)} file(s); rerun with --verbose "
              "for the traceback, and please report it", file=sys.stderr)


def rule(argv: Sequence[str]) -> int:
    """``flatten-lint rule CODE | --all``: a rule's documentation, or the list of rules."""
    parser = _Parser(prog="flatten-lint rule", description="Show rule documentation.")
    parser.add_argument("code", nargs="?", help="a rule code, e.g. FL001")
    parser.add_argument("--all", action="store_true", help="list every code with its summary")
    args = parser.parse_args(argv)
    if args.all == bool(args.code):
        raise UsageError("give either a rule code or --all")
    if args.all:
        width = max(len(info.name) for info in catalogue().values())
        for info in catalogue().values():
            print(f"{info.code}  {info.name:<{width}}  {info.summary}")
        return 0
    code = args.code.upper()
    if code not in catalogue():
        raise UsageError(f"unknown rule code: {args.code}")
    sys.stdout.write(rule_doc(code))
    return 0


def summary(argv: Sequence[str]) -> int:
    """``flatten-lint summary PATH...``: each model's layers, output shapes and parameters."""
    parser = _Parser(prog="flatten-lint summary",
                     description="Print a Keras-style model summary computed statically (no TensorFlow).")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or directories")
    parser.add_argument("--model", metavar="NAME_OR_LINE",
                        help="only the model bound to this variable, or starting on this line")
    parser.add_argument("--output-format", choices=("text", "json"), default="text", help="default: text")
    args = parser.parse_args(argv)
    from .lint import analyze_recovering
    from .runner import decode, notebook_source
    from .summary import in_cells, models_of, render_text, select, summarize, to_json

    files, problems = collect(args.paths, Settings(exclude=()), Path.cwd())
    found, errors = [], [f"{p.path}: {p.message}" for p in problems]
    for path in files:
        try:
            with open(path, "rb") as handle:
                data = handle.read()
            source, where = notebook_source(data) if path.endswith(".ipynb") else (decode(data), None)
        except (OSError, ValueError, SyntaxError) as error:
            errors.append(f"{path}: cannot parse: {error}")
            continue
        analyses, error = analyze_recovering(source)
        if error is not None:
            shown = f"; the models before line {error.line} are shown" if analyses else ""
            errors.append(f"{path}: cannot parse: {error}{shown}")
        summaries = [summarize(a, path) for a in models_of(analyses)]
        if where is not None:
            summaries = [in_cells(summary, where) for summary in summaries]
        found += select(summaries, args.model)
    for error in errors:
        print(f"flatten-lint: {error}", file=sys.stderr)
    if args.output_format == "json":
        import json

        print(json.dumps({"models": [to_json(s) for s in found]}, indent=2))
    else:
        print("\n\n".join(render_text(s) for s in found) if found else "No models found.")
    return 2 if errors and not found else 0


def server(argv: Sequence[str]) -> int:
    """``flatten-lint server``: the language server on stdio (needs the ``lsp`` extra)."""
    try:
        from .server import main as serve
    except ModuleNotFoundError as error:
        if (error.name or "").partition(".")[0] not in ("pygls", "lsprotocol"):
            raise
        raise UsageError("the server needs the 'lsp' extra: pip install 'flatten-lint[lsp]'") from None
    return serve(argv)


_COMMANDS = {"check": check, "rule": rule, "summary": summary, "server": server}


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Entry point of the ``flatten-lint`` console script; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command, rest = (argv[0], argv[1:]) if argv[:1] and argv[0] in _COMMANDS else ("check", argv)
    try:
        return _COMMANDS[command](rest)
    except UsageError as error:
        print(f"flatten-lint: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into head: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
