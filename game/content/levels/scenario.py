"""The YAML model of a `type: scenario` level (branching refusal dialogue) and its graph lint.

A scenario is a small directed graph: nodes where someone speaks and the player picks one of
2-4 replies, each reply leading to another node, until an ending node says whether the way
out was safe and which refusal skill it used. The lint checks the graph before anyone plays:
every node reachable from the start, no dangling ids, no loops (so every path ends).
No pygame here.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from game.content.records import EndingMethods, ScenarioMethods
from game.content.schema import Id, LevelBase, Model, Palette, Setting, Text

Skill = Literal["say_no", "give_reason", "change_subject", "leave", "tell_adult"]
SKILLS: tuple[str, ...] = Skill.__args__  # type: ignore[attr-defined]
Adult = Literal["parent", "teacher", "counsellor", "trusted_adult", "police"]
EmergencyNumber = Literal[120, 110, 12355]
Look = Literal["short", "long", "bun", "cap", "curly"]
NARRATOR = "narrator"  # a node spoken by nobody: a caption


class Character(Model):
    """Someone in the scene, drawn from the art atlas: a body in the shirt colour, a face that shows a mood,
    and for the hair style an accessory (cap: a cap; long or bun: a bow; curly: glasses)."""

    id: Id
    name: Text
    hair: Look = "short"
    shirt: Palette = "blue"
    age: Literal["child", "teen", "adult"] = Field(default="teen", description="drawn a little taller with age")


class Choice(Model):
    """A reply the player can pick."""

    id: Id = Field(description="stored as the chosen option, e.g. a, b, c")
    text: Text
    to: Id = Field(description="id of the node this reply leads to")
    safe: bool = Field(description="is this a safe reply? (scored like a right answer; teachers see the rate)")
    skill: Skill | None = Field(default=None, description="the refusal skill this reply uses, if any")


class ActNow(Model):
    """What to do at once after an unsafe ending: tell a trusted adult now, whatever you feel
    (some drugs act late), and call 120 first when someone cannot be woken."""

    tell: list[Adult] = Field(
        min_length=1, description="whom to tell now: parent, teacher, counsellor, trusted_adult, police"
    )
    call: list[EmergencyNumber] = Field(
        default_factory=list, description="numbers to call, in order: 120 (ambulance) before 110"
    )
    say: Text = Field(description="the line shown first, e.g. 现在就告诉爸爸妈妈，即使你现在没有任何感觉")


class Ending(Model, EndingMethods):
    """How the story ends: safe or not, the skills it used, and feedback saying so. An unsafe
    ending also says what to do now (`now:`); shown_text() puts that line first."""

    safe: bool
    skills: list[Skill] = Field(default_factory=list, description="refusal skills used on the way out")
    now: ActNow | None = Field(default=None, description="required on an unsafe ending: tell a trusted adult now")
    feedback: Text
    source: Id | None = Field(default=None, description="a source, when the feedback states a fact")


class Node(Model):
    """One beat of the story: a speaker's line and the player's replies, or an ending."""

    id: Id
    speaker: Id = Field(default=NARRATOR, description="a character id, or 'narrator' for a caption")
    text: Text
    choices: list[Choice] = Field(default_factory=list, max_length=4)
    ending: Ending | None = None
    source: Id | None = Field(default=None, description="a source, when the line states a fact")
    setting: Setting | None = Field(
        default=None, description="where this beat happens, when the story moves (default: the level's)"
    )

    @model_validator(mode="after")
    def _one_kind(self) -> Node:
        if self.ending is not None and self.choices:
            raise ValueError("a node has either `choices:` or an `ending:`, not both")
        if self.ending is None and not 2 <= len(self.choices) <= 4:
            raise ValueError(f"a node needs 2 to 4 `choices:` (found {len(self.choices)}) or an `ending:`")
        ids = [c.id for c in self.choices]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"choice ids must be unique in a node (repeated: {', '.join(dupes)})")
        return self


class ScenarioLevel(LevelBase, ScenarioMethods):
    """A branching dialogue practising refusal: each reply is stored like an answer, the ending like a result.
    node() and report_items() are in ScenarioMethods (shared with the cached runtime records)."""

    type: Literal["scenario"]
    setting: Setting = Field(
        default="street", description="where it takes place, and the backdrop drawn behind the characters"
    )
    characters: list[Character] = Field(min_length=1, max_length=3)
    start: Id = Field(description="id of the first node")
    nodes: list[Node] = Field(min_length=2)
    points: int = Field(default=10, ge=1, le=100, description="points for each safe reply")
    pass_percent: int = Field(default=60, ge=0, le=100)


def _cycle(graph: dict[str, list[str]], start: str) -> list[str] | None:
    """A loop reachable from start, as the list of node ids around it, or None (iterative DFS)."""
    colour: dict[str, int] = {}
    stack: list[tuple[str, int]] = [(start, 0)]
    path: list[str] = []
    while stack:
        node, i = stack.pop()
        if i == 0:
            colour[node] = 1
            path.append(node)
        nexts = graph.get(node, [])
        if i < len(nexts):
            stack.append((node, i + 1))
            nxt = nexts[i]
            if colour.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in colour:
                stack.append((nxt, 0))
        else:
            colour[node] = 2
            path.pop()
    return None


def _act_now(node: Node, loc: tuple) -> list[tuple[tuple, str]]:
    """An unsafe ending says what to do now: tell a trusted adult at once, whatever the player
    feels (content-sources.md §6); when someone cannot be woken, call 120 first."""
    from game.content.review import CONDITIONAL, UNRESPONSIVE, mentions

    ending = node.ending
    assert ending is not None
    now = ending.now
    problems: list[tuple[tuple, str]] = []
    if not ending.safe and now is None:
        problems.append(
            (
                loc,
                "act-now: an unsafe ending needs `now:` (tell: whom; say: tell a trusted adult at once, "
                "whatever you feel)",
            )
        )
    for where, text in (
        (loc + ("now", "say"), now.say if now else None),
        (loc + ("feedback",), None if ending.safe else ending.feedback),
    ):
        condition = mentions(CONDITIONAL, text) if text is not None else None
        if condition:
            problems.append(
                (
                    where,
                    f"act-now: '{condition}' makes telling an adult depend on feeling unwell: tell them "
                    "now, whatever you feel (some drugs act late)",
                )
            )
    if now is not None:
        for number in now.call:
            if str(number) not in now.say.zh or str(number) not in now.say.en:
                problems.append(
                    (
                        loc + ("now", "say"),
                        f"act-now: `say` must give the number {number} (it is in `call`), in both languages",
                    )
                )
        if 120 in now.call and 110 in now.call and now.call.index(110) < now.call.index(120):
            problems.append((loc + ("now", "call"), "emergency-120: call 120 (the ambulance) before 110"))
    if not ending.safe:  # the player took it: if the story or feedback speaks of not waking up, 120 comes first
        texts = [node.text, ending.feedback] + ([now.say] if now is not None else [])
        asleep = next((found for found in (mentions(UNRESPONSIVE, t) for t in texts) if found), None)
        if asleep and (now is None or 120 not in now.call):
            problems.append(
                (
                    loc + (("now",) if now is not None else ()),
                    f"emergency-120: '{asleep}': when someone may "
                    "not wake up, `now:` calls 120 first (call: [120]) and says so",
                )
            )
    else:  # someone in the story cannot be woken: the ending says 120
        asleep = mentions(UNRESPONSIVE, node.text)
        said = [t for t in (node.text, ending.feedback) if "120" in t.zh and "120" in t.en]
        if asleep and not said:
            problems.append(
                (
                    loc + ("feedback",),
                    f"emergency-120: '{asleep}': the story has someone who may not wake "
                    "up: say to call 120 (the ambulance) first",
                )
            )
    return problems


Problems = list[tuple[tuple, str]]


def _node_ids(level: ScenarioLevel, index: dict[str, int]) -> Problems:
    seen: set[str] = set()
    problems: Problems = []
    for i, node in enumerate(level.nodes):
        if node.id in seen:
            problems.append((("nodes", i, "id"), f"duplicate node id '{node.id}' (also nodes[{index[node.id]}])"))
        seen.add(node.id)
    return problems


def _characters(level: ScenarioLevel, index: dict[str, int]) -> Problems:
    people = [c.id for c in level.characters]
    problems: Problems = []
    for i, character in enumerate(level.characters):
        if character.id == NARRATOR:
            problems.append((("characters", i, "id"), f"'{NARRATOR}' is reserved for captions; pick another id"))
        elif people.index(character.id) != i:
            problems.append((("characters", i, "id"), f"duplicate character id '{character.id}'"))
    for i, node in enumerate(level.nodes):
        if node.speaker != NARRATOR and node.speaker not in people:
            problems.append((("nodes", i, "speaker"), f"unknown speaker '{node.speaker}' (not in characters:)"))
    return problems


def _choices(level: ScenarioLevel, index: dict[str, int]) -> Problems:
    problems: Problems = []
    for i, node in enumerate(level.nodes):
        for j, choice in enumerate(node.choices):
            if choice.to not in index:
                problems.append((("nodes", i, "choices", j, "to"), f"choice leads to unknown node '{choice.to}'"))
            elif choice.to == node.id:
                problems.append((("nodes", i, "choices", j, "to"), f"choice leads back to its own node '{node.id}'"))
    return problems


def _endings(level: ScenarioLevel, index: dict[str, int]) -> Problems:
    problems: Problems = []
    for i, node in enumerate(level.nodes):
        if node.ending is None:
            continue
        if node.ending.safe and not node.ending.skills:
            problems.append((("nodes", i, "ending", "skills"), "a safe ending names the refusal skills it used"))
        problems += _act_now(node, ("nodes", i, "ending"))
    return problems


def _paths(level: ScenarioLevel, index: dict[str, int]) -> Problems:
    """From the start: every node reached, no loop, an ending and a safe ending reachable."""
    if level.start not in index:
        return [(("start",), f"start node '{level.start}' is not in nodes:")]
    graph: dict[str, list[str]] = {}  # the choices that lead somewhere else that exists
    for node in level.nodes:
        graph.setdefault(node.id, []).extend(c.to for c in node.choices if c.to in index and c.to != node.id)
    seen = {level.start}
    todo = [level.start]
    while todo:
        for nxt in graph.get(todo.pop(), []):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    problems: Problems = [
        (("nodes", i, "id"), f"node '{node.id}' cannot be reached from the start '{level.start}'")
        for i, node in enumerate(level.nodes)
        if node.id not in seen and index.get(node.id) == i
    ]
    loop = _cycle(graph, level.start)
    if loop is not None:
        first = loop[-2]  # the node whose choice closes the loop
        j = next(j for j, c in enumerate(level.nodes[index[first]].choices) if c.to == loop[-1])
        problems.append(
            (
                ("nodes", index[first], "choices", j, "to"),
                f"this choice loops back ({' -> '.join(loop)}): a path must move on so that it reaches an ending",
            )
        )
    endings = [level.nodes[index[n]].ending for n in seen if n in index]
    if not any(e is not None for e in endings):
        problems.append((("start",), "no ending can be reached from the start"))
    elif not any(e is not None and e.safe for e in endings):
        problems.append((("start",), "no safe ending can be reached: show the player a way out"))
    return problems


# the checks of a scenario level, in the order they report: each reads the level and its node index
SCENARIO_CHECKS = (_node_ids, _characters, _choices, _endings, _paths)


def lint_scenario_level(level: ScenarioLevel, content: object) -> Problems:
    """The dialogue graph: unique ids, known speakers, no dangling `to:`, all reachable, no loops, endings named."""
    index: dict[str, int] = {}
    for i, node in enumerate(level.nodes):
        index.setdefault(node.id, i)  # a duplicate id keeps its first place (_node_ids names the second)
    return [problem for check in SCENARIO_CHECKS for problem in check(level, index)]
