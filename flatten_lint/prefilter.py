"""A cheap test that skips files which cannot hold a Keras model a rule reports on, before parsing.

Every rule reports on a Dense, Flatten, convolution or pooling layer (the names
in ``LAYER_NAMES``) of a model that ``Sequential``, ``Model`` or ``Functional``
builds (a subclassed model names ``Model`` as its base).  Discovery knows a Keras
class only by an identifier that spells its name (imported, aliased or written
out), so a file with findings has both kinds of name as whole identifiers in its
code.  The test looks for them:

1. in the raw bytes, as whole words (most files stop here);
2. again with comments and string literals left out (docstrings are full of
   ``keras.Sequential`` examples).  f-strings count as code.  Wherever the scan
   could fall out of step with Python's tokenizer (an f-string field it cannot
   follow, a quote on an IPython ``!``/``%`` line, an unterminated string), the
   rest of the file counts as code.

Text that is not ASCII is first decoded as the parser would (PEP 263) and
NFKC-normalised, as Python normalises identifiers (``Ｄense`` is ``Dense``);
step 2 is skipped when normalising changed the text.  A rule that reports on a
layer of another role must add its class names to ``LAYER_NAMES``.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from typing import Any, Iterator, List, Optional, Tuple

# Discovery reads a function on its own only when its lines name one of these.
MODEL_WORDS = r"Sequential|Model|Functional|Net|VGG|Xception|Inception|ConvNeXt"

MODEL_NAMES = rb"Sequential|Model|Functional"
LAYER_NAMES = (rb"Dense|EinsumDense|Flatten|LocallyConnected[12]D"
               rb"|(?:Separable|Depthwise)?Conv(?:olution)?[123]D(?:Transpose)?"
               rb"|Deconv(?:olution)?[23]D|AtrousConvolution[12]D"
               rb"|(?:Max|Avg|Average|AdaptiveMax|AdaptiveAverage)Pool(?:ing)?[123]D")
# Every name above contains one of its anchors: bytes.find on anchors is much faster than a regex.
_MODEL = (re.compile(MODEL_NAMES), (b"Sequential", b"Model", b"Functional"))
_LAYER = (re.compile(LAYER_NAMES), (b"Dense", b"Flatten", b"Conv", b"Pool", b"LocallyConnected"))
_WORD = re.compile(rb"\w*")
_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_QUOTES = (b"'", b'"')
# What ends a string opened by each quote: the quote, or a newline in a one-line string; escapes skipped.
_STRING_STOP = {
    b"'": re.compile(rb"\\(?:\r\n|.)|'|[\r\n]", re.S),
    b'"': re.compile(rb'\\(?:\r\n|.)|"|[\r\n]', re.S),
    b"'''": re.compile(rb"\\.|'''", re.S),
    b'"""': re.compile(rb'\\.|"""', re.S),
}
_LINE_END = re.compile(rb"[\r\n]")
_BRACE = re.compile(rb"[{}]")
_FIELD = re.compile(rb"""[{}\[\]()'"#]""")


def may_contain_model(data: bytes) -> bool:
    """False only when the Python file whose raw bytes are ``data`` has no model a rule could report on."""
    text, exact = _readable(data)
    return _has_names(text, exact)


def source_may_contain_model(source: str) -> bool:
    """``may_contain_model`` for source text already decoded (a notebook's code, the flake8 plugin)."""
    text, exact = _utf8(source, source.encode("utf-8", "surrogatepass"))
    return _has_names(text, exact)


def notebook_may_contain_model(data: bytes) -> bool:
    """False only when the Jupyter notebook file ``data`` cannot hold a model a rule reports on."""
    if any(a in data for a in _MODEL[1]) and any(a in data for a in _LAYER[1]):
        return True  # (JSON escapes such as \n may run into a name: no word boundaries here)
    if data.isascii() and b"\\u" not in data:
        return False
    import json  # notebooks only

    try:  # names written with \u escapes or in other Unicode forms
        strings = "\n".join(_json_strings(json.loads(data)))
    except (ValueError, RecursionError):
        return False
    return _has_names(_utf8(strings, None)[0], exact=False)


def _has_names(text: bytes, exact: bool) -> bool:
    """Whether ``text`` names a model and a layer (in its code, when it is ``exact`` source)."""
    models = _where(_MODEL, text)
    layers = _where(_LAYER, text) if models else []
    if not layers:
        return False
    if not exact:
        return True
    model = layer = False
    for start, end in _code_parts(text):
        model = model or _within(models, start, end)
        layer = layer or _within(layers, start, end)
        if model and layer:
            return True
        if (not model and end > models[-1]) or (not layer and end > layers[-1]):
            return False  # the names that are left all lie in strings and comments
    return False


def _within(offsets: List[int], start: int, end: int) -> bool:
    index = bisect_left(offsets, start)
    return index < len(offsets) and offsets[index] < end


def _where(names: Tuple["re.Pattern[bytes]", Tuple[bytes, ...]], data: bytes) -> List[int]:
    """The sorted offsets of ``names`` in ``data`` as whole words."""
    pattern, anchors = names
    found = []
    for anchor in anchors:
        at = data.find(anchor)
        while at >= 0:
            left = at
            while left > 0 and data[left - 1] in _WORD_BYTES:
                left -= 1
            right = _WORD.match(data, at).end()
            if pattern.fullmatch(data, left, right):
                found.append(left)
            at = data.find(anchor, right)
    return sorted(found)


def _readable(data: bytes) -> Tuple[bytes, bool]:
    """``data`` as the UTF-8 bytes of the NFKC text the parser reads, and whether that is the
    source itself (so that its strings and comments can be told apart)."""
    second = data.find(b"\n", data.find(b"\n") + 1)
    cookie = b"coding" in (data if second < 0 else data[:second])
    if data.isascii() and not cookie:
        return data, True
    try:
        encoding = declared_encoding(data) if cookie else "utf-8-sig"
        text = data.decode(encoding)
    except (SyntaxError, LookupError, ValueError):
        return data, True  # undecodable: the file can only get FL900, from the runner
    return _utf8(text, data if encoding in ("utf-8", "utf-8-sig") else None)


def declared_encoding(data: bytes) -> str:
    """The encoding of Python source ``data`` as the parser finds it (BOM, PEP 263 cookie, else UTF-8);
    SyntaxError when the declared one is unknown (tokenize is imported on first use)."""
    from io import BytesIO
    from tokenize import detect_encoding

    return detect_encoding(BytesIO(data).readline)[0]


def _utf8(text: str, encoded: Optional[bytes]) -> Tuple[bytes, bool]:
    """The UTF-8 bytes of ``text`` in NFKC form (``encoded`` when that is them already)."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return (encoded if encoded is not None else text.encode("utf-8", "surrogatepass")), True
    return unicodedata.normalize("NFKC", text).encode("utf-8", "surrogatepass"), False


def _code_parts(data: bytes) -> Iterator[Tuple[int, int]]:
    """(start, end) of the parts of ``data`` outside comments and string literals (f-strings are
    code); when the scan may be out of step with Python's tokenizer, the rest is one part."""
    pos = 0
    ahead = {char: data.find(char) for char in (b"#", *_QUOTES)}  # the next of each, from pos on
    while True:
        for char, at in ahead.items():
            if 0 <= at < pos:
                ahead[char] = data.find(char, pos)
        found = [at for at in ahead.values() if at >= 0]
        if not found:
            yield pos, len(data)
            return
        start = min(found)
        yield pos, start
        char = data[start:start + 1]
        if char == b"#":
            pos = _line_end(data, start)
            continue
        quote = data[start:start + 3] if data[start:start + 3] in (b"'''", b'"""') else char
        end = _string_end(data, start + len(quote), quote)
        fstring = _is_fstring(data, start)
        if end is None or _on_ipython_line(data, pos, start) or (
                fstring and not _fields_closed(data[start + len(quote):end - len(quote)])):
            yield start, len(data)
            return
        if fstring:
            yield start, end
        pos = end


def _on_ipython_line(data: bytes, pos: int, at: int) -> bool:
    """Whether ``at`` lies on a line that starts, in code, like an IPython ``!``/``%``/``?`` line
    (masked as a comment when the file only parses that way)."""
    line = max(data.rfind(b"\n", pos, at), data.rfind(b"\r", pos, at)) + 1 or pos
    if line == pos and pos > 0 and data[pos - 1:pos] not in (b"\n", b"\r"):
        return False  # the line started inside a string or comment
    return data[line:at].lstrip(b" \t")[:1] in (b"!", b"%", b"?")


def _string_end(data: bytes, pos: int, quote: bytes) -> Optional[int]:
    """Where the string whose body starts at ``pos`` ends (after its closing quote); None if it does not."""
    stop = _STRING_STOP[quote]
    while True:
        found = stop.search(data, pos)
        if found is None or found.group() in (b"\r", b"\n"):
            return None
        pos = found.end()
        if found.group() == quote:
            return pos


def _line_end(data: bytes, start: int) -> int:
    found = _LINE_END.search(data, start)
    return found.start() if found else len(data)


def _is_fstring(data: bytes, quote: int) -> bool:
    """Whether the letters just before the quote at ``quote`` make an f-string."""
    start = quote
    while start > 0 and data[start - 1:start].isalpha():
        start -= 1
    return b"f" in data[start:quote].lower()


def _fields_closed(body: bytes) -> bool:
    """Whether an f-string body, read up to the first closing quote, ends outside every
    replacement field (else that quote may be nested in a field, as Python 3.12 allows)."""
    pos = 0
    while True:
        brace = _BRACE.search(body, pos)
        if brace is None:
            return True
        at = brace.start()
        if body[at + 1:at + 2] == body[at:at + 1]:  # {{ or }}
            pos = at + 2
            continue
        if body[at:at + 1] == b"}":
            return False
        depth, pos = 1, at + 1
        while depth:
            found = _FIELD.search(body, pos)
            if found is None or found.group() == b"#":
                return False
            char, pos = found.group(), found.end()
            if char in b"{[(":
                depth += 1
            elif char in b"}])":
                depth -= 1
            else:  # a string inside the field
                end = _string_end(body, pos, char)
                if end is None:
                    return False
                pos = end


def _json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)
