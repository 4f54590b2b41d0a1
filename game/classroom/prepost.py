"""Before and after for one student: the pre-test against the post-test of one session.

Read from the store (the one road for data), so the results screen shows what was committed.
No pygame here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Check:
    """One test: how many scored questions were answered right, and the score as a percentage of
    the same questions. Both leave out unscored items (the norms estimate), so "7 of 8 right" and
    88 % describe the same eight questions."""

    right: int  # scored questions answered right
    n: int  # scored questions answered
    percent: float  # score / max score of those questions, 0..100


@dataclass(frozen=True)
class BeforeAfter:
    pre: Check
    post: Check

    @property
    def verdict(self) -> str:
        """Which sentence a student reads: all_right, better, better_some, same or lower."""
        if self.pre.percent >= 100 and self.post.percent >= 100:
            return "all_right"
        if self.post.percent > self.pre.percent + 0.5:
            return "better" if self.pre.n == self.post.n and self.more_right > 0 else "better_some"
        if self.post.percent < self.pre.percent - 0.5:
            return "lower"
        return "same"

    @property
    def more_right(self) -> int:
        return self.post.right - self.pre.right


def _check(attempt: dict[str, Any], answers: list[Any]) -> Check:
    scored = [a for a in answers if a.attempt_id == attempt["id"] and a.max_score > 0]
    score, most = sum(a.score for a in scored), sum(a.max_score for a in scored)
    if not scored:  # a test recorded without its answers (imported totals): the attempt's own figures
        score, most = attempt.get("score") or 0, attempt.get("max_score") or 0
    percent = 100.0 * score / most if most else 0.0
    return Check(sum(1 for a in scored if a.correct), len(scored), percent)


def before_after(store: Any, session_id: int) -> BeforeAfter | None:
    """The session's finished pre-test and post-test (the last of each), or None without both."""
    finished = [a for a in store.attempts(session_id) if a["status"] == "finished"]
    pre = [a for a in finished if a["role"] == "pre"]
    post = [a for a in finished if a["role"] == "post"]
    if not pre or not post:
        return None
    answers = store.answers(session_id)
    return BeforeAfter(_check(pre[-1], answers), _check(post[-1], answers))
