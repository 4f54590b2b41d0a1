"""Text: one bundled CJK font, line breaking for Chinese and English, cached renders.

Chinese has no spaces, so a line may break between two hanzi, but not inside a word: the words of
the content (content/words.yaml, found by a segmenter at build time: game/tools/words.py) are kept
whole, matched longest first. Closing punctuation never starts a line and opening punctuation
never ends one, and a paragraph never ends on a line of one lone character (the word before it
comes down too). English breaks at spaces; a word too long for the line is split. Rendered lines
and layouts are cached, so an unchanged screen costs no font work per frame.

The dyslexia-friendly setting (set_latin) draws Latin letters, digits and punctuation in a second
font made for legibility (Atkinson Hyperlegible: b d p q, 1 I l and 0 O told apart) with wider
letter spacing; Chinese stays in the CJK font. Measuring, wrapping and fitting follow the same
widths, so everything still fits its box.
"""

from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

import pygame

NO_LINE_START = set("，。、；：？！）」』》〉】’”…%,.;:?!)]}·—～~")
NO_LINE_END = set("（「『《〈【‘“([{")


# The CJK font draws curly quotes full-width; beside Latin text use the straight ones.
_LATIN = r"A-Za-z0-9.,!?;:()"
_DOUBLE = re.compile(rf"[“”](?=[{_LATIN}])|(?<=[{_LATIN}])[“”]")
_SINGLE = re.compile(rf"[‘’](?=[{_LATIN}])|(?<=[{_LATIN}])[‘’]")


_PAIRS = (re.compile("“([^“”]*)”"), re.compile("‘([^‘’]*)’"))
_STRAIGHT = {0: '"', 1: "'"}
_KEEP = {0: ("\ue000", "\ue001"), 1: ("\ue002", "\ue003")}  # private-use stand-ins for quotes kept curly
_RESTORE = str.maketrans({"\ue000": "“", "\ue001": "”", "\ue002": "‘", "\ue003": "’"})


def _pair(match: re.Match[str], kind: int) -> str:
    """A pair of curly quotes stays curly around Chinese words (LSD“邮票”); around Latin text both become
    straight ("head-rush"), never one of each."""
    inside: str = match.group(1)
    if any(_is_wide(ch) for ch in inside):  # kept curly, hidden from the apostrophe rule below until restored
        return _KEEP[kind][0] + inside + _KEEP[kind][1]
    return _STRAIGHT[kind] + inside + _STRAIGHT[kind]


def shape(text: str) -> str:
    """Quotes made consistent for the bundled CJK font, which draws curly quotes full-width: a quoted
    pair keeps its curly quotes around Chinese words and becomes straight around Latin text, and a lone
    curly quote touching Latin letters (an apostrophe: "don’t") becomes straight. NUL characters are
    dropped: SDL_ttf refuses them (a name typed past every filter must still draw)."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    if "“" in text or "”" in text or "‘" in text or "’" in text:
        for kind, pattern in enumerate(_PAIRS):
            text = pattern.sub(partial(_pair, kind=kind), text)
        text = _SINGLE.sub("'", _DOUBLE.sub('"', text)).translate(_RESTORE)
    return text


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


class Words:
    """Chinese words kept whole on a line: a set, and the longest word's length (for the longest match)."""

    def __init__(self, words: Iterable[str] = ()):
        self.words = frozenset(words)
        self.longest = max((len(w) for w in self.words), default=1)

    def split(self, run: str) -> list[str]:
        """A run of hanzi as words, longest match first from the left; a character no word starts alone."""
        out, i = [], 0
        while i < len(run):
            for size in range(min(self.longest, len(run) - i), 1, -1):
                if run[i : i + size] in self.words:
                    break
            else:
                size = 1
            out.append(run[i : i + size])
            i += size
        return out


NO_WORDS = Words()


def atoms(text: str, words: Words = NO_WORDS) -> list[str]:
    """Split into unbreakable pieces: a Latin word with its trailing space, a Chinese word (or one wide
    char), with closing punctuation glued to what precedes it and opening punctuation to what follows."""
    return _glue(_pieces(text, words))


def _pieces(text: str, words: Words) -> list[str]:
    """The pieces before gluing: a Latin word with its trailing space, a Chinese word (or one hanzi), and
    each other wide character or non-ASCII line-start/line-end punctuation mark alone."""
    pieces: list[str] = []
    word = ""
    han = ""
    for ch in text:
        if han and not _is_han(ch):
            pieces.extend(words.split(han) if words.words else han)
            han = ""
        if _is_han(ch):
            if word:
                pieces.append(word)
                word = ""
            han += ch
        elif _is_wide(ch) or (not ch.isascii() and (ch in NO_LINE_START or ch in NO_LINE_END)):
            if word:
                pieces.append(word)
                word = ""
            pieces.append(ch)
        elif ch == " ":
            pieces.append(word + " ")
            word = ""
        else:
            word += ch
    if han:
        pieces.extend(words.split(han) if words.words else han)
    if word:
        pieces.append(word)
    return pieces


def _glue(pieces: list[str]) -> list[str]:
    """Closing punctuation (NO_LINE_START) joined to the piece before it, opening punctuation
    (NO_LINE_END) to the piece after it."""
    glued: list[str] = []
    carry = ""
    for piece in pieces:
        if piece in NO_LINE_END or (carry and piece.strip() in NO_LINE_END):
            carry += piece
            continue
        piece = carry + piece
        carry = ""
        if glued and piece[0] in NO_LINE_START:
            glued[-1] += piece
        else:
            glued.append(piece)
    if carry:
        glued.append(carry)
    return glued


def _lone(line: str) -> bool:
    """A line of one wide character, maybe with its closing punctuation: an orphan."""
    core = line.strip().rstrip("".join(NO_LINE_START))
    return len(core) == 1 and _is_wide(core)


def _no_orphan(lines: list[str], start: int, width: int, measure: Callable[[str], int], words: Words) -> None:
    """If the paragraph (lines[start:]) ends on a lone character, bring the last piece of the line
    above down to it, when that still fits and leaves the line above something."""
    if len(lines) - start < 2 or not _lone(lines[-1]):
        return
    above = atoms(lines[-2], words)
    if len(above) < 2:
        return
    moved = above[-1]
    if not _is_wide(moved[-1:] or " "):  # a Latin word: whether a space stood after it is gone with the line end
        return
    joined = moved + lines[-1]
    if measure(joined.rstrip()) <= width:
        lines[-2] = "".join(above[:-1]).rstrip()
        lines[-1] = joined


def wrap(text: str, width: int, measure: Callable[[str], int], words: Words = NO_WORDS) -> list[str]:
    """Greedy line breaking between words, no lone last character. measure(str) -> pixel width.
    Explicit newlines are kept."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        start = len(lines)
        line = ""
        for atom in atoms(paragraph, words):
            if line.strip() and measure((line + atom).rstrip()) > width:
                lines.append(line.rstrip())
                line = ""
            line = (line + atom) if line.strip() else atom.lstrip()
            while measure(line.rstrip()) > width and len(line.rstrip()) > 1:
                # one atom wider than the line (a URL, a long word): split it by characters, at the
                # longest prefix that fits, found by bisection (a 10,000-letter word once took minutes)
                lo, hi = 1, len(line) - 1
                while lo < hi:
                    mid = (lo + hi + 1) // 2
                    if measure(line[:mid]) > width:
                        hi = mid - 1
                    else:
                        lo = mid
                cut = lo
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line.rstrip())
        _no_orphan(lines, start, width, measure, words)
    return lines


LATIN_TRACKING = 0.09  # letter spacing in the dyslexia-friendly mode, in ems
LATIN_WORD_SPACING = 0.12  # and this much more after a space


class TextRenderer:
    """Fonts by size, rendered lines and wrapped layouts, all cached (LRU, bounded)."""

    def __init__(
        self,
        font_path: Path,
        scale: float = 1.0,
        cache_size: int = 600,
        share_until_opened: bool = False,
        latin_path: Path | None = None,
    ):
        self.font_path = font_path
        self.latin_path = latin_path  # the dyslexia-friendly font for Latin text (set_latin)
        self.latin = False
        self._latin_fonts: dict[int, pygame.font.Font] = {}
        self._latin_has: dict[str, bool] = {}
        self.scale = scale
        self.cache_size = cache_size
        self._fonts: dict[int, Any] = {}
        # share_until_opened: until open_fonts(), sizes share one font resized on use (build_app: the first
        # frame). Opening the 3 MB CJK font costs ~4 ms a size and the title shows 7; the same face at the
        # same size draws the same pixels.
        self._sharing = share_until_opened
        self._shared: pygame.font.Font | None = None
        self._renders: OrderedDict[tuple[str, int, tuple[int, int, int]], pygame.Surface] = OrderedDict()
        self._layouts: OrderedDict[tuple[str, int, int], list[str]] = OrderedDict()
        self._fitted: dict[tuple[str, int, int, int, int, str], int] = {}
        self._placed: dict[
            tuple[str, int, int, int, str], tuple[int, list[str]]
        ] = {}  # draw(): the size and lines a box ends up with
        self._ink: dict[int, tuple[int, int]] = {}
        # When a list, draw() appends every text it could not fit into its box (tests, audits).
        self.audit: list[dict[str, Any]] | None = None
        self.words = NO_WORDS

    def set_words(self, words: Iterable[str]) -> None:
        """The Chinese words to keep whole on a line (the content's words.yaml); layouts are redone."""
        self.words = Words(words)
        self._layouts.clear()
        self._fitted.clear()
        self._placed.clear()

    def set_scale(self, scale: float) -> None:
        """Scale every text size (large text: 1.25); cached renders and layouts are dropped."""
        if scale != self.scale:
            self.scale = scale
            self._forget()

    def set_latin(self, on: bool) -> None:
        """Dyslexia-friendly Latin text on or off (needs latin_path); cached renders and layouts are dropped."""
        on = bool(on) and self.latin_path is not None
        if on != self.latin:
            self.latin = on
            self._forget()

    def _forget(self) -> None:
        self._renders.clear()
        self._layouts.clear()
        self._fitted.clear()
        self._placed.clear()

    # -- the dyslexia-friendly Latin font ---------------------------------------------------------
    def latin_font(self, size: int) -> pygame.font.Font:
        px = max(8, round(size * self.scale))
        font = self._latin_fonts.get(px)
        if font is None:
            font = self._latin_fonts[px] = pygame.font.Font(str(self.latin_path), px)
        return font

    def _is_latin(self, ch: str) -> bool:
        """Drawn in the Latin font: narrow characters that font has (everything else: the CJK font)."""
        known = self._latin_has.get(ch)
        if known is None:
            known = not _is_wide(ch) and ch.isprintable()
            if known:
                try:
                    known = self.latin_font(32).metrics(ch)[0] is not None
                except Exception:  # noqa: BLE001 - a character the font cannot measure: not Latin
                    known = False
            self._latin_has[ch] = known
        return known

    def _runs(self, text: str) -> list[tuple[bool, str]]:
        runs: list[tuple[bool, str]] = []
        for ch in text:
            latin = self._is_latin(ch)
            if runs and runs[-1][0] == latin:
                runs[-1] = (latin, runs[-1][1] + ch)
            else:
                runs.append((latin, ch))
        return runs

    def _latin_advances(self, run: str, size: int) -> list[int]:
        font = self.latin_font(size)
        px = max(8, round(size * self.scale))
        track = round(px * LATIN_TRACKING)
        word = round(px * LATIN_WORD_SPACING)
        return [(m[4] if m else 0) + track + (word if ch == " " else 0) for ch, m in zip(run, font.metrics(run))]

    def _width(self, text: str, size: int) -> int:
        """The drawn width of one line of text (both fonts, with the Latin spacing when it is on)."""
        if not self.latin:
            return self.font(size).size(text)[0]
        total = 0
        for latin, run in self._runs(text):
            total += sum(self._latin_advances(run, size)) if latin else self.font(size).size(run)[0]
        return total

    def _render_mixed(self, text: str, size: int, color: tuple[int, int, int]) -> pygame.Surface:
        font = self.font(size)
        height = font.get_height()
        surface = pygame.Surface((max(1, self._width(text, size)), height), pygame.SRCALPHA)
        x = 0
        for latin, run in self._runs(text):
            if not latin:
                img = font.render(run, True, color)
                surface.blit(img, (x, 0))
                x += img.get_width()
                continue
            lfont = self.latin_font(size)
            y = font.get_ascent() - lfont.get_ascent()  # on the CJK font's baseline
            for ch, advance in zip(run, self._latin_advances(run, size)):
                if ch != " ":
                    surface.blit(lfont.render(ch, True, color), (x, y))
                x += advance
        return surface

    def font(self, size: int) -> pygame.font.Font:
        px = max(8, round(size * self.scale))
        font = self._fonts.get(px)
        if font is None:
            if self._sharing:
                if self._shared is None:
                    self._shared = pygame.font.Font(str(self.font_path), px)
                elif self._shared.point_size != px:
                    self._shared.point_size = px
                return self._shared
            font = self._fonts[px] = pygame.font.Font(str(self.font_path), px)
        return font

    def open_fonts(self) -> None:
        """End the sharing: later calls open a font per size as usual (the App calls this after its
        first frame; the shared font stays on as the font of the size it was last set to)."""
        if self._sharing and self._shared is not None:
            self._fonts[self._shared.point_size] = self._shared
        self._sharing = False
        self._shared = None

    def line_height(self, size: int) -> int:
        return round(self.font(size).get_linesize() * 1.08)

    def render(self, text: str, size: int, color: tuple[int, int, int]) -> pygame.Surface:
        key = (text, size, color)
        surface = self._renders.get(key)
        if surface is not None:
            self._renders.move_to_end(key)
            return surface
        if self.latin:
            surface = self._render_mixed(shape(text), size, color)
        else:
            surface = self.font(size).render(shape(text), True, color)
        self._renders[key] = surface
        if len(self._renders) > self.cache_size:
            self._renders.popitem(last=False)
        return surface

    def measure(self, text: str, size: int) -> int:
        return self._width(shape(text), size)

    def layout(self, text: str, size: int, width: int) -> list[str]:
        key = (text, size, width)
        lines = self._layouts.get(key)
        if lines is None:
            lines = wrap(shape(text), width, lambda s: self._width(s, size), self.words)
            self._layouts[key] = lines
            if len(self._layouts) > self.cache_size:
                self._layouts.popitem(last=False)
        else:
            self._layouts.move_to_end(key)
        return lines

    def ink(self, size: int) -> tuple[int, int]:
        """Where a line's ink starts and ends below the top of its line step, on the real font.

        Measured on Chinese and Latin letters with descenders; the blank margin the font
        keeps above and below the ink may stick out of a box, the ink may not.
        """
        px = round(size * self.scale)
        cached = self._ink.get(px)
        if cached is None:
            img = self.font(size).render("禁毒Agy", True, (255, 255, 255))
            box = img.get_bounding_rect()
            pad = (self.line_height(size) - img.get_height()) // 2
            cached = self._ink[px] = (pad + box.top, pad + box.bottom)
        return cached

    def fits(self, text: str, size: int, width: int, height: int, valign: str = "top") -> bool:
        """True when text at size, wrapped to width, keeps its ink inside a box of width x height."""
        lines = self.layout(text, size, width)
        if (len(lines) > 1 or (lines and lines[0])) and any(self._width(line, size) > width for line in lines if line):
            return False
        step = self.line_height(size)
        top, bottom = self.ink(size)
        total = step * len(lines)
        offset = 0 if valign == "top" else height - total if valign == "bottom" else (height - total) // 2
        return offset + top >= 0 and offset + (len(lines) - 1) * step + bottom <= height

    def height(self, text: str, size: int, width: int) -> int:
        """The height text takes at size (not shrunk), wrapped to width: what a panel must give it."""
        return self.line_height(size) * len(self.layout(text, size, width))

    def grown(self, text: str, size: int, rect: Any, most: int) -> int:
        """The height a box of rect's width needs to keep text at `size` (at least rect's own height, at most
        `most`): large text makes a panel grow rather than its words shrink back to small."""
        height: int = max(rect[3], min(most, self.height(text, size, rect[2]) + 8))
        return height

    def fit_size(self, text: str, size: int, width: int, height: int, min_size: int = 16, valign: str = "top") -> int:
        """The largest size <= size at which text wraps into the box (min_size if none does)."""
        key = (text, size, width, height, min_size, valign)
        fitted = self._fitted.get(key)
        if fitted is not None:
            return fitted
        fitted = size
        while fitted > min_size and not self.fits(text, fitted, width, height, valign):
            fitted = max(min_size, fitted - 2)
        if len(self._fitted) > 4 * self.cache_size:
            self._fitted.clear()
        self._fitted[key] = fitted
        return fitted

    def _place(self, text: str, size: int, rect: pygame.Rect, valign: str) -> tuple[int, list[str]]:
        """The size and lines text gets in rect; the last line ends in "…" when even the smallest size overflows."""
        size = self.fit_size(text, size, rect.width, rect.height, valign=valign)
        lines = self.layout(text, size, rect.width)
        if not self.fits(text, size, rect.width, rect.height, valign):
            # even the smallest size is too big: keep the lines that fit, end the last with "…"
            keep = max(1, len(lines) - 1)
            while keep > 1 and not self.fits("\n".join(lines[:keep]), size, rect.width, rect.height, valign):
                keep -= 1
            last = lines[keep - 1]
            while last and self.measure(last + "…", size) > rect.width:
                last = last[:-1]
            lines = lines[: keep - 1] + [last.rstrip() + "…"]
            if self.audit is not None:
                clipped = self.fits("\n".join(lines), size, rect.width, rect.height, valign)
                self.audit.append(
                    {
                        "text": text,
                        "size": size,
                        "rect": tuple(rect),
                        "valign": valign,
                        "scale": self.scale,
                        "kind": "clipped" if clipped else "overflow",
                    }
                )
        return size, lines

    def draw(
        self,
        surface: pygame.Surface,
        text: str,
        size: int,
        color: tuple[int, int, int],
        rect: Any,
        align: str = "left",
        valign: str = "top",
        shrink: bool = False,
    ) -> int:
        """Draw wrapped text inside rect; returns the height used.

        Text that does not fit its box at `size` (large text makes that common) is drawn at the
        largest size that fits, always: `shrink` is kept for callers that say so explicitly.
        """
        rect = pygame.Rect(rect)
        # No box shows more than this many characters even at the smallest size (a glyph is at
        # least ~4 px wide there), so a 10,000-character name costs no more than one that fills it.
        # (16 px text steps down at least 16 px a line: a bound that needs no font opened at size 16)
        most = (rect.width // 4 + 1) * (rect.height // max(1, round(16 * self.scale)) + 1)
        if len(text) > most:
            text = text[:most]
        key = (text, size, rect.width, rect.height, valign)
        placed = self._placed.get(key) if self.audit is None else None
        if placed is not None:  # the same text in the same box as a frame ago: no measuring again
            size, lines = placed
        else:
            size, lines = self._place(text, size, rect, valign)
            if len(self._placed) > 4 * self.cache_size:
                self._placed.clear()
            self._placed[key] = (size, lines)
        step = self.line_height(size)
        total = step * len(lines)
        y = rect.top
        if valign == "middle":
            y = rect.top + (rect.height - total) // 2
        elif valign == "bottom":
            y = rect.bottom - total
        for line in lines:
            if line:
                img = self.render(line, size, color)
                if align == "center":
                    x = rect.centerx - img.get_width() // 2
                elif align == "right":
                    x = rect.right - img.get_width()
                else:
                    x = rect.left
                surface.blit(img, (x, y + (step - img.get_height()) // 2))
            y += step
        return total
