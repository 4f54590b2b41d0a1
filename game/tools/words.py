"""Write content/words.yaml: the Chinese words of the content, so that lines break between words.

Chinese has no spaces; a line may break between any two characters, and a greedy breaker splits
words (笑/气, 拒/绝, 货/架). The game does not carry a segmenter: this tool runs one (jieba, MIT)
over every Chinese text of the content once and writes the words it finds, two to eight
characters each; the text module keeps those words whole when it wraps a line (game/ui/text.py).
Run it again after editing Chinese text (a new word the list lacks only breaks as before):

    pip install jieba
    python -m game.tools.words [--content content]

The output is sorted and deterministic for the same content and jieba version.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any, Iterator

HAN = re.compile(r"^[\u4e00-\u9fff]{2,8}$")
HEADER = """\
# The Chinese words of the content, so that a line never breaks inside one (笑气, 拒绝, 货架).
# Made by `python -m game.tools.words` (jieba over every Chinese text here): run it again after
# editing Chinese text. A word missing from this list is only broken between its characters, as
# before; `python main.py validate` checks each entry is 2 to 8 Chinese characters.
"""


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


def collect(texts: Iterator[str]) -> list[str]:
    import jieba

    jieba.setLogLevel(60)  # no "Building prefix dict" chatter
    found = set()
    for text in texts:
        for word in jieba.lcut(text, HMM=True):
            if HAN.match(word):
                found.add(word)
    return sorted(found)


def render(words: list[str]) -> str:
    """The file: the header, then one word a line (a new word is a one-line diff)."""
    return HEADER + "words:\n" + "".join(f"  - {word}\n" for word in words)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m game.tools.words", description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=Path("content"))
    args = parser.parse_args(argv)
    try:
        import jieba  # noqa: F401
    except ImportError:
        print("this tool needs jieba: pip install jieba", file=sys.stderr)
        return 1
    from game.content.loader import load_content

    words = collect(chinese_texts(load_content(args.content)))
    (args.content / "words.yaml").write_text(render(words), encoding="utf-8")
    print(f"wrote {args.content / 'words.yaml'}: {len(words)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
