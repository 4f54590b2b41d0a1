"""content/words.yaml is the word list of the content's Chinese text as it is now (game.content.words,
game/tools/words.py): validate warns when it is stale and says how to rebuild it; rebuilding the
shipped list gives the same file, so every word the content needs is in it."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from game.cli import main
from game.content.loader import load_content
from game.content.words import REBUILD, chinese_texts, fingerprint, staleness

MINI = Path(__file__).resolve().parent / "data" / "mini"


def built_from(content) -> str | None:
    return yaml.safe_load((Path(content.root) / "words.yaml").read_text(encoding="utf-8")).get("built_from")


def test_the_shipped_word_list_is_of_the_text_as_it_is(shipped_content):
    assert staleness(built_from(shipped_content), shipped_content) is None


def test_rebuilding_the_shipped_word_list_gives_the_same_file(shipped_content):
    """Every word jieba finds in the content is in the list, and nothing else (jieba is in the test extra)."""
    from game.tools.words import build, collect

    shipped = (Path(shipped_content.root) / "words.yaml").read_text(encoding="utf-8")
    wanted = set(collect(chinese_texts(shipped_content)))
    missing = sorted(wanted - set(shipped_content.words))
    assert not missing, f"words.yaml lacks {missing[:20]}...; rebuild it: {REBUILD}"
    assert build(shipped_content) == shipped, f"words.yaml is not what the tool writes; rebuild it: {REBUILD}"


def _validate(monkeypatch, capsys, folder: Path) -> tuple[int, list[str]]:
    monkeypatch.chdir(folder.parent)
    capsys.readouterr()
    code = main(["validate", folder.name])
    out = capsys.readouterr().out.splitlines()
    return code, out


def test_validate_warns_of_a_stale_list_with_the_command_that_rebuilds_it(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "content"
    shutil.copytree(MINI, folder)
    mark = fingerprint(chinese_texts(load_content(folder)))
    (folder / "words.yaml").write_text(f"built_from: {mark}\nwords:\n  - 海洛因\n", encoding="utf-8")
    code, out = _validate(monkeypatch, capsys, folder)
    assert code == 0 and out[0].startswith("ok: "), out

    strings = folder / "strings.yaml"
    text = strings.read_text(encoding="utf-8")
    assert "禁毒小卫士" in text
    strings.write_text(text.replace("禁毒小卫士", "禁毒小卫士们", 1), encoding="utf-8")  # one Chinese text edited
    code, out = _validate(monkeypatch, capsys, folder)
    assert code == 1
    [line] = out
    assert line.startswith("content/words.yaml:1: warning: words-stale: words.yaml is stale"), line
    assert line.endswith(REBUILD) and "python -m game.tools.words" in REBUILD


def test_validate_warns_of_a_list_that_does_not_say_what_it_was_built_from(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "content"
    shutil.copytree(MINI, folder)
    (folder / "words.yaml").write_text("words:\n  - 海洛因\n", encoding="utf-8")
    code, out = _validate(monkeypatch, capsys, folder)
    assert code == 1
    [line] = out
    assert (
        line.startswith("content/words.yaml:1: warning: words-stale: ")
        and "no built_from" in line
        and line.endswith(REBUILD)
    )
