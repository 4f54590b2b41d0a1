"""The game plays checked content as plain records (game.content.records) read from the cache,
so a cached start never imports pydantic. These tests hold the records to the models: the same
methods, the same values, read-only, picklable, and a whole visit played on them."""

from __future__ import annotations

import copy
import importlib
import inspect
import pickle
import pkgutil
import subprocess
import sys
import textwrap

import pytest

from game import paths
from game.content.loader import load_content_cached, runtime_content
from game.content.records import Record, runtime_class


@pytest.fixture(scope="module")
def runtime(shipped_content):
    return runtime_content(shipped_content)


def _model_classes():
    from pydantic import BaseModel

    import game.content.levels

    modules = [importlib.import_module("game.content.schema")]
    for info in pkgutil.iter_modules(game.content.levels.__path__):
        modules.append(importlib.import_module(f"game.content.levels.{info.name}"))
    found = {
        cls
        for module in modules
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, BaseModel) and cls.__module__ == module.__name__
    }
    assert len(found) > 20
    return sorted(found, key=lambda c: (c.__module__, c.__name__))


@pytest.mark.parametrize("model", _model_classes(), ids=lambda c: c.__name__)
def test_every_model_keeps_its_behaviour_in_mixins_the_records_share(model):
    record = runtime_class(model)  # raises when a public method lives only on the pydantic class
    for name, value in vars(model).items():
        if not name.startswith(("_", "model_")) and (callable(value) or isinstance(value, property)):
            assert hasattr(record, name), f"{model.__name__}.{name}"


def test_runtime_class_refuses_a_method_outside_the_mixins():
    from game.content.schema import Model

    class Odd(Model):
        x: int = 0

        def doubled(self) -> int:
            return 2 * self.x

    with pytest.raises(TypeError, match="Odd.doubled"):
        runtime_class(Odd)


def test_records_hold_the_same_values_and_answer_the_same_methods(shipped_content, runtime):
    for table in ("strings", "sources", "drugs", "quizzes", "questions", "levels", "tracks"):
        checked, plain = getattr(shipped_content, table), getattr(runtime, table)
        assert list(checked) == list(plain), table
        for key, model in checked.items():
            record = plain[key]
            assert isinstance(record, Record) and type(record).__name__.split("__")[0] == type(model).__name__
            for name in type(model).model_fields:
                value = getattr(record, name)
                assert type(value) is type(getattr(model, name)) or isinstance(value, Record), (table, key, name)
    for qid, question in shipped_content.questions.items():
        record = runtime.questions[qid]
        assert record.max_points == question.max_points
        assert [(o.id, o.correct, o.text.get("zh-CN"), o.text.get("en")) for o in record.choices()] == [
            (o.id, o.correct, o.text.get("zh-CN"), o.text.get("en")) for o in question.choices()
        ]
        assert record.prompt.get("en") == question.prompt.en and record.prompt.get("zh-CN") == question.prompt.zh
    for tid, track in shipped_content.tracks.items():
        assert runtime.tracks[tid].sequence() == track.sequence()
    for quiz in runtime.quizzes.values():  # a question in its bank and in the table is one object
        assert all(q is runtime.questions[q.id] for q in quiz.questions)
    assert runtime.summary() == shipped_content.summary() and runtime.version == shipped_content.version


def test_the_reports_catalogue_is_the_same_from_records(shipped_content, runtime):
    from game.reports.catalog import Catalog

    assert Catalog.from_content(runtime) == Catalog.from_content(shipped_content)


def test_records_are_read_only_picklable_and_copyable(runtime):
    question = next(iter(runtime.questions.values()))
    with pytest.raises(AttributeError):
        question.points = 99
    with pytest.raises(AttributeError):
        del question.prompt
    again = pickle.loads(pickle.dumps(runtime, protocol=pickle.HIGHEST_PROTOCOL))
    assert again.questions == runtime.questions and again.levels == runtime.levels and again.tracks == runtime.tracks
    assert copy.deepcopy(question) == question and copy.deepcopy(question) is not question
    assert hash(question.prompt) == hash(copy.deepcopy(question.prompt))
    assert "Question(" in repr(question) and question != next(iter(runtime.drugs.values()))


def test_a_cached_start_never_imports_pydantic(tmp_path):
    cache = tmp_path / "cache"
    load_content_cached(paths.CONTENT, cache)  # the first start checks and writes the cache
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from game.content.loader import load_content_cached
        content = load_content_cached(Path({str(paths.CONTENT)!r}), Path({str(cache)!r}))
        level = next(l for l in content.levels.values() if l.type == "scenario")
        spot = next(l for l in content.levels.values() if l.type == "spot")
        tf = next(q for q in content.questions.values() if q.kind == "truefalse")
        assert level.node(level.start).id == level.start and level.report_items() and spot.report_items()
        assert [o.id for o in tf.choices()] == ["true", "false"]
        assert all(t.sequence() for t in content.tracks.values())
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "pydantic_core", "yaml")))
    """)
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=paths.ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("track_id", ["junior", "university"])
def test_a_whole_visit_plays_on_records(make_pilot, runtime, track_id):
    from tests.test_playthrough import play_levels, sign_in

    pilot = make_pilot(lang="en", content=runtime)
    sign_in(pilot, age=track_id)
    pilot.tap(f"track-{track_id}")
    expected = play_levels(pilot, choose_right=lambda i: i % 2 == 0)
    if pilot.scene.name == "leaderboard":
        pilot.tap("next")
    assert pilot.scene.name == "results"
    answers = pilot.app.ctx.store.answers()
    assert [(a.question_id, a.correct) for a in answers] == expected
    levels = {runtime.levels[lid].type for lid, _ in runtime.tracks[track_id].sequence()}
    assert levels == {"quiz", "chase", "scenario", "spot"}
