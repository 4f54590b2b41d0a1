"""Hostile content: hypothesis throws random YAML, random text and bytes, and mutations of the
shipped content at the loader. Whatever comes in, check_content returns either a valid model and
no problems, or problems that are all `path:line: message` (a real line of that file): never an
exception of its own, never a crash. Inputs built to exhaust the loader (10 MB strings, alias
bombs, deep nesting) must be refused by the loader's own limits (yamlio MAX_BYTES, MAX_NODES,
MAX_DEPTH), which is what keeps every file fast; their timings are in `python main.py bench content`.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from game import paths
from game.content.loader import check_content
from game.content.yamlio import MAX_BYTES, MAX_DEPTH, MAX_NODES, load

MINI = Path(__file__).resolve().parent / "data" / "mini"
ERROR = re.compile(r"^(?P<path>[^\n]+?):(?P<line>[1-9]\d*): (?P<message>\S[^\n]*)$")
TARGETS = ["drugs/x.yaml", "quizzes/x.yaml", "levels/x.yaml", "tracks/x.yaml", "strings.yaml", "sources.yaml"]
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def _dump(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)


class Folder:
    """A content folder copy in which one file at a time is replaced, then put back."""

    def __init__(self, src: Path, dest: Path):
        self.root = dest
        shutil.copytree(src, dest)

    def check(self, rel: str, data: bytes) -> tuple[Any, list]:
        target = self.root / rel
        saved = target.read_bytes() if target.exists() else None
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        try:
            return assert_clean_result(self.root, rel, data)
        finally:
            if saved is None:
                target.unlink()
            else:
                target.write_bytes(saved)


def assert_clean_result(root: Path, rel: str, data: bytes) -> tuple[Any, list]:
    """check_content must return (model, []) or (None, problems as path:line: message)."""
    content, errors = check_content(root)  # any exception here fails the test
    assert (content is None) == bool(errors)
    for error in errors:
        text = str(error)
        match = ERROR.match(text)
        assert match, f"not 'path:line: message': {text!r}"
        assert "Traceback" not in text
        assert Path(error.path).name, text
        if Path(error.path).resolve() == (root / rel).resolve():
            lines = data.count(b"\n") + data.count(b"\r") + 2  # a generous bound: CR, CRLF and U+2028 count too
            assert 1 <= error.line <= lines + data.decode("utf-8", "replace").count("\u2028"), text
    return content, errors


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    return Folder(MINI, tmp_path_factory.mktemp("fuzz") / "content")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    return Folder(paths.CONTENT, tmp_path_factory.mktemp("fuzz-shipped") / "content")


SHIPPED_FILES = sorted(
    p.relative_to(paths.CONTENT).as_posix()
    for folder in ("drugs", "quizzes", "levels", "tracks")
    for p in (paths.CONTENT / folder).glob("*.yaml")
) + ["sources.yaml"]

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12) | st.integers(), inner, max_size=5)
    ),
    max_leaves=25,
)
# documents shaped like content: the real field names, random values
FIELDS = [
    "id",
    "type",
    "title",
    "intro",
    "quiz",
    "questions",
    "options",
    "prompt",
    "answer",
    "kind",
    "topic",
    "drugs",
    "ages",
    "levels",
    "age_group",
    "name",
    "looks",
    "harms",
    "source",
    "sources",
    "strings",
    "waves",
    "nodes",
    "zh-CN",
    "en",
    "correct",
    "count",
    "duration_s",
    "explanation",
    "publisher",
    "url",
    "date",
]
shaped = st.recursive(
    scalars | st.sampled_from(["heroin", "q", "q1", "s1", "junior", "l1", "quiz", "chase", "a", "true", "no"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(FIELDS), inner, max_size=6),
    max_leaves=30,
)


@FUZZ
@given(target=st.sampled_from(TARGETS), doc=values | shaped)
def test_random_yaml_documents(mini, target, doc):
    mini.check(target, _dump(doc).encode("utf-8"))


@FUZZ
@given(target=st.sampled_from(TARGETS), text=st.text(max_size=300))
def test_random_text(mini, target, text):
    mini.check(target, text.encode("utf-8"))


@FUZZ
@given(target=st.sampled_from(TARGETS), data=st.binary(max_size=300))
def test_random_bytes(mini, target, data):
    mini.check(target, data)


# -- mutations of the shipped content --------------------------------------------------------
def _paths_in(value: Any, here: tuple = ()) -> list[tuple]:
    out = [here]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths_in(v, here + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths_in(v, here + (i,))
    return out


def _get(value: Any, loc: tuple) -> Any:
    for key in loc:
        value = value[key]
    return value


def _set(root: Any, loc: tuple, new: Any) -> Any:
    if not loc:
        return new
    _get(root, loc[:-1])[loc[-1]] = new
    return root


def _nest(value: Any, depth: int) -> Any:
    for _ in range(depth):
        value = [value]
    return value


MUTATIONS = ["swap_type", "drop_key", "break_id", "nest", "huge_string", "duplicate_item", "empty"]
BROKEN_IDS = [
    "",
    " ",
    "Heroin",
    "海洛因",
    "a b",
    "../x",
    "x" * 200,
    "-x",
    "🙂",
    "id\u200b",
    "\u202eevil",
    0,
    None,
    True,
]


def mutate(data: Any, draw: Any) -> Any:
    import copy

    data = copy.deepcopy(data)
    loc = draw(st.sampled_from(_paths_in(data)))
    kind = draw(st.sampled_from(MUTATIONS))
    old = _get(data, loc)
    if kind == "swap_type":
        new = draw(values.filter(lambda v: type(v) is not type(old)))
        return _set(data, loc, new)
    if kind == "drop_key" and loc:
        parent = _get(data, loc[:-1])
        del parent[loc[-1]]
        return data
    if kind == "break_id":
        ids = [p for p in _paths_in(data) if p and p[-1] == "id"] or [loc]
        return _set(data, draw(st.sampled_from(ids)), draw(st.sampled_from(BROKEN_IDS)))
    if kind == "nest":
        return _set(data, loc, _nest(old, draw(st.integers(1, MAX_DEPTH + 10))))
    if kind == "huge_string":
        return _set(data, loc, "长" * draw(st.sampled_from([1, 1000, 400_000, 10 * 1024 * 1024 // 3])))
    if kind == "duplicate_item" and isinstance(old, list) and old:
        old.append(old[0])
        return data
    return _set(data, loc, draw(st.sampled_from([None, "", [], {}])))


@FUZZ
@given(rel=st.sampled_from(SHIPPED_FILES), data=st.data())
def test_mutated_shipped_files_in_a_small_folder(mini, rel, data):
    """Fast: the mutated shipped file stands in a small folder (its references dangle, which is
    fine: the loader must say so in path:line: message form too)."""
    doc = load(paths.CONTENT / rel).data
    mini.check(rel, _dump(mutate(doc, data.draw)).encode("utf-8"))


@settings(
    max_examples=int(os.environ.get("FUZZ_SHIPPED_EXAMPLES", "8")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(rel=st.sampled_from(SHIPPED_FILES), data=st.data())
def test_mutated_shipped_files_in_the_shipped_folder(shipped, rel, data):
    """Slower (the whole content each time): one mutated file among all the others, so cross-checks
    such as dangling ids and duplicate ids run on a complete graph."""
    doc = load(paths.CONTENT / rel).data
    shipped.check(rel, _dump(mutate(doc, data.draw)).encode("utf-8"))


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rel=st.sampled_from(SHIPPED_FILES), data=st.data())
def test_many_mutated_shipped_files(shipped, rel, data):
    doc = load(paths.CONTENT / rel).data
    shipped.check(rel, _dump(mutate(doc, data.draw)).encode("utf-8"))


@FUZZ
@given(
    rel=st.sampled_from(SHIPPED_FILES),
    where=st.floats(0, 1),
    junk=st.sampled_from([b"\xff", b"\xc3", b"\xe9t\xe9", b"\xed\xa0\x80", b"\xf0\x9f\x98", b"\xc0\xaf", b"\x80\x80"]),
)
def test_invalid_utf8_is_reported_on_its_line(mini, rel, where, junk):
    raw = (paths.CONTENT / rel).read_bytes()
    cut = round(len(raw) * where)
    while 0 < cut < len(raw) and (raw[cut] & 0xC0) == 0x80:  # not inside a character
        cut -= 1
    data = raw[:cut] + junk + raw[cut:]
    _, errors = mini.check(rel, data)
    mine = [e for e in errors if e.path.endswith(rel)]
    assert [e.message for e in mine] == ["file is not valid UTF-8 text (save it as UTF-8)"]
    assert mine[0].line == data[:cut].count(b"\n") + 1


# -- inputs built to exhaust the loader: refused by its own limits ----------------------------
def _laughs(width: int, depth: int) -> bytes:
    lines = ["id: x", "l0: &l0 [" + ", ".join(['"lol"'] * width) + "]"]
    for d in range(1, depth):
        lines.append(f"l{d}: &l{d} [" + ", ".join([f"*l{d - 1}"] * width) + "]")
    return ("\n".join(lines) + "\n").encode()


@settings(max_examples=20, deadline=None)
@given(width=st.integers(5, 30), depth=st.integers(4, 12), target=st.sampled_from(TARGETS))
def test_alias_bombs_hit_the_value_limit(mini, width, depth, target):
    assume(width**depth > MAX_NODES * 2)
    _, errors = mini.check(target, _laughs(width, depth))
    assert any(f"more than {MAX_NODES:,} values" in e.message for e in errors), errors


@pytest.mark.parametrize("size", [MAX_BYTES + 1, 10 * 1024 * 1024])
def test_ten_megabyte_strings_hit_the_size_limit(mini, size):
    data = b"id: x\nname: {zh-CN: '" + b"a" * size + b"', en: b}\n"
    _, errors = mini.check("drugs/x.yaml", data)
    assert [e.message for e in errors if e.path.endswith("drugs/x.yaml")] == [
        f"file is too large ({len(data):,} bytes; the limit is {MAX_BYTES:,})"
    ]


@pytest.mark.parametrize("shape", ["flow", "block", "mapping", "indented"])
@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5_000, 200_000])
def test_deep_nesting_hits_the_depth_limit(mini, shape, depth):
    if shape == "flow":
        body = b"[" * depth + b"]" * depth
    elif shape == "block":  # `- - - ... x`: a block sequence nested `depth` deep on one line
        body = b"\n  " + b"- " * depth + b"x"
    elif shape == "mapping":
        body = b"{k: " * depth + b"v" + b"}" * depth
    else:  # real indentation, one level per line, as deep as 2 MB allows
        depth = min(depth, 1400)
        body = b"\n" + b"".join(b" " * (i + 1) + b"k:\n" for i in range(depth)) + b" " * (depth + 1) + b"v"
    data = b"id: x\nname: " + body + b"\n"
    assert len(data) <= MAX_BYTES
    _, errors = mini.check("drugs/x.yaml", data)
    messages = [e.message for e in errors if e.path.endswith("drugs/x.yaml")]
    assert messages == [f"nesting is deeper than {MAX_DEPTH} levels"], messages


def test_the_fuzz_check_can_fail(tmp_path):
    """The property checker rejects what it should: a message without a line, a line past the file."""
    from game.content.yamlio import ContentError

    assert not ERROR.match("content/drugs/x.yaml: no line")
    assert not ERROR.match("content/drugs/x.yaml:0: line zero")
    assert ERROR.match(str(ContentError("content/drugs/x.yaml", 3, "a message")))


def test_small_aliases_still_load():
    """The alias accounting refuses bombs, not ordinary anchors."""
    from game.content.yamlio import parse

    doc = parse("a: &a [1, 2, {k: v}]\nb: *a\nc: &s text\nd: [*s, *s, *a]\n", "t.yaml")
    assert doc.data["b"] == [1, 2, {"k": "v"}] and doc.data["d"] == ["text", "text", [1, 2, {"k": "v"}]]


def test_a_message_with_a_line_break_stays_on_its_line():
    """A key made of a carriage return once split the `path:line: message` line (found by the
    fuzzer above with the document {'\\r': None}): control characters are written out."""
    from game.content.yamlio import ContentError

    text = str(ContentError("content/drugs/x.yaml", 3, "\r: unknown field '\r'\n\u2028"))
    assert ERROR.match(text), text
    assert text == "content/drugs/x.yaml:3: \\r: unknown field '\\r'\\n\\u2028"
    tab = str(ContentError("content/drugs/x.yaml", 1, "\t: unknown field '\t'"))  # a key made of a tab, found later
    assert ERROR.match(tab), tab
