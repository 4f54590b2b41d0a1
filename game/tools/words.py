"""Write content/words.yaml: the Chinese words of the content, so that lines break between words.

Chinese has no spaces; a line may break between any two characters, and a greedy breaker splits
words (笑/气, 拒/绝, 货/架). The game does not carry a segmenter: this tool runs one (jieba, MIT)
over every Chinese text of the content once and writes the words it finds, two to eight
characters each; the text module keeps those words whole when it wraps a line (game/ui/text.py).
Run it again after editing Chinese text (a new word the list lacks only breaks as before;
`validate` warns when the list is stale, game/content/words.py):

    pip install -e ".[words]"
    python -m game.tools.words [--content content]

The file records `built_from:`, the fingerprint of the text it read, so `validate` can tell it is
stale without a segmenter. The output is sorted and deterministic for the same content and jieba
version (tests/test_words.py rebuilds it and compares).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from game.content.words import REBUILD, chinese_texts, fingerprint

HAN = re.compile(r"^[\u4e00-\u9fff]{2,8}$")
HEADER = """\
# The Chinese words of the content, so that a line never breaks inside one (笑气, 拒绝, 货架).
# Made by `python -m game.tools.words` (jieba over every Chinese text here): run it again after
# editing Chinese text. A word missing from this list is only broken between its characters, as
# before; `python main.py validate` checks each entry is 2 to 8 Chinese characters, and warns when
# built_from (a fingerprint of the text read) no longer matches the content's Chinese text.
"""


def collect(texts: Iterator[str]) -> list[str]:
    import jieba

    jieba.setLogLevel(60)  # no "Building prefix dict" chatter
    found = set()
    for text in texts:
        for word in jieba.lcut(text, HMM=True):
            if HAN.match(word):
                found.add(word)
    return sorted(found)


def render(words: list[str], built_from: str) -> str:
    """The file: the header, the text's fingerprint, then one word a line (a new word is a one-line diff)."""
    return HEADER + f"built_from: {built_from}\n" + "words:\n" + "".join(f"  - {word}\n" for word in words)


def build(content: object) -> str:
    """words.yaml for loaded content (needs jieba)."""
    return render(collect(chinese_texts(content)), fingerprint(chinese_texts(content)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m game.tools.words", description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=Path("content"))
    args = parser.parse_args(argv)
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # the content's art lint loads pygame: no banner
    try:
        import jieba  # noqa: F401
    except ImportError:
        print(f"this tool needs jieba: {REBUILD}", file=sys.stderr)
        return 1
    from game.content.loader import load_content

    text = build(load_content(args.content))
    (args.content / "words.yaml").write_text(text, encoding="utf-8")
    print(f"wrote {args.content / 'words.yaml'}: {text.count(chr(10) + '  - ')} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
