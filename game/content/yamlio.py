"""Read one YAML file into plain Python values plus a map from value paths to line numbers.

Why not yaml.safe_load: we need the line of every key and item for `path:line: message`
errors, we reject duplicate keys (PyYAML silently keeps the last), we read booleans the
YAML 1.2 way (`yes`, `no`, `on`, `off` stay text, so a strict model rejects them where a
bool is wanted), and we refuse files that would hang or exhaust the loader: huge files,
alias bombs, absurd nesting. Uses libyaml (CSafeLoader) when present for speed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # yaml is imported where used: a cached start never reads YAML
    from yaml.events import Event

MAX_BYTES = 2 * 1024 * 1024  # content files are small; this is a hostile-input guard
MAX_NODES = 50_000  # values after expanding aliases; the largest shipped file has ~3,600, and at ~10 µs a value
# (PyYAML builds values in Python) this keeps the worst file under about half a second
MAX_DEPTH = 64  # nesting of mappings and sequences

PathKey = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem with the content, printed as `path:line: message`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {visible(self.message)}"


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x84\x86-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def visible(text: str) -> str:
    """Text on one line with its control characters written out (a key made of a line break must
    not break the `path:line: message` line it is named in)."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass
class Document:
    """A parsed file: its data, and the line each value path starts on (1-based)."""

    path: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)
    raw: dict[PathKey, str] = field(default_factory=dict)  # source text of non-text scalars (1.10, no)
    text: str = field(default="", repr=False)  # the file as read: comments (`# ack: ...`) live only here

    def line_of(self, loc: PathKey) -> int:
        """The line of the deepest known prefix of loc (a missing key points at its parent)."""
        loc = tuple(loc)
        while loc and loc not in self.lines:
            loc = loc[:-1]
        return self.lines.get(loc, 1)


class YamlError(Exception):
    def __init__(self, error: ContentError):
        super().__init__(str(error))
        self.error = error


def _loader_class(base: Any) -> Any:
    class StrictLoader(base):
        """Booleans as in YAML 1.2: only true/false; yes/no/on/off stay strings."""

    resolvers = {
        first: [(tag, regexp) for tag, regexp in entries if tag != "tag:yaml.org,2002:bool"]
        for first, entries in base.yaml_implicit_resolvers.items()
    }
    StrictLoader.yaml_implicit_resolvers = resolvers
    StrictLoader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    return StrictLoader


_LOADERS: dict[bool, Any] = {}


def _strict_loader(pure: bool = False) -> Any:
    """The strict loader class on libyaml (CSafeLoader) when present, or on PyYAML's own Python
    parser when `pure` (slower, but with no limits of its own). Built on first use and cached,
    so `import` stays cheap."""
    if pure not in _LOADERS:
        import yaml

        base = yaml.SafeLoader if pure else getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        _LOADERS[pure] = _loader_class(base)
    return _LOADERS[pure]


def _check_shape(text: str, shown: str) -> None:
    """Walk the parser's events (a flat stream, no recursion) before composing: libyaml's
    composer recurses in C, so a file nested 100,000 deep would crash it, not just fail.

    libyaml has limits of its own that can speak before ours: since PyYAML 6.0.4 its scanner
    refuses flow nesting beyond 1,000 levels while it looks ahead for a key, before it hands us
    the first event of that collection. So when libyaml refuses a file, the walk is done again on
    PyYAML's pure-Python parser, which has no such limits: our own checks then give our own
    message (depth, size), and a real syntax error is reported from the same parser either way.
    Only refused files pay for the second, slower walk."""
    import yaml

    try:
        _walk_shape(text, shown, _strict_loader())
    except yaml.YAMLError as refused:
        if not hasattr(yaml, "CSafeLoader"):
            raise  # the walk was already on the pure-Python parser
        try:
            _walk_shape(text, shown, _strict_loader(pure=True))  # raises our YamlError if ours apply
        except yaml.YAMLError:
            pass
        raise refused from None  # a real syntax error: report libyaml's, with its line


def _walk_shape(text: str, shown: str, loader: Any) -> None:
    import yaml

    opening = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    closing = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    depth = count = 0
    # Values as they would be once aliases are expanded, counted here (cheaply, per event) so an
    # alias bomb is refused before anything is built: each alias adds its anchor's expanded size.
    sizes: dict[str, int] = {}
    started: list[tuple[int, str | None]] = []  # per open collection: count at its start, its anchor
    for event in yaml.parse(text, Loader=loader):
        count += 1
        if isinstance(event, opening):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlError(ContentError(shown, _line(event), f"nesting is deeper than {MAX_DEPTH} levels"))
            started.append((count - 1, event.anchor))
        elif isinstance(event, closing):
            depth -= 1
            start, anchor = started.pop() if started else (count, None)
            if anchor is not None:
                sizes[anchor] = count - start
        elif isinstance(event, yaml.AliasEvent):
            assert event.anchor is not None, "an alias always names its anchor (*name)"
            if event.anchor not in sizes and all(event.anchor != name for _, name in started):
                raise YamlError(
                    ContentError(
                        shown,
                        _line(event),
                        f"alias '*{event.anchor}' comes before any anchor '&{event.anchor}'",
                    )
                )
            count += sizes.get(event.anchor, 1) - 1
            if count > MAX_NODES:
                raise YamlError(
                    ContentError(
                        shown,
                        _line(event),
                        f"more than {MAX_NODES:,} values (are anchors/aliases expanding without end?)",
                    )
                )
        elif isinstance(event, yaml.ScalarEvent) and event.anchor is not None:
            sizes[event.anchor] = 1
        if count > MAX_NODES:
            raise YamlError(ContentError(shown, _line(event), f"more than {MAX_NODES:,} values in one file"))


def _line(event: Event) -> int:
    """The line an event starts on (1-based)."""
    assert event.start_mark is not None, "the parser marks every event it makes"
    return event.start_mark.line + 1


def read_text(path: Path, shown: str) -> str:
    """Bytes -> str with errors that say where: size, encoding, NUL bytes."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise YamlError(ContentError(shown, 1, f"file is too large ({size:,} bytes; the limit is {MAX_BYTES:,})"))
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlError(ContentError(shown, 1, f"cannot read file: {exc.strerror or exc}")) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(ContentError(shown, line, "file is not valid UTF-8 text (save it as UTF-8)")) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise YamlError(ContentError(shown, line, "file contains a NUL character (is it a binary file?)"))
    bad = _NOT_YAML.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        code = f"U+{ord(bad.group()):04X}"
        raise YamlError(ContentError(shown, line, f"a control character ({code}) that YAML does not allow: delete it"))
    return text


# Characters YAML 1.1 does not allow in a file (its printable set is tab, LF, CR, U+0020-U+007E,
# U+0085, U+00A0-U+D7FF, U+E000-U+FFFD and beyond): checked here so the message is ours whatever
# the parser's wording.
_NOT_YAML = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def parse(text: str, shown: str) -> Document:
    """Parse YAML text into a Document, or raise YamlError with the line of the problem."""
    import yaml

    loader = _strict_loader()(text)
    try:
        try:
            _check_shape(text, shown)
            node = loader.get_single_node()
        except yaml.composer.ComposerError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else 1
            if "expected a single document" in str(exc):
                raise YamlError(
                    ContentError(shown, line, "only one YAML document per file (remove the extra '---')")
                ) from None
            raise YamlError(ContentError(shown, line, _yaml_message(exc))) from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            if exc.context_mark is not None and "flow" in (exc.context or ""):
                mark = exc.context_mark  # an unclosed [ or {: point at where it opened
            line = mark.line + 1 if mark else 1
            lines = text.splitlines()
            if 0 < line <= len(lines) and "\t" in lines[line - 1]:
                raise YamlError(ContentError(shown, line, "a tab character: YAML indents with spaces only")) from None
            raise YamlError(ContentError(shown, line, _yaml_message(exc))) from None
        except yaml.YAMLError as exc:  # e.g. a reader error for a control character
            position = getattr(exc, "position", None)
            line = text.count("\n", 0, position) + 1 if isinstance(position, int) else 1
            raise YamlError(ContentError(shown, line, _yaml_message(exc))) from None
        if node is None:
            raise YamlError(ContentError(shown, 1, "file is empty"))
        doc = Document(shown, None, text=text)
        doc.data = _Builder(loader, doc).build(node)
        return doc
    finally:
        loader.dispose()


def load(path: Path, shown: str | None = None) -> Document:
    shown = shown if shown is not None else str(path)
    return parse(read_text(path, shown), shown)


def _yaml_message(exc: Exception) -> str:
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    if problem:
        text = f"YAML syntax: {problem}"
        return f"{text} ({context})" if context else text
    first = str(exc).strip().splitlines()
    return f"YAML syntax: {first[0] if first else type(exc).__name__}"


class _Builder:
    """Walks the composed node graph, building values and recording lines."""

    def __init__(self, loader: Any, doc: Document):
        self.loader = loader
        self.doc = doc
        self.count = 0
        self.open: set[int] = set()  # nodes being built right now: an alias to one is a loop

    def fail(self, node: Any, message: str) -> None:
        raise YamlError(ContentError(self.doc.path, node.start_mark.line + 1, message))

    def build(self, node: Any, path: PathKey = (), depth: int = 0) -> Any:
        import yaml

        self.count += 1
        if self.count > MAX_NODES:
            self.fail(node, f"more than {MAX_NODES:,} values (are anchors/aliases expanding without end?)")
        if depth > MAX_DEPTH:
            self.fail(node, f"nesting is deeper than {MAX_DEPTH} levels")
        self.doc.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            value = self.scalar(node)
            if not isinstance(value, str):
                self.doc.raw[path] = node.value
            return value
        if id(node) in self.open:
            self.fail(node, "an alias refers to the list or mapping it is inside (an endless loop)")
        self.open.add(id(node))
        try:
            return self.collection(node, path, depth)
        finally:
            self.open.discard(id(node))

    def collection(self, node: Any, path: PathKey, depth: int) -> Any:
        import yaml

        if isinstance(node, yaml.MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                self.fail(node, f"unsupported tag {node.tag}")
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.fail(key_node, "merge keys ('<<') are not supported; write the keys out")
                if not isinstance(key_node, yaml.ScalarNode):
                    self.fail(key_node, "a mapping key must be plain text")
                key = self.scalar(key_node)
                if not isinstance(key, (str, int)) or isinstance(key, bool):
                    key = str(key_node.value)
                if key in out:
                    first = self.doc.lines.get(path + (key,), "?")
                    self.fail(key_node, f"duplicate key '{key}' (first defined on line {first})")
                self.doc.lines[path + (key,)] = key_node.start_mark.line + 1
                out[key] = self.build(value_node, path + (key,), depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self.fail(node, f"unsupported tag {node.tag}")
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        self.fail(node, "unsupported YAML node")

    def scalar(self, node: Any) -> Any:
        import yaml

        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            self.fail(node, (exc.problem or "cannot read this value").replace("\n", " "))
        except (ValueError, OverflowError) as exc:  # e.g. a timestamp like 2023-13-45
            self.fail(node, f"cannot read value {node.value!r}: {exc}")
