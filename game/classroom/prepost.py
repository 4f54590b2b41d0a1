"""Before and after for one student: the pre-test against the post-test of one session.

Read from the store (the one road for data), so the results screen shows what was committed.
No pygame here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Check:
    right: int  # questions answered right
    n: int  # questions answered
    percent: float  # score / max score, 0..100


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
    mine = [a for a in answers if a.attempt_id == attempt["id"]]
    score, most = attempt.get("score") or 0, attempt.get("max_score") or 0
    percent = 100.0 * score / most if most else 0.0
    return Check(sum(1 for a in mine if a.correct), len(mine), percent)


def before_after(store: Any, session_id: int) -> BeforeAfter | None:
    """The session's finished pre-test and post-test (the last of each), or None without both."""
    finished = [a for a in store.attempts(session_id) if a["status"] == "finished"]
    pre = [a for a in finished if a["role"] == "pre"]
    post = [a for a in finished if a["role"] == "post"]
    if not pre or not post:
        return None
    answers = store.answers(session_id)
    return BeforeAfter(_check(pre[-1], answers), _check(post[-1], answers))
