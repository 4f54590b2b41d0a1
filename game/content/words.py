"""Is content/words.yaml still the word list of the content's Chinese text?

The list is made by a segmenter the game does not carry (game/tools/words.py runs jieba), so it goes
stale silently: a Chinese text edited after it was built may hold words the list lacks, and lines
then break inside them. The tool writes `built_from:`, a fingerprint of every Chinese text it read;
`validate` recomputes the fingerprint (no segmenter needed) and warns when the two differ, with the
command that rebuilds the list. A stale list does not stop the game, it only wraps lines worse.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

REBUILD = 'pip install -e ".[words]" && python -m game.tools.words'


def chinese_texts(content: Any) -> Iterator[str]:
    """Every zh-CN text of loaded (checked) content: interface strings and every Text in the models."""
    from game.content.lint import walk
    from game.content.schema import Text

    for text in content.strings.values():
        yield text.zh
    for table in (content.sources, content.drugs, content.quizzes, content.levels, content.tracks):
        for model in table.values():
            for _, value in walk(model):
                if isinstance(value, Text):
                    yield value.zh
    nicknames = getattr(content, "nicknames", None)
    if nicknames is not None:
        yield from nicknames.adjectives.zh
        yield from nicknames.animals.zh


def fingerprint(texts: Iterator[str]) -> str:
    """16 hex digits over the distinct texts, in sorted order (the order files load in does not matter)."""
    digest = hashlib.sha256()
    for text in sorted(set(texts)):
        digest.update(text.encode("utf-8") + b"\0")
    return digest.hexdigest()[:16]


def staleness(built_from: str | None, content: Any) -> str | None:
    """Why words.yaml is not the list of this content's Chinese text, or None when it is."""
    now = fingerprint(chinese_texts(content))
    if built_from is None:
        return (
            f"words.yaml does not say which text it was built from (no built_from:), so nobody can tell whether it "
            f"is stale; rebuild it: {REBUILD}"
        )
    if built_from != now:
        return (
            f"words.yaml is stale: the Chinese text changed since it was built (built_from {built_from}, the text "
            f"now {now}), so new words may break across lines; rebuild it: {REBUILD}"
        )
    return None
