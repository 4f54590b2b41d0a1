"""Closing the game stops every thread within one shared deadline (game.service.STOP_BUDGET_S): the
camera, the live classroom push, a kiosk's district sync and speech each get what is left of it, not a timeout of their own,
so a stop is over within systemd's TimeoutStopSec=3 (docs/kiosk.md) even when all of them hang.
The clock is a fake one: each stand-in "hangs" for the whole time it is given by moving it."""

from __future__ import annotations

from game.service import STOP_BUDGET_S, Deadline


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Hangs:
    """A camera, live push or speech whose thread never ends: each stop waits the whole timeout given."""

    def __init__(self, clock: FakeClock, name: str, given: list[tuple[str, float]]):
        self.clock, self.name, self.given = clock, name, given

    def _hang(self, timeout: float) -> None:
        self.given.append((self.name, timeout))
        self.clock.now += timeout

    def stop(self, timeout: float = 1.0) -> None:  # the camera's, the live push's and the sync's stop; speech's silence
        self._hang(timeout) if self.name != "speech" else None

    def close(self, timeout: float = 2.0) -> None:  # speech
        self._hang(timeout)


def test_every_thread_stops_within_one_shared_deadline(make_pilot):
    pilot = make_pilot()
    app = pilot.app
    clock, given = FakeClock(), []
    real_speech = app.ctx.speech
    app.ctx.camera, app.ctx.live, app.ctx.sync, app.ctx.speech = (
        Hangs(clock, n, given) for n in ("camera", "live", "sync", "speech")
    )
    start = clock()
    app.close(Deadline(STOP_BUDGET_S, clock))
    real_speech.close()
    assert sorted(name for name, _ in given) == ["camera", "live", "speech", "sync"], given  # each was asked to stop
    assert clock() - start <= STOP_BUDGET_S, f"the stops took {given} together"
    assert given[0][1] == STOP_BUDGET_S  # the first gets the whole budget; the others what is left


def test_the_deadline_counts_down_and_stops_at_zero():
    clock = FakeClock()
    deadline = Deadline(2.0, clock)
    assert deadline.left() == 2.0
    clock.now += 1.5
    assert deadline.left() == 0.5
    clock.now += 1.0
    assert deadline.left() == 0.0
