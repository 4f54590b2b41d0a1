"""Load content/ into typed models, collecting every problem as `path:line: message`.

    content/strings.yaml      interface text by key
    content/sources.yaml      the sources facts cite
    content/drugs/*.yaml      one drug per file
    content/quizzes/*.yaml    question banks
    content/levels/*.yaml     one level per file; `type:` picks its model from game.levels
    content/tracks/*.yaml     ordered levels for one age group
    content/blocklist.yaml    optional: words refused in nicknames (game.content.nickname)
    content/nicknames.yaml    optional: adjectives and animals for nicknames made by tapping (ditto)
    content/words.yaml        optional: the Chinese words of the content, kept whole when a line wraps
    content/integrity.yaml    optional: thresholds of the teacher report's "check these" list (game.content.integrity)

`check_content` never raises for bad content: it returns the problems. `load_content`
raises ContentInvalid carrying them, for the game, which refuses to start on bad content.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where used: a cached start needs neither the YAML reader nor its types
    from collections.abc import Callable

    from pydantic_core import ErrorDetails

    from game.content.yamlio import ContentError, Document

FOLDERS = ("drugs", "quizzes", "levels", "tracks")
SINGLE_FILES = ("strings.yaml", "sources.yaml")
OPTIONAL_FILES = ("blocklist.yaml", "integrity.yaml", "nicknames.yaml", "words.yaml")


class ContentInvalid(Exception):
    def __init__(self, errors: list[ContentError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors[:20]))


def fill(text: str, **values: Any) -> str:
    """text with its {fields} filled; a string whose fields do not match is shown as it is."""
    if not values:
        return text
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return text


@dataclass
class Content:
    """All content, validated and cross-checked. `where` maps (kind, id) to its Document."""

    root: Path
    version: str = ""
    strings: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, Any] = field(default_factory=dict)
    drugs: dict[str, Any] = field(default_factory=dict)
    quizzes: dict[str, Any] = field(default_factory=dict)
    questions: dict[str, Any] = field(default_factory=dict)
    levels: dict[str, Any] = field(default_factory=dict)
    tracks: dict[str, Any] = field(default_factory=dict)
    where: dict[tuple[str, str], tuple[Document, tuple]] = field(default_factory=dict)
    broken: set[tuple[str, str]] = field(default_factory=set)  # (folder, file stem) that failed to load
    blocklist: Any = None  # game.content.schema.BlocklistFile, when content/blocklist.yaml exists
    nicknames: Any = None  # game.content.schema.NicknameWordsFile, when content/nicknames.yaml exists
    words: tuple[str, ...] = ()  # Chinese words kept whole by line breaking (content/words.yaml)
    integrity: Any = None  # game.content.integrity.IntegrityRules, when content/integrity.yaml exists

    def is_broken(self, folder: str, ident: str) -> bool:
        """A reference to a file that failed to load is not reported again as dangling."""
        return (folder, ident) in self.broken

    def text(self, key: str, lang: str) -> str:
        """Interface text by key; an unknown key shows as itself rather than crashing."""
        entry = self.strings.get(key)
        return entry.get(lang) if entry is not None else key

    def summary(self) -> str:
        kinds = Counter(level.type for level in self.levels.values())
        by_type = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
        return (
            f"{len(self.drugs)} drugs, {len(self.questions)} questions in {len(self.quizzes)} quizzes, "
            f"{len(self.levels)} levels ({by_type}), {len(self.tracks)} tracks, {len(self.sources)} sources, "
            f"{len(self.strings)} strings (content version {self.version[:12]})"
        )


def _shown(path: Path) -> str:
    """A path as the user typed it: relative to the working directory when inside it."""
    try:
        shown = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if shown.startswith("..") else shown


def _describe(err: ErrorDetails, raw: str | None = None) -> str:
    """A pydantic error in words an editor understands. raw: the value as written in the file."""
    kind, loc, value = err["type"], err["loc"], err.get("input")
    name = loc[-1] if loc else ""
    written = raw if raw is not None else repr(value)
    if name == "[key]":
        return f"a key must be text, got {written} (put quotes around it)"
    if kind == "missing":
        if name in ("zh-CN", "en"):
            return f"missing translation '{name}'"
        return f"missing required field '{name}'"
    if kind == "extra_forbidden":
        return f"unknown field '{name}'"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, got {written}"
    if value is None and kind.endswith("_type"):
        return "the value is empty"
    if kind == "string_type":
        hint = " (put quotes around it)" if isinstance(value, (int, float, bool)) else ""
        return f"expected text, got {written}{hint}"
    if kind == "string_pattern_mismatch":
        return (
            f"{value!r} is not a valid id: start with a lower-case letter or digit, then use only "
            "lower-case letters, digits, '-', '_' or '.' (at most 64 characters)"
        )
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        want = {"list_type": "a list", "dict_type": "a mapping"}.get(kind, "a mapping of fields")
        return f"expected {want}, got {written}"
    message = err["msg"]
    message = message.removeprefix("Value error, ")
    return message


def _step(part: Any) -> str:
    """One step of a field's path as an editor reads it: .name, [3], or ['a key'] for a key that is empty or holds
    white space (a key of only a space would otherwise print as nothing before the colon)."""
    if isinstance(part, int):
        return f"[{part}]"
    text = str(part)
    return f".{text}" if text and not re.search(r"\s", text) else f"[{text!r}]"


def _validate(model: Any, doc: Document, prefix: tuple = ()) -> tuple[Any, list[ContentError]]:
    from pydantic import ValidationError

    from game.content.yamlio import ContentError

    data = doc.data
    for key in prefix:
        data = data[key]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        errors = []
        for err in exc.errors(include_url=False):
            loc = prefix + tuple(err["loc"])
            shown = tuple(p for p in loc if p != "[key]")
            dotted = "".join(_step(p) for p in shown).lstrip(".")
            message = _describe(err, doc.raw.get(shown))
            errors.append(ContentError(doc.path, doc.line_of(shown), f"{dotted}: {message}" if dotted else message))
        return None, errors


def _files(root: Path) -> tuple[list[Path], list[ContentError]]:
    """Every .yaml file the content is made of, and complaints about files that do not belong."""
    files: list[Path] = []
    problems: list[tuple[Path, str]] = []
    for name in SINGLE_FILES:
        path = root / name
        if path.is_file():
            files.append(path)
        else:
            problems.append((path, "file is missing"))
    files.extend(root / name for name in OPTIONAL_FILES if (root / name).is_file())
    for child in sorted(root.iterdir()):
        if child.is_file() and child.suffix in (".yaml", ".yml") and child.name not in SINGLE_FILES + OPTIONAL_FILES:
            problems.append((child, "unexpected file: put it in drugs/, quizzes/, levels/ or tracks/"))
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*")) if (root / folder).is_dir() else []:
            if path.suffix == ".yml":
                problems.append((path, "name content files *.yaml, not *.yml"))
            elif path.suffix == ".yaml" and path.is_file():
                files.append(path)
    if not problems:
        return files, []
    from game.content.yamlio import ContentError

    return files, [ContentError(_shown(path), 1, message) for path, message in problems]


@dataclass
class Checked:
    """What check_content_fully found: errors refuse the content; warnings do not stop the game but
    fail `validate`; acknowledged are review findings kept quiet by `# ack:` (game.content.review)."""

    content: Content | None
    errors: list[ContentError]
    warnings: list[Any] = field(default_factory=list)
    acknowledged: list[Any] = field(default_factory=list)


def check_content(root: Path | str) -> tuple[Content | None, list[ContentError]]:
    """Load and lint everything under root. Returns (content or None, sorted problems)."""
    checked = check_content_fully(root)
    return checked.content, checked.errors


def check_content_fully(root: Path | str) -> Checked:
    """Load, lint and review everything under root: errors, warnings and acknowledged findings, sorted."""
    from game.content import lint, review
    from game.content.yamlio import ContentError

    root = Path(root)
    if not root.is_dir():
        return Checked(None, [ContentError(_shown(root), 1, "content folder not found")])
    content = Content(root=root)
    files, errors = _files(root)
    docs = _load_documents(root, files, content, errors)
    words_file: tuple[Document, Any] | None = None  # (words.yaml, its model): is it the list of this text?

    def add(kind: str, table: dict, obj: Any, doc: Document, loc: tuple) -> None:
        if obj.id in table:
            first, _ = content.where[(kind, obj.id)]
            errors.append(
                ContentError(
                    doc.path, doc.line_of(loc + ("id",)), f"duplicate {kind} id '{obj.id}' (also in {first.path})"
                )
            )
            return
        table[obj.id] = obj
        content.where[(kind, obj.id)] = (doc, loc)

    for path, doc in docs.items():
        rel = path.relative_to(root).parts
        read = READERS[rel[0] if len(rel) > 1 else rel[-1]]  # _files() lets through only what READERS reads
        model, problems = read(content, doc, add)
        if rel == ("words.yaml",) and model is not None:
            words_file = (doc, model)
        errors.extend(problems)
        if model is None:
            content.broken.add((rel[0], path.stem) if len(rel) > 1 else (rel[0], ""))
        if model is not None and rel[0] in FOLDERS and getattr(model, "id", path.stem) != path.stem:
            errors.append(
                ContentError(doc.path, doc.line_of(("id",)), f"id '{model.id}' must match the file name '{path.stem}'")
            )

    errors.extend(lint.lint(content))
    errors.extend(_nickname_word_problems(content))
    found = review.review(content)
    errors.extend(found.errors)
    if words_file is not None and not errors:  # a stale word list only wraps lines worse: a warning
        found.warnings.extend(_stale_words(*words_file, content))
    errors = sorted(set(errors), key=lambda e: (e.path, e.line, e.message))
    warnings = sorted(set(found.warnings), key=lambda e: (e.path, e.line, e.message))
    acknowledged = sorted(found.acknowledged, key=lambda a: (a.path, a.line, a.rule))
    return Checked(None if errors else content, errors, warnings, acknowledged)


def _load_documents(
    root: Path, files: list[Path], content: Content, errors: list[ContentError]
) -> dict[Path, Document]:
    """Parse every file (a YAML error is reported and its file marked broken) and hash them all for the version."""
    from game.content.yamlio import YamlError, load

    digest = hashlib.sha256()
    docs: dict[Path, Document] = {}
    for path in files:
        try:
            doc = load(path, _shown(path))
        except YamlError as exc:
            errors.append(exc.error)
            rel = path.relative_to(root).parts
            content.broken.add((rel[0], path.stem) if len(rel) > 1 else (rel[0], ""))
            continue
        docs[path] = doc
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    content.version = digest.hexdigest()
    return docs


def _nickname_word_problems(content: Content) -> list[ContentError]:
    """Every nickname word must pass the nickname filter (so after the block-list is read)."""
    if content.nicknames is None:
        return []
    from game.content import lint
    from game.content.nickname import Blocklist, word_problems
    from game.content.yamlio import ContentError

    try:
        covered = lint.font_coverage()
    except OSError:
        covered = None
    doc, _ = content.where[("nicknames", "")]
    return [
        ContentError(doc.path, doc.line_of(loc), message)
        for loc, message in word_problems(content.nicknames, Blocklist.from_file(content.blocklist), covered)
    ]


def _stale_words(doc: Document, model: Any, content: Content) -> list[ContentError]:
    """A warning when content/words.yaml was built from other text than the content's now."""
    from game.content.words import staleness
    from game.content.yamlio import ContentError

    why = staleness(model.built_from, content)
    if not why:
        return []
    line = doc.line_of(("built_from",)) if model.built_from is not None else 1
    return [ContentError(doc.path, line, f"warning: words-stale: {why}")]


# -- one reader per file or folder: (content, its document, add(kind, table, obj, doc, loc)) -> (model, problems)
if TYPE_CHECKING:
    Add = Callable[[str, dict, Any, Document, tuple], None]
    Read = tuple[Any, list[ContentError]]


def _read_strings(content: Content, doc: Document, add: Add) -> Read:
    from game.content import schema

    model, problems = _validate(schema.StringsFile, doc)
    if model:
        content.strings = dict(model.strings)
        for key in model.strings:
            content.where[("string", key)] = (doc, ("strings", key))
    return model, problems


def _read_sources(content: Content, doc: Document, add: Add) -> Read:
    from game.content import schema

    model, problems = _validate(schema.SourceFile, doc)
    for i, source in enumerate(model.sources if model else []):
        add("source", content.sources, source, doc, ("sources", i))
    return model, problems


def _read_blocklist(content: Content, doc: Document, add: Add) -> Read:
    from game.content import schema

    model, problems = _validate(schema.BlocklistFile, doc)
    content.blocklist = model
    return model, problems


def _read_words(content: Content, doc: Document, add: Add) -> Read:
    from game.content import schema

    model, problems = _validate(schema.WordsFile, doc)
    content.words = tuple(model.words) if model else ()
    return model, problems


def _read_nicknames(content: Content, doc: Document, add: Add) -> Read:
    from game.content import schema

    model, problems = _validate(schema.NicknameWordsFile, doc)
    content.nicknames = model
    if model is not None:
        content.where[("nicknames", "")] = (doc, ())
    return model, problems


def _read_integrity(content: Content, doc: Document, add: Add) -> Read:
    from game.content.integrity import IntegrityRules

    model, problems = _validate(IntegrityRules, doc)
    content.integrity = model
    return model, problems


def _read_drug(content: Content, doc: Document, add: Add) -> Read:
    from game.content import schema

    model, problems = _validate(schema.Drug, doc)
    if model:
        add("drug", content.drugs, model, doc, ())
    return model, problems


def _read_quiz(content: Content, doc: Document, add: Add) -> Read:
    from game.content import schema

    model, problems = _validate(schema.QuizFile, doc)
    if model:
        add("quiz", content.quizzes, model, doc, ())
        for i, question in enumerate(model.questions):
            add("question", content.questions, question, doc, ("questions", i))
    return model, problems


def _read_level(content: Content, doc: Document, add: Add) -> Read:
    """A level's `type:` picks its model (game/content/levels)."""
    from game.content.levels import LEVEL_MODELS
    from game.content.yamlio import ContentError

    model, problems = None, []
    kind = doc.data.get("type") if isinstance(doc.data, dict) else None
    level_type = LEVEL_MODELS.get(kind) if isinstance(kind, str) else None
    if not isinstance(doc.data, dict):
        problems = [ContentError(doc.path, 1, "a level file must be a mapping of fields")]
    elif level_type is None:
        known = ", ".join(sorted(LEVEL_MODELS))
        what = "missing required field 'type'" if kind is None else f"type: unknown level type {kind!r}"
        problems = [ContentError(doc.path, doc.line_of(("type",)), f"{what} (known: {known})")]
    else:
        model, problems = _validate(level_type.model, doc)
    if model:
        add("level", content.levels, model, doc, ())
    return model, problems


def _read_track(content: Content, doc: Document, add: Add) -> Read:
    from game.content import schema

    model, problems = _validate(schema.Track, doc)
    if model:
        add("track", content.tracks, model, doc, ())
    return model, problems


# a file at the top of content/ by its name, a file in a folder (FOLDERS) by the folder
READERS: dict[str, Callable[[Content, Document, Add], Read]] = {
    "strings.yaml": _read_strings,
    "sources.yaml": _read_sources,
    "blocklist.yaml": _read_blocklist,
    "words.yaml": _read_words,
    "nicknames.yaml": _read_nicknames,
    "integrity.yaml": _read_integrity,
    "drugs": _read_drug,
    "quizzes": _read_quiz,
    "levels": _read_level,
    "tracks": _read_track,
}


def load_content(root: Path | str) -> Content:
    """Parse, validate and lint the content folder (every time: `validate` and tests use this)."""
    gc_was_on = gc.isenabled()
    gc.disable()  # the parse makes ~10^5 objects and no cycles: collecting during it only costs (superlinearly)
    try:
        content, errors = check_content(root)
    finally:
        if gc_was_on:
            gc.enable()
    if errors or content is None:
        raise ContentInvalid(errors)
    return content


CACHE_FORMAT = 3  # 2: runtime records (game.content.records), no pydantic objects, no `where`; 3: CachedContent
CACHE_KEEP = 3  # cached copies kept (other content folders, older versions)


def _tree_stats(digest: Any, folder: Path, suffix: str) -> None:
    """Feed every `suffix` file under folder (name, size, mtime) to digest, sorted by path.
    Stats, like Python's own bytecode cache: an edited file gets a new mtime (and reading
    ~100 files would cost a start ~10 ms)."""
    entries: list[tuple[str, int, int]] = []
    todo = [(folder, "")]
    while todo:
        here, prefix = todo.pop()
        with os.scandir(here) as it:
            for entry in it:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        todo.append((Path(entry.path), f"{prefix}{entry.name}/"))
                elif entry.name.endswith(suffix):
                    st = entry.stat()
                    entries.append((prefix + entry.name, st.st_size, st.st_mtime_ns))
    for name, size, mtime in sorted(entries):
        digest.update(f"{name}\0{size}\0{mtime}\0".encode())


def _code_fingerprint() -> bytes:
    """The game's own code and library versions: any change makes every cached copy stale, so a
    cached copy is always what check_content would build now. Does not import pydantic (a cached
    start never does): pydantic's installed version file stands for its version."""
    from importlib.machinery import PathFinder

    digest = hashlib.sha256(f"{CACHE_FORMAT}|{sys.version}".encode())
    _tree_stats(digest, Path(__file__).resolve().parent.parent, ".py")
    for library in ("pydantic", "yaml"):
        spec = PathFinder.find_spec(library)
        origin = Path(spec.origin).parent if spec is not None and spec.origin else None
        if origin is not None:
            for name in ("version.py", "__init__.py"):
                with contextlib.suppress(OSError):
                    st = (origin / name).stat()
                    digest.update(f"{library}/{name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return digest.digest()


def _assets_fingerprint() -> bytes:
    """The font's coverage and the asset files' names and sizes (what lint reads besides content)."""
    from game import paths

    digest = hashlib.sha256()
    with contextlib.suppress(OSError):
        digest.update(paths.FONT_COVERAGE.read_bytes())
    if paths.ASSETS.is_dir():
        for path in sorted(paths.ASSETS.rglob("*")):
            with contextlib.suppress(OSError):
                digest.update(f"{path.relative_to(paths.ASSETS).as_posix()}\0{path.stat().st_size}\0".encode())
    return digest.digest()


def runtime_content(content: Content) -> Content:
    """Checked content as the game plays it: every model a plain record (game.content.records),
    so a cached start never imports pydantic. Objects shared between tables stay shared; `where`
    (the YAML documents, for lint's line numbers) is left out."""
    from game.content.records import to_runtime

    memo: dict[int, Any] = {}

    def convert(table: Any) -> Any:
        return to_runtime(table, memo)

    return Content(
        root=content.root,
        version=content.version,
        strings=convert(content.strings),
        sources=convert(content.sources),
        drugs=convert(content.drugs),
        quizzes=convert(content.quizzes),
        questions=convert(content.questions),
        levels=convert(content.levels),
        tracks=convert(content.tracks),
        broken=set(content.broken),
        blocklist=convert(content.blocklist),
        nicknames=convert(content.nicknames),
        words=content.words,
        integrity=convert(content.integrity),
    )


LAZY_TABLES = ("sources", "drugs", "quizzes", "questions", "levels", "tracks")


class CachedContent(Content):
    """Content read back from the cache: the interface strings at once (the title needs nothing
    else), the other tables unpickled on their first use (~10 ms a start need not wait for).
    The packed tables carry a CRC checked when the file is read, so a damaged cache is found
    then (and the content checked again), not in the middle of a game."""

    def __getattr__(self, name: str) -> Any:  # only for attributes not set: the lazy tables
        packed = self.__dict__.get("_packed")
        if name in LAZY_TABLES and packed is not None:
            import pickle

            self.__dict__.update(pickle.loads(packed))
            del self.__dict__["_packed"]
            return self.__dict__[name]
        raise AttributeError(name)

    @classmethod
    def pack(cls, content: Content) -> CachedContent:
        import pickle
        import zlib

        packed = object.__new__(cls)
        tables = {name: getattr(content, name) for name in LAZY_TABLES}
        packed.__dict__.update({k: v for k, v in vars(content).items() if k not in LAZY_TABLES})
        packed.__dict__["_packed"] = pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL)
        packed.__dict__["_crc"] = zlib.crc32(packed.__dict__["_packed"])
        return packed

    def intact(self) -> bool:
        import zlib

        packed = self.__dict__.get("_packed")
        return packed is None or zlib.crc32(packed) == self.__dict__.get("_crc")


def load_content_cached(root: Path | str, cache: Path | None = None) -> Content:
    """load_content as the game plays it (runtime_content), remembered: content that passed every
    check is pickled in the user cache folder under a hash of every content file and of the
    game's code, and read back (about 10 ms instead of 300+, and no pydantic) while neither
    changes. Broken content is never cached; a cache that cannot be read or written is ignored.
    (A pickle runs code when read: the cache folder is the user's own, as writable by an
    attacker as the game's code itself.)"""
    import pickle

    root = Path(root)
    if not root.is_dir():
        return load_content(root)  # raises: there is no content folder
    files, problems = _files(root)
    if problems:
        return load_content(root)  # raises with the messages
    key = hashlib.sha256(_code_fingerprint())
    key.update(_assets_fingerprint())  # lint checks glyphs against the font and that assets exist
    for path in files:
        key.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    folder = cache if cache is not None else _cache_folder()
    target = folder / f"content-{key.hexdigest()[:32]}.pickle" if folder else None
    if target is not None and target.is_file():
        try:
            with open(target, "rb") as f:
                content = pickle.load(f)
            if isinstance(content, CachedContent) and content.intact():
                content.root = root
                return content
        except Exception:  # noqa: BLE001 - a damaged or foreign file (unpickling raises anything): check again
            pass
    content = runtime_content(load_content(root))
    if target is not None:
        _write_cache(target, content)
    return content


def _cache_folder() -> Path | None:
    try:
        from game import paths

        return paths.cache_dir()
    except Exception:  # noqa: BLE001 - no cache folder on this machine: play on without a cache
        return None


def _write_cache(target: Path, content: Content) -> None:
    import pickle

    tmp: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump(CachedContent.pack(content), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
        older = sorted(target.parent.glob("content-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in older[CACHE_KEEP:]:
            stale.unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 - a full disk or a read-only home: play on without a cache
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
