"""The "check these" list: first attempts whose answers look too quick or too regular to be a student
reading and thinking, and the overview's figures without them.

Four checks, with the thresholds of content/integrity.yaml (each with its reasoning there):

- fast: at least `share` of an attempt's scored answers (and `min_answers` or more of them) came before
  the reading floor: the characters of the question and its options, in the session's language, at a
  very fast reader's speed, and never less than `min_ms`;
- same_position: answers in a row at the same place on the screen (the game shows options in a new order
  each time, and records where the chosen one was), a run so long that a student picking wherever the
  answer happens to be would make it less than `max_chance` of the time (with four options: 8 in a row);
- identical: students of one class whose answers on a level are the same option for option, with at
  least `min_wrong` wrong ones among `min_items` or more, and a match so unlikely by chance (each option
  as often as everyone in the report chose it, first attempts) that, over all pairs of the class on
  that level, a match this close would come about by chance less than `family_chance` of the time;
- device_burst: `sessions` or more sessions with answers started on one device within `minutes` (only
  sessions of the listed modes: a kiosk in an exhibition hall does see visitors in quick succession).

A flag asks an adult to look; it never says a student cheated (a fast reader, a student who already
knew, a shared tablet can each trip one). Pure functions over InsightRows; no SQL, no pygame.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from game.reports.insight import AttemptRow, Flag, InsightRows, Integrity, SessionRow

REASONS = ("fast", "same_position", "identical", "device_burst")


@dataclass(frozen=True)
class Rules:
    """content/integrity.yaml as plain numbers. No defaults here: a content folder without the file gets the
    shipped file's (from_content(None)), so each number is written once, in the YAML with its reasoning."""

    speeds: dict[str, float]  # characters a second, per language
    min_ms: int
    fast_share: float
    fast_min_answers: int
    same_chance: float
    identical_items: int
    identical_wrong: int
    identical_chance: float
    burst_sessions: int
    burst_minutes: float
    burst_modes: tuple[str, ...]
    why: dict[str, dict[str, str]] = field(default_factory=dict)  # rule -> language -> the reasoning

    @classmethod
    def from_content(cls, rules: Any) -> Rules:
        """From content.integrity (a loaded IntegrityRules, or its cached record); None (a content folder without
        integrity.yaml) gives the shipped file's rules."""
        if rules is None:
            from game.content.integrity import shipped_rules

            rules = shipped_rules()

        def why(part: Any) -> dict[str, str]:
            return {"zh-CN": part.why.zh, "en": part.why.en}

        r = rules
        return cls(
            speeds={"zh-CN": float(r.reading.chars_per_second.zh), "en": float(r.reading.chars_per_second.en)},
            min_ms=int(r.reading.min_ms),
            fast_share=float(r.fast.share),
            fast_min_answers=int(r.fast.min_answers),
            same_chance=float(r.same_position.max_chance),
            identical_items=int(r.identical.min_items),
            identical_wrong=int(r.identical.min_wrong),
            identical_chance=float(r.identical.family_chance),
            burst_sessions=int(r.device_burst.sessions),
            burst_minutes=float(r.device_burst.minutes),
            burst_modes=tuple(r.device_burst.modes),
            why={
                "reading": why(r.reading),
                "fast": why(r.fast),
                "same_position": why(r.same_position),
                "identical": why(r.identical),
                "device_burst": why(r.device_burst),
            },
        )


# -- the reading floor --------------------------------------------------------------------------------------------
def characters(question: Any, lang: str) -> int:
    """Characters a player reads before answering: the question and every option, in that language."""
    return len(question.prompt.get(lang, "")) + sum(len(o.text.get(lang, "")) for o in question.options)


def floors(catalog: Any, rules: Rules) -> dict[tuple[str, str], float]:
    """(question id, language) -> the reading floor in ms, for every question the content has."""
    out = {}
    for qid, q in catalog.questions.items():
        for lang, speed in rules.speeds.items():
            out[(qid, lang)] = max(float(rules.min_ms), 1000.0 * characters(q, lang) / speed)
    return out


def floor_table(catalog: Any) -> dict[tuple[str, str], tuple[float, int]]:
    """(question id, language) -> (reading floor in ms, options shown): what the store sums answers against."""
    rules = catalog.integrity if isinstance(catalog.integrity, Rules) else Rules.from_content(catalog.integrity)
    return {
        (qid, lang): (ms, len(catalog.questions[qid].options)) for (qid, lang), ms in floors(catalog, rules).items()
    }


def same_position_run(answers: Iterable[tuple[int, int]]) -> tuple[int, float]:
    """The least likely run of answers at the same shown position: (its length, its chance), from
    (position, options shown) per answer in the order given. The chance of a run is the product, over
    its answers after the first, of 1 / options shown (landing on the same place again by chance); an
    answer without a position (0: several options chosen, or none shown) breaks a run. (0, 1.0) when
    there is none."""
    best, best_chance = 0, 1.0
    run, chance, last = 0, 1.0, 0
    for position, options in answers:
        if position and position == last and options:
            run, chance = run + 1, chance / options
        else:
            run, chance = (1, 1.0) if position else (0, 1.0)
        last = position
        if run > 1 and chance < best_chance:
            best, best_chance = run, chance
    return best, best_chance


def shortest_run(rules: Rules, most_options: int = 6) -> int:
    """The shortest run that can be unlikely enough (with the most options a question has): shorter attempts are
    not read answer by answer."""
    run, chance = 1, 1.0
    while chance > rules.same_chance and run < 1000:
        run, chance = run + 1, chance / most_options
    return run


# -- identical answers ----------------------------------------------------------------------------------------------
def identical_pairs(
    attempts: Iterable[AttemptRow],
    rules: Rules,
    chosen: dict[tuple[str, str, str, str], int],
    answered: dict[tuple[str, str, str], int],
) -> dict[int, list[str]]:
    """attempt -> the nicknames of classmates who chose the same option on every question of that level (wrong ones
    included), a match too close for chance (see the module docstring). chosen: (level, role, question, option ids)
    -> how many first attempts in the report chose it; answered: (level, role, question) -> how many answered it."""
    groups: dict[tuple[str, str, str, str], list[AttemptRow]] = {}
    size: dict[tuple[str, str, str], int] = {}
    for a in attempts:
        size[(a.class_code, a.level_id, a.role)] = size.get((a.class_code, a.level_id, a.role), 0) + 1
        if a.answers >= rules.identical_items and a.wrong >= rules.identical_wrong:
            signature = ",".join(sorted(choice for choice, _, _ in a.sequence()))
            groups.setdefault((a.class_code, a.level_id, a.role, signature), []).append(a)
    out: dict[int, list[str]] = {}
    for (code, level, role, signature), members in groups.items():
        if len({m.nickname for m in members}) < 2:
            continue
        chance = 1.0
        for choice in signature.split(","):
            qid, option = choice.rsplit("=", 1)
            chance *= chosen.get((level, role, qid, option), 0) / max(answered.get((level, role, qid), 0), 1)
        n = size[(code, level, role)]
        if chance * n * (n - 1) / 2 >= rules.identical_chance:
            continue  # answers this common could match by chance somewhere in a class this size
        for m in members:
            out[m.attempt] = sorted({o.nickname for o in members if o.nickname != m.nickname})
    return out


# -- bursts of sessions on one device -------------------------------------------------------------------------------
def _minutes(stamp: str) -> float:
    return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp() / 60.0


def device_bursts(sessions: Iterable[SessionRow], rules: Rules) -> dict[int, int]:
    """session -> how many sessions with answers started on its device within `minutes` of the window it is in,
    for the sessions in a window of `sessions` or more."""
    by_device: dict[str, list[tuple[float, int]]] = {}
    for s in sessions:
        if s.device and s.mode in rules.burst_modes:
            try:
                by_device.setdefault(s.device, []).append((_minutes(s.started_at), s.session))
            except ValueError:
                continue  # a start time that is not a time: leave it out
    out: dict[int, int] = {}
    for starts in by_device.values():
        starts.sort()
        j = 0
        for i in range(len(starts)):
            while starts[i][0] - starts[j][0] > rules.burst_minutes:
                j += 1
            count = i - j + 1
            if count >= rules.burst_sessions:
                for _, session in starts[j : i + 1]:
                    out[session] = max(out.get(session, 0), count)
    return out


# -- all of it --------------------------------------------------------------------------------------------------------
def flags(insight: InsightRows, rules: Rules, rows: Any) -> list[Flag]:
    """The flagged first attempts; rows: the report's Rows (their option counts give the shares everyone chose)."""
    chosen = {(o.level_id, o.role, o.question_id, o.chosen): o.count for o in rows.options}
    answered = {(i.level_id, i.role, i.question_id): i.n for i in rows.items}
    twins = identical_pairs(insight.attempts, rules, chosen, answered)
    bursts = device_bursts(insight.sessions, rules)
    shortest = shortest_run(rules)
    out = []
    for a in insight.attempts:
        reasons: dict[str, str] = {}
        if a.timed >= rules.fast_min_answers and a.fast >= rules.fast_share * a.timed:
            reasons["fast"] = f"{a.fast}/{a.timed}"
        if a.answers >= shortest:
            run, chance = same_position_run((p, k) for _, p, k in a.sequence())
            if chance <= rules.same_chance:
                reasons["same_position"] = str(run)
        if a.attempt in twins:
            reasons["identical"] = ", ".join(twins[a.attempt])
        if a.session in bursts:
            reasons["device_burst"] = str(bursts[a.session])
        if reasons:
            out.append(Flag(a.class_code, a.nickname, a.level_id, a.role, a.attempt, reasons))
    out.sort(key=lambda f: (f.class_code, f.nickname, f.level_id, f.role))
    return out


def without(
    rows: Any, found: list[Flag], catalog: Any, thresholds: Any, studs: list[Any]
) -> tuple[list[Any], list[Any]]:
    """The class overview and the before/after figures computed again without the flagged attempts: a flagged
    level counts as not played in the first-try scores, and a student whose pre- or post-test is flagged
    leaves the before/after. studs: the report's students (only those with a flag are worked out again)."""
    from game.reports.build import gain, overview, students
    from game.reports.model import StudentLevelRow

    out_levels = {(f.class_code, f.nickname, f.level_id, f.role) for f in found}
    who = {(f.class_code, f.nickname) for f in found}
    levels = [
        r
        if (r.class_code, r.nickname, r.level_id, r.role) not in out_levels
        else StudentLevelRow(r.class_code, r.nickname, r.level_id, r.role, r.attempts, 0, 0, r.best_score, r.best_max)
        for r in rows.levels
        if (r.class_code, r.nickname) in who
    ]
    again = {
        s.key: s
        for s in students(
            [r for r in rows.students if (r.class_code, r.nickname) in who],
            levels,
            [t for t in rows.topics if (t.class_code, t.nickname) in who],
            [],
            thresholds,
        )
    }
    studs = [again.get(s.key, s) for s in studs]
    tests = {
        (f.class_code, f.nickname, track)
        for f in found
        if f.role in ("pre", "post")
        for track, forms in catalog.track_forms.items()
        if forms.get(f.role) == f.level_id
    }
    kept = [g for g in rows.gain if (g.class_code, g.nickname, g.track_id) not in tests]
    return overview(rows.students, studs, thresholds), gain(kept)[1]


def build(insight: InsightRows, catalog: Any, rows: Any, thresholds: Any, studs: list[Any]) -> Integrity:
    rules = catalog.integrity if isinstance(catalog.integrity, Rules) else Rules.from_content(catalog.integrity)
    found = flags(insight, rules, rows)
    plain_overview, plain_gain = without(rows, found, catalog, thresholds, studs)
    return Integrity(
        found,
        len(insight.attempts),
        len({(f.class_code, f.nickname) for f in found}),
        plain_overview,
        plain_gain,
        rules,
    )
