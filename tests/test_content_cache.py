"""The checked-content cache: read back while neither the content nor the code changes, never
for broken content, and harmless when damaged or unwritable."""

from __future__ import annotations

import shutil

import pytest

from game import paths
from game.content.loader import ContentInvalid, load_content, load_content_cached


@pytest.fixture
def content_copy(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(paths.CONTENT, folder)
    return folder


def test_a_second_start_reads_the_cache_and_gets_the_same_content(content_copy, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = load_content_cached(content_copy, cache)
    (pickled,) = cache.glob("content-*.pickle")
    calls = []
    monkeypatch.setattr("game.content.loader.check_content", lambda root: calls.append(root))  # must not run
    second = load_content_cached(content_copy, cache)
    monkeypatch.undo()
    assert calls == []
    assert second is not first and second.root == content_copy
    assert second.version == first.version == load_content(content_copy).version
    assert second.questions == first.questions and second.levels == first.levels and second.strings == first.strings
    assert pickled.exists()


def test_an_edited_file_is_checked_again(content_copy, tmp_path):
    cache = tmp_path / "cache"
    before = load_content_cached(content_copy, cache)
    strings = content_copy / "strings.yaml"
    strings.write_text(strings.read_text(encoding="utf-8").replace("禁毒", "禁毒！", 1), encoding="utf-8")
    after = load_content_cached(content_copy, cache)
    assert after.version != before.version
    assert after.strings != before.strings
    assert len(list(cache.glob("content-*.pickle"))) == 2


def test_broken_content_is_refused_and_never_cached(content_copy, tmp_path):
    cache = tmp_path / "cache"
    track = content_copy / "tracks" / "junior.yaml"
    track.write_text(
        track.read_text(encoding="utf-8").replace("age_group: junior", "age_group: toddler"), encoding="utf-8"
    )
    with pytest.raises(ContentInvalid) as caught:
        load_content_cached(content_copy, cache)
    assert any("tracks/junior.yaml" in str(e.path) for e in caught.value.errors)
    assert not cache.exists() or not list(cache.glob("content-*.pickle"))


def test_a_damaged_cache_file_is_checked_again_and_rewritten(content_copy, tmp_path):
    cache = tmp_path / "cache"
    good = load_content_cached(content_copy, cache)
    (pickled,) = cache.glob("content-*.pickle")
    pickled.write_bytes(b"\x80\x05garbage")
    again = load_content_cached(content_copy, cache)
    assert again.version == good.version
    assert pickled.read_bytes()[:2] != b"\x80\x05g"  # rewritten with the real thing


def test_an_unwritable_cache_folder_only_costs_time(content_copy, tmp_path):
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("x")
    content = load_content_cached(content_copy, blocked / "cache")
    assert content.version == load_content(content_copy).version
    assert not list(tmp_path.glob("**/*.tmp"))


def test_a_changed_font_coverage_makes_the_cache_stale(content_copy, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    load_content_cached(content_copy, cache)
    coverage = tmp_path / "coverage.txt"
    coverage.write_text("0041-005A\n", encoding="utf-8")  # a font that lacks nearly everything
    monkeypatch.setattr(paths, "FONT_COVERAGE", coverage)
    monkeypatch.setattr("game.content.lint.font_coverage", lambda path=coverage: frozenset(range(0x41, 0x5B)))
    with pytest.raises(ContentInvalid):  # checked again (and refused), not read back from the cache
        load_content_cached(content_copy, cache)


def test_a_cache_damaged_inside_its_packed_tables_is_found_when_read(content_copy, tmp_path, monkeypatch):
    """The tables past the strings are unpickled on first use: their CRC is checked when the file is
    read, so damage there means checking the content again at start, not a crash mid-game."""
    from game.content import loader

    cache = tmp_path / "cache"
    good = load_content_cached(content_copy, cache)
    (pickled,) = cache.glob("content-*.pickle")
    data = bytearray(pickled.read_bytes())
    middle = len(data) // 2  # inside the packed tables
    data[middle : middle + 8] = bytes(b ^ 0x55 for b in data[middle : middle + 8])
    pickled.write_bytes(bytes(data))
    calls = []
    check = loader.check_content
    monkeypatch.setattr(loader, "check_content", lambda root: calls.append(root) or check(root))
    again = load_content_cached(content_copy, cache)
    assert calls == [content_copy]
    assert again.questions == good.questions and again.levels == good.levels
    monkeypatch.undo()
    calls.clear()
    read_back = load_content_cached(content_copy, cache)  # rewritten whole
    assert isinstance(read_back, loader.CachedContent) and read_back.tracks == good.tracks
