"""Cross-reference checks over loaded content: dangling ids, missing sources and assets,
characters the bundled font cannot draw. Each problem points at the YAML line it is about.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from game import paths
from game.content.schema import Text
from game.content.yamlio import ContentError

ASSET_FIELDS = ("image", "sound")


def walk(obj: Any, loc: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every model and value inside obj with its path, keys spelled as in the YAML."""
    yield loc, obj
    if isinstance(obj, Text):
        return
    if isinstance(obj, BaseModel):
        for name, info in type(obj).model_fields.items():
            yield from walk(getattr(obj, name), loc + (info.alias or name,))
    elif isinstance(obj, (list, tuple)):
        for i, item in enumerate(obj):
            yield from walk(item, loc + (i,))
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from walk(item, loc + (key,))


@lru_cache(maxsize=4)
def font_coverage(path: Path = paths.FONT_COVERAGE) -> frozenset[int]:
    """Code points the bundled font draws, from the file the subset script writes."""
    points: set[int] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        first, _, last = line.partition("-")
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return frozenset(points)


@lru_cache(maxsize=4)
def _covered_chars(covered: frozenset[int]) -> frozenset[str]:
    return frozenset(map(chr, covered))


def _missing_glyphs(text: str, covered: frozenset[int]) -> list[str]:
    # a set difference runs in C: most texts have no missing character, found in one pass
    return sorted(ch for ch in set(text).difference(_covered_chars(covered)) if not ch.isspace())


# One problem a check finds: the content kind and id it is in, the path inside that object, the message
Problem = tuple[str, str, tuple, str]


def lint(content: Any) -> list[ContentError]:
    """Every cross-reference problem in content, each at the YAML line it is about: the checks run in turn
    (the glyphs, sources and assets of every object, then questions, levels, tracks, and the art)."""
    errors: list[ContentError] = []
    try:
        covered: frozenset[int] | None = font_coverage()
    except OSError:
        covered = None
        errors.append(
            ContentError(
                str(paths.FONT_COVERAGE), 1, "font coverage file is missing (run python -m game.tools.font_subset)"
            )
        )
    problems = chain(
        _table_problems(content, covered),
        _question_problems(content),
        _level_problems(content),
        _track_problems(content),
    )
    for kind, ident, loc, message in problems:
        doc, base = content.where[(kind, ident)]
        errors.append(ContentError(doc.path, doc.line_of(base + loc), message))
    from game.content.art_lint import lint_art  # the art named: known, licensed, not blank (its own module)

    errors.extend(lint_art(content))
    return errors


def _table_problems(content: Any, covered: frozenset[int] | None) -> Iterator[Problem]:
    """Inside every string, source, drug, quiz, level and track: glyphs the font lacks, unknown sources,
    missing assets."""
    tables = {
        "string": content.strings,
        "source": content.sources,
        "drug": content.drugs,
        "quiz": content.quizzes,
        "level": content.levels,
        "track": content.tracks,
    }
    for kind, table in tables.items():
        for ident, obj in table.items():
            for loc, value in walk(obj):
                for key, message in _font_problems(kind, loc, value, covered):
                    yield kind, ident, loc + (key,), message
                if isinstance(value, BaseModel) and kind != "source":
                    for key, message in _reference_problems(value, content):
                        yield kind, ident, loc + (key,), message


def _reference_problems(value: BaseModel, content: Any) -> Iterator[tuple[str, str]]:
    """A model's `source` not in sources.yaml (unless that file is broken), its image or sound not in assets/."""
    source = getattr(value, "source", None)
    if isinstance(source, str) and source not in content.sources and not content.is_broken("sources.yaml", ""):
        yield "source", f"unknown source '{source}' (not in sources.yaml)"
    for name in ASSET_FIELDS:
        asset = getattr(value, name, None)
        if isinstance(asset, str) and not _asset_exists(asset):
            yield name, f"asset not found: assets/{asset}"


def _question_problems(content: Any) -> Iterator[Problem]:
    """Questions about drugs that have no file."""
    for qid, question in content.questions.items():
        for i, drug in enumerate(question.drugs):
            if drug not in content.drugs and not content.is_broken("drugs", drug):
                yield "question", qid, ("drugs", i), f"unknown drug '{drug}' (no drugs/{drug}.yaml)"


def _level_problems(content: Any) -> Iterator[Problem]:
    """Each level type's own lint (a scenario's graph, a chase's quiz, ...)."""
    from game.content.levels import LEVEL_MODELS

    for lid, level in content.levels.items():
        for loc, message in LEVEL_MODELS[level.type].lint(level, content):
            yield "level", lid, loc, message


def _track_problems(content: Any) -> Iterator[Problem]:
    """Tracks naming levels that have no file, a re-test that is not a third form, a quick play that is not
    quick."""
    for tid, track in content.tracks.items():
        for loc, message in _one_track_problems(track, content):
            yield "track", tid, loc, message


def _one_track_problems(track: Any, content: Any) -> Iterator[tuple[tuple, str]]:
    for key in ("pre_test", "post_test", "retention_test"):
        ref = getattr(track, key)
        if ref is not None and not _level_known(ref, content):
            yield (key,), f"unknown level '{ref}' (no levels/{ref}.yaml)"
    if track.retention_test is not None and track.retention_test in (track.pre_test, track.post_test):
        yield ("retention_test",), "the re-test must be a third form, not the pre-test or the post-test"
    for i, ref in enumerate(track.levels):
        if not _level_known(ref, content):
            yield ("levels", i), f"unknown level '{ref}' (no levels/{ref}.yaml)"
    if track.quick is not None:
        for loc, message in _quick_problems(track.quick, content):
            yield ("quick",) + loc, message


def _level_known(ref: str, content: Any) -> bool:
    """A level that exists, or whose file is broken (its own error says so: no second one here)."""
    return ref in content.levels or content.is_broken("levels", ref)


def _quick_problems(quick: Any, content: Any) -> list[tuple[tuple, str]]:
    """Quick play needs a chase and a refusal moment of one decision (every reply of its start node
    leads straight to an ending), so that a visit takes about two minutes."""
    problems: list[tuple[tuple, str]] = []
    for key, kind in (("chase", "chase"), ("refusal", "scenario")):
        ref = getattr(quick, key)
        level = content.levels.get(ref)
        if level is None:
            if not content.is_broken("levels", ref):
                problems.append(((key,), f"unknown level '{ref}' (no levels/{ref}.yaml)"))
        elif level.type != kind:
            problems.append(((key,), f"'{ref}' is a {level.type} level; quick play's {key} must be a {kind} level"))
        elif kind == "chase" and level.mini_quiz is None:
            problems.append(((key,), f"'{ref}' has no mini_quiz: quick play asks three questions on the drugs met"))
        elif kind == "scenario":
            nodes = {node.id: node for node in level.nodes}
            start = nodes.get(level.start)
            if start is None:
                continue  # the scenario's own lint names the missing start node
            long_ways = [c.id for c in start.choices if c.to in nodes and nodes[c.to].ending is None]
            if long_ways:
                problems.append(
                    (
                        (key,),
                        f"'{ref}' is not one decision: from its start node, "
                        f"{', '.join(long_ways)} lead(s) to another decision, not to an ending",
                    )
                )
    return problems


def _font_problems(kind: str, loc: tuple, value: Any, covered: frozenset[int] | None) -> list[tuple[str, str]]:
    """Characters of player-facing text (both languages; a source's title and publisher) the font lacks."""
    if covered is None:
        return []
    if isinstance(value, Text):
        texts = [(lang, value.get(lang)) for lang in ("zh-CN", "en")]
    elif kind == "source" and loc == ():
        texts = [("title", value.title), ("publisher", value.publisher)]
    else:
        return []
    problems = []
    for key, string in texts:
        missing = _missing_glyphs(string, covered)
        if missing:
            chars = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing[:5])
            problems.append((key, f"the bundled font lacks {chars}; re-run python -m game.tools.font_subset"))
    return problems


def _asset_exists(relative: str) -> bool:
    path = (paths.ASSETS / relative).resolve()
    return paths.ASSETS.resolve() in path.parents and path.is_file()
