"""`python main.py validate DIR`: exact `path:line: message` output for broken content.

Every case copies the small valid folder tests/data/mini to tmp_path/"content", writes one
file into it, runs validate from tmp_path and compares the printed problem lines, in order.

Cases are the files tests/broken/*.yaml, each starting with header comments:

    # target: quizzes/extra.yaml          where in the content folder the whole file is written
    # expect: quizzes/extra.yaml:9: ...   one line per problem validate must print (none: it must print ok)
    # xfail: why                          validate is wrong today; `expect` says what it should print
    # currently: ...                      what validate prints today (information only)
    # about: ...                          what the case is (information only)

The header comments are part of the file written, so line numbers count them. Paths in
`expect` are relative to the content folder (the test prefixes "content/"); `{dir}` inside a
message stands for the content folder as shown to the user ("content"). A line that ends in
`YAML syntax: {parser's words}` matches any non-empty text there: where the YAML parser itself
explains a syntax error, the test checks our part (path, line, "YAML syntax:") and not the
parser's wording, which changes between PyYAML releases. Inputs that are not
text or are big (invalid UTF-8, NUL, > 2 MB, 100000 nested brackets) are built in GENERATED.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from game import paths
from game.cli import main

TESTS = Path(__file__).resolve().parent
MINI = TESTS / "data" / "mini"
BROKEN = TESTS / "broken"
MAIN_PY = paths.ROOT / "main.py"
HEADER = re.compile(r"^# (target|expect|xfail|currently|about): (.*)$")


@dataclass(frozen=True)
class Case:
    name: str
    target: str
    data: bytes | None  # None: delete the target from the mini folder
    expect: tuple[str, ...]
    xfail: str | None = None
    in_process: bool = True  # False: only ever run in a child process (it may crash the interpreter)


def read_case(path: Path) -> Case:
    data = path.read_bytes()
    fields: dict[str, list[str]] = {}
    for line in data.decode("utf-8").split("\n"):  # not splitlines(): a case may hold U+2028 on purpose
        match = HEADER.match(line)
        if not match:
            break
        fields.setdefault(match.group(1), []).append(match.group(2).rstrip("\r"))
    assert "target" in fields, f"{path.name}: no '# target:' header"
    xfail = fields.get("xfail")
    return Case(path.stem, fields["target"][0], data, tuple(fields.get("expect", ())), xfail[0] if xfail else None)


DRUG = (
    "id: cocaine\n"
    "name: {zh-CN: 可卡因, en: Cocaine}\n"
    "category: stimulant\n"
    "looks:\n"
    "  - {zh-CN: 白色粉末。, en: White powder., source: s1}\n"
    "harms:\n"
    "  - {zh-CN: 高度成瘾。, en: Highly addictive., source: s1}\n"
    "legal_status:\n"
    "  - {zh-CN: 列管毒品。, en: A controlled drug., source: s1}\n"
).encode()
TRACK = (
    "id: senior\n"
    "age_group: senior\n"
    "title: {zh-CN: 高中课程, en: Senior course}\n"
    "description: {zh-CN: 测试, en: Test}\n"
    "levels: [l1]\n"
).encode()
MAX_BYTES = 2 * 1024 * 1024
NESTING = "nesting is deeper than 64 levels"

GENERATED = [
    Case("zero_byte_file", "tracks/senior.yaml", b"", ("tracks/senior.yaml:1: file is empty",)),
    Case(
        "invalid_utf8",
        "drugs/cocaine.yaml",
        DRUG.replace(b"en: White powder.", b"en: White caf\xe9 powder."),
        ("drugs/cocaine.yaml:5: file is not valid UTF-8 text (save it as UTF-8)",),
    ),
    Case(
        "utf16_file",
        "drugs/cocaine.yaml",
        b"\xff\xfe" + DRUG.decode().encode("utf-16-le"),
        ("drugs/cocaine.yaml:1: file is not valid UTF-8 text (save it as UTF-8)",),
    ),
    Case(
        "nul_byte",
        "drugs/cocaine.yaml",
        DRUG.replace(b"looks:", b"looks:\x00"),
        ("drugs/cocaine.yaml:4: file contains a NUL character (is it a binary file?)",),
    ),
    Case(
        "too_large",
        "drugs/cocaine.yaml",
        DRUG + b"# " + b"x" * (MAX_BYTES + 1 - len(DRUG) - 3) + b"\n",
        (f"drugs/cocaine.yaml:1: file is too large ({MAX_BYTES + 1:,} bytes; the limit is {MAX_BYTES:,})",),
    ),
    Case("deep_flow_nesting", "drugs/cocaine.yaml", b"[" * 100_000, (f"drugs/cocaine.yaml:1: {NESTING}",)),
    Case(
        "deep_flow_nesting_later_line",
        "tracks/senior.yaml",
        TRACK + b"minutes: " + b"[" * 100_000 + b"\n",
        (f"tracks/senior.yaml:6: {NESTING}",),
    ),
    Case(
        # `- - - ... a` is a block sequence nested 100000 deep in 200 kB: libyaml's (C) composer
        # would recurse until the stack overflows, so yamlio checks depth on the event stream first.
        "deep_block_nesting",
        "drugs/cocaine.yaml",
        b"- " * 100_000 + b"a\n",
        (f"drugs/cocaine.yaml:1: {NESTING}",),
        in_process=False,
    ),
    Case(
        # just under 2 MB of one-letter list items: no alias at all, but more than MAX_NODES values.
        # The event pre-pass stops at the limit, before anything is composed.
        "too_many_values",
        "drugs/cocaine.yaml",
        b"id: cocaine\nstreet_names:\n" + b"  - a\n" * 349_000,
        ("drugs/cocaine.yaml:49996: more than 50,000 values in one file",),
    ),
    Case("missing_strings_file", "strings.yaml", None, ("strings.yaml:1: file is missing",)),
]

FILE_CASES = [read_case(path) for path in sorted(BROKEN.glob("*.yaml"))]
CASES = {case.name: case for case in FILE_CASES + GENERATED}
assert len(CASES) == len(FILE_CASES) + len(GENERATED), "two cases share a name"


def marked(case: Case):
    marks = [pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else []
    return pytest.param(case, id=case.name, marks=marks)


def build(tmp_path: Path, case: Case | None = None) -> Path:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    if case is not None:
        target = content / case.target
        if case.data is None:
            target.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(case.data)
    return content


PARSERS_WORDS = "{parser's words}"


def expected_lines(case: Case) -> list[str]:
    return ["content/" + line.replace("{dir}", "content") for line in case.expect]


def assert_lines(actual: list[str], case: Case) -> None:
    """actual == the case's expected lines, where a trailing {parser's words} matches any text."""
    expected = expected_lines(case)
    shown = [
        want
        if want.endswith(PARSERS_WORDS)
        and got.startswith(want.removesuffix(PARSERS_WORDS))
        and len(got) > len(want.removesuffix(PARSERS_WORDS))
        else got
        for got, want in zip(actual, expected)
    ] + actual[len(expected) :]
    assert shown == expected, actual


def run_in_process(monkeypatch, capsys, tmp_path: Path, folder: str = "content") -> tuple[int, list[str], float]:
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    started = time.perf_counter()
    code = main(["validate", folder])
    elapsed = time.perf_counter() - started
    return code, capsys.readouterr().out.splitlines(), elapsed


def run_child(tmp_path: Path, folder: str = "content") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(MAIN_PY), "validate", folder],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


TIMES: dict[str, float] = {}


@pytest.fixture(scope="module", autouse=True)
def report_slowest():
    yield
    if TIMES:
        name, seconds = max(TIMES.items(), key=lambda item: item[1])
        print(f"\nslowest validate case: {name} {seconds:.3f}s (of {len(TIMES)})")


# ---------------------------------------------------------------------------------------------


def test_there_are_enough_cases():
    assert len(FILE_CASES) >= 30
    for case in FILE_CASES:
        valid_on_purpose = case.name in VALID_CASES
        assert case.expect or case.xfail or valid_on_purpose, f"{case.name}: no '# expect:' line"


# files under tests/broken/ that look suspicious but are valid: validate must print ok
VALID_CASES = {"brackets_in_comment", "bom_crlf", "harms_acknowledged"}


@pytest.mark.parametrize("case", [marked(case) for case in CASES.values()])
def test_broken_case(case: Case, tmp_path, monkeypatch, capsys):
    build(tmp_path, case)
    if case.in_process:
        code, lines, elapsed = run_in_process(monkeypatch, capsys, tmp_path)
        TIMES[case.name] = elapsed
    else:
        started = time.perf_counter()
        child = run_child(tmp_path)
        TIMES[case.name] = time.perf_counter() - started
        assert "Traceback" not in child.stdout + child.stderr
        code, lines = child.returncode, child.stdout.splitlines()
    if not case.expect:  # a valid file the validator must accept
        assert code == 0, lines
        assert len(lines) == 1 and lines[0].startswith("ok:"), lines
        return
    assert_lines(lines, case)
    assert code == 1


def test_mini_folder_is_valid(tmp_path, monkeypatch, capsys):
    build(tmp_path)
    code, lines, _ = run_in_process(monkeypatch, capsys, tmp_path)
    assert code == 0
    assert len(lines) == 1 and lines[0].startswith("ok:"), lines


def test_mini_folder_with_bom_and_crlf_is_valid(tmp_path, monkeypatch, capsys):
    content = build(tmp_path)
    for path in content.rglob("*.yaml"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    code, lines, _ = run_in_process(monkeypatch, capsys, tmp_path)
    assert (code, lines[0][:3]) == (0, "ok:"), lines


def test_missing_folder(tmp_path, monkeypatch, capsys):
    code, lines, _ = run_in_process(monkeypatch, capsys, tmp_path, folder="no-such-folder")
    assert code == 1
    assert lines == ["no-such-folder:1: content folder not found"]


def test_shipped_content_is_valid(monkeypatch, capsys):
    tracks = paths.CONTENT / "tracks"
    if not tracks.is_dir() or not any(tracks.glob("*.yaml")):
        pytest.skip("the shipped content has no tracks yet")
    monkeypatch.chdir(paths.ROOT)
    code = main(["validate", str(paths.CONTENT)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.startswith("ok:"), out


CHILD_CASES = [
    "billion_laughs",
    "recursive_alias",
    "python_object_tag",
    "control_character",
    "tab_indent",
    "invalid_utf8",
    "nul_byte",
    "too_large",
    "deep_flow_nesting",
    "deep_block_nesting",
]


@pytest.mark.parametrize("case", [marked(CASES[name]) for name in CHILD_CASES])
def test_no_traceback_in_a_child_process(case: Case, tmp_path):
    build(tmp_path, case)
    child = run_child(tmp_path)
    assert "Traceback" not in child.stdout + child.stderr
    assert child.returncode == 1, (child.returncode, child.stdout[-500:], child.stderr[-500:])
    assert_lines(child.stdout.splitlines(), case)
