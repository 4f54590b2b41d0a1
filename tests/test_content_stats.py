"""Content statistics of the shipped pack (issue 7): enough questions per age track, right answers
spread over option positions, every drug asked about, sources that exist, parallel pre/post forms.

The figures are computed from the content the game loads (the `shipped_content` fixture goes
through game.content.loader), so they describe what students actually get. The small helpers
are also run on hand-made skewed input, to show each check can fail.
"""

from __future__ import annotations

from collections import Counter

import pytest

from game.content.schema import AGE_GROUPS, Option, Question, Text

MIN_DRUGS = 14
MIN_PER_TRACK = 40
MIN_TOTAL = 200
MAX_POSITION_SHARE = 0.35
TRUE_SHARE = (0.35, 0.65)
MIN_QUESTIONS_PER_DRUG = 5
FORM_ITEMS = (8, 10)  # items in a pre- or post-test, the norms estimate item included
OWN_ITEMS = (8, 9)  # scored items of a form: one place is kept for the estimate item


def scored(questions) -> list:
    """Questions that have a right answer (the norms `estimate` item has none and is never scored)."""
    return [q for q in questions if q.kind != "estimate"]


def for_track(questions, track: str) -> list:
    """Scored questions a track can ask: tagged with its age group, or with no age tag (all ages)."""
    return [q for q in scored(questions) if not q.ages or track in q.ages]


def position_shares(questions) -> dict[int, float]:
    """Share of right answers at each option position (0 = first), over single-answer questions."""
    positions = Counter(next(i for i, o in enumerate(q.options) if o.correct) for q in questions if q.kind == "single")
    total = sum(positions.values())
    return {pos: n / total for pos, n in sorted(positions.items())} if total else {}


def true_share(questions) -> float | None:
    """Share of true/false statements that are true (None when a track has none)."""
    answers = [q.answer for q in questions if q.kind == "truefalse"]
    return sum(answers) / len(answers) if answers else None


def _question(qid: str, right: int | None = None, answer: bool | None = None) -> Question:
    text = Text(zh="题", en="Q")
    if answer is not None:
        return Question(id=qid, kind="truefalse", topic="law", prompt=text, answer=answer, explanation=text, source="s")
    options = [Option(id=c, text=text, correct=i == right) for i, c in enumerate("abcd")]
    return Question(id=qid, topic="law", prompt=text, options=options, explanation=text, source="s")


def test_helpers_catch_skewed_banks():
    skewed = [_question(f"q{i}", right=0 if i < 5 else 1) for i in range(8)]
    assert max(position_shares(skewed).values()) == pytest.approx(5 / 8)
    balanced = [_question(f"q{i}", right=i % 4) for i in range(8)]
    assert max(position_shares(balanced).values()) == pytest.approx(0.25)
    assert true_share([_question(f"t{i}", answer=i < 3) for i in range(4)]) == pytest.approx(0.75)
    assert true_share(balanced) is None


def test_at_least_14_drugs(shipped_content):
    assert len(shipped_content.drugs) >= MIN_DRUGS, sorted(shipped_content.drugs)


def test_questions_per_track_and_in_total(shipped_content):
    questions = list(shipped_content.questions.values())
    counts = {track: len(for_track(questions, track)) for track in AGE_GROUPS}
    short = {track: n for track, n in counts.items() if n < MIN_PER_TRACK}
    assert not short, f"tracks with fewer than {MIN_PER_TRACK} questions: {short}"
    assert len(scored(questions)) >= MIN_TOTAL, counts


@pytest.mark.parametrize("track", AGE_GROUPS)
def test_right_answers_spread_over_positions(shipped_content, track):
    questions = for_track(shipped_content.questions.values(), track)
    shares = position_shares(questions)
    assert len(shares) >= 3, f"{track}: right answers sit in only {len(shares)} positions"
    crowded = {pos + 1: f"{share:.0%}" for pos, share in shares.items() if share > MAX_POSITION_SHARE}
    assert not crowded, f"{track}: too many right answers at option position(s) {crowded}"
    share = true_share(questions)
    assert share is None or TRUE_SHARE[0] <= share <= TRUE_SHARE[1], (
        f"{track}: {share:.0%} of true/false items are true"
    )


def test_every_drug_is_asked_about_five_times(shipped_content):
    mentions = Counter(drug for q in scored(shipped_content.questions.values()) for drug in set(q.drugs))
    few = {drug: mentions[drug] for drug in shipped_content.drugs if mentions[drug] < MIN_QUESTIONS_PER_DRUG}
    assert not few, f"drugs in fewer than {MIN_QUESTIONS_PER_DRUG} questions: {few}"
    unknown = set(mentions) - set(shipped_content.drugs)
    assert not unknown, f"questions name drugs that have no file: {sorted(unknown)}"


def test_every_question_and_drug_fact_cites_a_known_source(shipped_content):
    sources = shipped_content.sources
    missing = [q.id for q in shipped_content.questions.values() if q.source not in sources]
    for drug in shipped_content.drugs.values():
        facts = drug.looks + drug.effects + drug.harms + drug.legal_status
        missing += [f"{drug.id}: {fact.en[:40]}" for fact in facts if fact.source not in sources]
    assert not missing, missing


def test_every_question_has_a_topic_and_an_age_track(shipped_content):
    untagged = [q.id for q in shipped_content.questions.values() if not q.ages]
    assert not untagged, f"questions without an age track: {untagged}"
    topics = Counter(q.topic for q in scored(shipped_content.questions.values()))
    assert set(topics) == {"recognition", "effects", "law", "refusal", "norms", "help", "prevention"}, topics


def test_prevention_science_is_for_university_students(shipped_content):
    """How prevention works (fear appeals backfire, norms matter...) is its own topic, for the
    university track only: filed under "norms" it skewed the teacher's 正确认识 figures (issue 16)."""
    misplaced = [
        q.id for q in scored(shipped_content.questions.values()) if q.topic == "prevention" and q.ages != ["university"]
    ]
    assert not misplaced, misplaced
    assert any(q.topic == "prevention" for q in shipped_content.questions.values())


@pytest.mark.parametrize("track", AGE_GROUPS)
def test_every_track_asks_about_every_drug(shipped_content, track):
    """Each drug's chase card is met in every track, so each track asks about each drug at least once
    (the senior track had no khat item, issue 16)."""
    asked = {drug for q in for_track(shipped_content.questions.values(), track) for drug in q.drugs}
    missing = sorted(set(shipped_content.drugs) - asked)
    assert not missing, f"{track}: no question about {missing}"


@pytest.mark.parametrize("track", AGE_GROUPS)
def test_pre_and_post_tests_are_parallel_forms(shipped_content, track):
    levels, questions = shipped_content.levels, shipped_content.questions
    pre, post = levels.get(f"{track}-pre"), levels.get(f"{track}-post")
    assert pre is not None and post is not None, f"{track}: needs levels {track}-pre and {track}-post"
    forms = []
    for form in (pre, post):
        assert form.type == "quiz", f"{form.id} is a {form.type} level"
        assert FORM_ITEMS[0] <= len(form.questions) <= FORM_ITEMS[1], f"{form.id}: {len(form.questions)} items"
        items = scored(questions[qid] for qid in form.questions)
        assert OWN_ITEMS[0] <= len(items) <= OWN_ITEMS[1], f"{form.id}: {len(items)} scored items"
        assert all(not q.ages or track in q.ages for q in items), f"{form.id} asks another track's questions"
        forms.append(items)
    assert [(q.topic, q.kind) for q in forms[0]] == [(q.topic, q.kind) for q in forms[1]], (
        f"{track}: pre and post differ in topic or kind, slot by slot"
    )
    shared = {q.id for q in forms[0]} & {q.id for q in forms[1]}
    assert not shared, f"{track}: the same scored item is in both forms: {sorted(shared)}"


def test_a_scored_question_is_listed_by_at_most_one_quiz_level(shipped_content):
    listed: dict[str, list[str]] = {}
    for level in shipped_content.levels.values():
        for qid in getattr(level, "questions", []) if level.type == "quiz" else []:
            question = shipped_content.questions.get(qid)
            if question is not None and question.kind != "estimate":
                listed.setdefault(qid, []).append(level.id)
    twice = {qid: ids for qid, ids in listed.items() if len(ids) > 1}
    assert not twice, f"questions seen in more than one level (a post-test item must be new): {twice}"


@pytest.mark.parametrize("track", AGE_GROUPS)
def test_each_track_has_an_ordinary_quiz_level(shipped_content, track):
    ordinary = [
        level.id
        for level in shipped_content.levels.values()
        if level.type == "quiz"
        and level.id not in (f"{track}-pre", f"{track}-post")
        and level.id.startswith(f"{track}-")
    ]
    assert ordinary, f"{track}: no quiz level besides the pre- and post-test"
