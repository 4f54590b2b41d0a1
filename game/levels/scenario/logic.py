"""Scenario rules, without pygame: where the story is, what a reply leads to, what is recorded.

Phases: "talk" (a node with replies) -> choose() -> "talk" ... -> an ending node: "ending"
-> finish() -> "done". Every reply is an AnswerChosen with question id "<level>:<node>" and the
reply's id as the chosen option (safe replies score `points`, others 0), so the teacher's item
analysis shows, per decision point, how many chose a safe reply and which replies tempted them.
Reaching an ending emits a GameEvent "scenario_end" (ending id, safe, skills); finish() emits
the LevelFinished (score = the replies' points, passed = a safe ending).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from game.content.levels.scenario import Choice, Node, ScenarioLevel
from game.levels.common import AnswerScore, LevelClock, question_id
from game.outcomes import AnswerChosen, GameEvent, LevelFinished, Outcome

__all__ = ["ScenarioLogic", "question_id"]


class ScenarioPhase(StrEnum):
    """Where the level is (a str enum: it compares equal to its value, as the scenes and tests read it)."""

    TALK = "talk"  # someone speaks; the player picks a reply
    ENDING = "ending"  # an ending is shown
    DONE = "done"  # the scenario is over


@dataclass
class ScenarioLogic(AnswerScore, LevelClock):
    level: ScenarioLevel
    node_id: str = ""
    phase: ScenarioPhase = ScenarioPhase.TALK
    elapsed: float = 0.0  # seconds at the current node
    t: float = 0.0  # seconds since the start
    path: list[str] = field(default_factory=list)  # node ids visited, in order
    answers: list[AnswerChosen] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._nodes = {n.id: n for n in self.level.nodes}
        self.node_id = self.node_id or self.level.start
        self.path = [self.node_id]
        self._arrive()

    # -- state ---------------------------------------------------------------------------------
    @property
    def node(self) -> Node:
        return self._nodes[self.node_id]

    @property
    def choices(self) -> list[Choice]:
        return list(self.node.choices) if self.phase == ScenarioPhase.TALK else []

    @property
    def max_score(self) -> int:
        return sum(a.max_score for a in self.answers)

    @property
    def safe(self) -> bool:
        ending = self.node.ending
        return ending is not None and ending.safe

    @property
    def passed(self) -> bool:
        return self.safe and (self.max_score == 0 or 100 * self.score >= self.level.pass_percent * self.max_score)

    # -- moves (update(dt): LevelClock) -----------------------------------------------------------
    def choose(self, choice_id: str) -> list[Outcome]:
        """Pick a reply: it is recorded as an answer, then the story moves to the node it leads to."""
        if self.phase != ScenarioPhase.TALK:
            return []
        choice = next((c for c in self.node.choices if c.id == choice_id), None)
        if choice is None:
            return []
        points = self.level.points
        answer = AnswerChosen(
            question_id=question_id(self.level.id, self.node_id),
            chosen=(choice.id,),
            correct=choice.safe,
            score=points if choice.safe else 0,
            max_score=points,
            response_ms=round(self.elapsed * 1000),
            position=self.node.choices.index(choice) + 1,  # replies are shown in the file's order
        )
        self.answers.append(answer)
        self.node_id = choice.to
        self.path.append(choice.to)
        self.elapsed = 0.0
        return [answer] + self._arrive()

    def finish(self) -> list[Outcome]:
        """Leave the ending's feedback: the level's result."""
        if self.phase != ScenarioPhase.ENDING:
            return []
        self.phase = ScenarioPhase.DONE
        return [LevelFinished(self.score, self.max_score, self.passed)]

    def _arrive(self) -> list[Outcome]:
        ending = self.node.ending
        if ending is None:
            self.phase = ScenarioPhase.TALK
            return []
        self.phase = ScenarioPhase.ENDING
        data = {"ending": self.node_id, "safe": ending.safe, "skills": self.skills_used(), "path": list(self.path)}
        return [GameEvent("scenario_end", data, round(self.t * 1000))]

    def _chosen(self) -> list[Choice]:
        """The replies picked so far, in order."""
        out = []
        for a in self.answers:
            node_id = a.question_id.rsplit(":", 1)[1]
            out.append(next(c for c in self._nodes[node_id].choices if c.id == a.chosen[0]))
        return out

    @property
    def last_reply(self) -> Choice | None:
        """The reply the player picked last (shown as their own speech bubble), or None before the first."""
        chosen = self._chosen()
        return chosen[-1] if chosen else None

    def skills_used(self) -> list[str]:
        """Refusal skills of the replies picked and of the ending, first use first."""
        skills = [c.skill for c in self._chosen() if c.skill]
        if self.node.ending is not None:
            skills += list(self.node.ending.skills)
        return list(dict.fromkeys(skills))
