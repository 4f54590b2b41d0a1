"""The benchmark suite's own helpers: synthetic content is valid and really bigger; the parts run."""

from __future__ import annotations

import argparse

from game import paths
from game.content.loader import check_content, load_content
from game.devtools.bench_suite import bench_hostile, synthesize_content


def test_synthetic_content_is_valid_and_multiplied(tmp_path):
    shipped = load_content(paths.CONTENT)
    synthesize_content(paths.CONTENT, tmp_path / "content", copies=2)
    content, errors = check_content(tmp_path / "content")
    assert errors == []
    assert len(content.questions) == 2 * len(shipped.questions)
    assert len(content.levels) == 2 * len(shipped.levels)
    assert len(content.drugs) == 2 * len(shipped.drugs)


def test_hostile_files_are_refused_or_read_by_the_loaders_limits():
    result = bench_hostile(repeat=1)
    assert result["billion_laughs"]["result"].startswith("more than")
    assert result["nesting_200k"]["result"].startswith("nesting is deeper")
    assert result["file_10mb"]["result"].startswith("file is too large")
    assert result["string_2mb"]["result"] == result["values_at_limit"]["result"] == "read"


def test_bench_command_accepts_every_part():
    from game.cli import build_parser
    from game.devtools import bench

    parser, sub = build_parser()
    bench.register(sub)
    for part in ("startup", "chase", "commit", "content", "report", "sync", "camera"):
        args = parser.parse_args(["bench", part])
        assert isinstance(args, argparse.Namespace) and args.target == part
    assert parser.parse_args(["bench"]).target == "all"
    assert parser.parse_args(["bench", "--quick"]).quick


def test_the_camera_bench_measures_what_it_says():
    """A tiny run of `bench camera`: every figure is there and plausible (no speed is asserted)."""
    from game.devtools.bench import _chase_scene, _Floor
    from game.devtools.bench_camera import bench_camera

    # the game loop waits for its next frame as App.run does, so the worker tracks while the game
    # thread sleeps; without that wait a fast loop starved it of the GIL and it tracked nothing
    out = bench_camera(_chase_scene, _Floor, hazards=20, frames=40)
    assert [t["size"] for t in out["tracker"]] == ["640x480", "1280x720"]
    assert all(t["median_ms"] > 0 for t in out["tracker"])
    assert 0 < out["worker"]["tracked_fps"] <= 40  # the synthetic camera is paced at 30 pictures per second
    chase = out["chase"]
    for key in ("floor_median_ms", "no_camera_median_ms", "camera_median_ms", "camera_preview_median_ms"):
        assert chase[key] > 0, key
    ratio = chase["camera_median_ms"] / chase["no_camera_median_ms"]  # (of the rounded medians: to within rounding)
    assert abs(chase["camera_vs_no_camera"] - ratio) < 0.01
