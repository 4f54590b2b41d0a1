"""The live board page in a real headless Chromium (Debian's chromium and chromedriver, driven by Selenium).

It loads behind the teacher PIN, shows the students of a simulated class, updates without a reload
when a device pushes a new answer, escapes nicknames, hides them in projector mode, reveals a key on
request, and loads nothing from anywhere but the hub.

Needs `apt-get install chromium chromium-driver` (.ci/run installs them, as it installs PostgreSQL,
and sets JINDU_REQUIRE_BROWSER=1 so that a missing browser fails there instead of skipping).
JINDU_SHOTS=FOLDER also saves the screenshots that docs/classroom.md shows.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the hub's web stack is in the test extra: pip install -e '.[test]'")
pytest.importorskip("uvicorn", reason="pip install -e '.[test]'")
pytest.importorskip("segno", reason="pip install -e '.[test]'")

from game.auth import PinGuard
from game.classroom.hub.server import HubConfig, Running, static_dir
from game.devtools.bench_classroom import LiveStudent
from game.store import Store
from tests.test_classroom_hub import push

CODE = "H7K2WQ"
PIN = "2468"
HOSTILE_NICK = "<img src=x onerror=alert(1)>"


def _browser_missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (it is in the test extra: pip install -e '.[test]')"
    for program in ("chromium", "chromedriver"):
        if not (shutil.which(program) or Path(f"/usr/bin/{program}").exists()):
            return f"no {program}: apt-get install chromium chromium-driver"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = _browser_missing()
    if reason and os.environ.get("JINDU_REQUIRE_BROWSER"):
        pytest.fail(f"JINDU_REQUIRE_BROWSER is set (as in .ci/run) but: {reason}")
    if reason:
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    profile = tempfile.mkdtemp(prefix="board-chromium-")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1920,1223",
        f"--user-data-dir={profile}",
        "--lang=zh-CN",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def wait_for(condition, timeout: float = 60.0, what: str = "the board"):
    """Poll until condition() holds; the deadline is generous (a loaded machine): a pass returns at once."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def lesson(tmp_path, shipped_content):
    """A class mid-lesson: students at every stage, one of them guessing (needs help)."""
    teacher = tmp_path / "teacher.sqlite3"
    store = Store.open(teacher)
    PinGuard(store).set_pin(PIN)
    store.close()
    with Running(HubConfig(db=teacher, class_code="7B", code=CODE, address="http://192.168.1.20:8765")) as running:
        plan = [
            ("小明", 1000, "finished", 0.8),
            ("Lily", 1000, "finished", 0.6),
            ("王芳", 40, None, 0.7),
            ("Tom", 25, None, 0.0),
            ("李雷", 14, None, 0.6),
            ("Anna", 9, None, 0.9),
            ("张伟", 4, None, 0.6),
            ("陈静", 2, None, 0.6),
        ]
        for i, (nick, answers, end, skill) in enumerate(plan):
            device = tmp_path / f"device{i}.sqlite3"
            LiveStudent(device, nick, "7B", shipped_content, "junior", seed=i, skill=skill).play(answers, end=end)
            push(device, running.url, CODE)
        yield running, tmp_path


def sign_in(driver, url: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(url + "/")
    wait_for(lambda: driver.current_url.endswith("/login"), what="the sign-in page")
    driver.find_element(By.ID, "pin").send_keys(PIN)
    driver.find_element(By.CSS_SELECTOR, "#signin button[type=submit]").click()
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, ".card"), what="the students' cards")


def shot(driver, name: str) -> None:
    folder = os.environ.get("JINDU_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        driver.execute_script("window.scrollTo(0, 0)")
        driver.execute_async_script("document.fonts.ready.then(arguments[arguments.length - 1])")  # the font
        driver.save_screenshot(str(Path(folder) / name))


def test_the_board_loads_shows_the_class_and_updates_live(browser, lesson, shipped_content):
    from selenium.webdriver.common.by import By

    running, tmp_path = lesson
    driver = browser
    driver.get(running.url + "/login")
    driver.execute_script("localStorage.clear()")
    shot(driver, "classroom-login.png")
    sign_in(driver, running.url)

    def texts(selector: str) -> list[str]:  # read in one go: the board re-renders its cards as events arrive
        return driver.execute_script(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)", selector
        )

    names = lambda: texts(".card-name")  # noqa: E731
    wait_for(lambda: len(names()) == 8)
    assert set(names()) == {"小明", "Lily", "王芳", "Tom", "李雷", "Anna", "张伟", "陈静"}
    assert driver.find_element(By.ID, "join-code").text == CODE
    assert "7B" in driver.find_element(By.ID, "class-code").text
    helped = texts(".card.needs-help .card-name")
    assert "Tom" in helped  # he guessed every answer: first-try accuracy under 50 %
    shot(driver, "classroom-board-zh.png")

    # a device pushes a new answer: the board changes without a reload
    marker = driver.execute_script(
        "window.__same_page = 1; window.alert = () => { window.__alerted = 1 }; return window.__same_page"
    )
    cards = len(texts(".card"))
    LiveStudent(tmp_path / "late.sqlite3", "Late1", "7B", shipped_content, "junior", seed=99).play(1, end=None)
    push(tmp_path / "late.sqlite3", running.url, CODE)
    wait_for(lambda: len(texts(".card")) == cards + 1, what="the new student's card")
    assert "Late1" in names()
    assert driver.execute_script("return window.__same_page") == marker  # no reload
    before = driver.find_element(By.ID, "question-n").text
    LiveStudent(tmp_path / "late2.sqlite3", "Late2", "7B", shipped_content, "junior", seed=98).play(1, end=None)
    push(tmp_path / "late2.sqlite3", running.url, CODE)
    wait_for(lambda: driver.find_element(By.ID, "question-n").text != before, what="the option shares to move")

    # choose a question (not the norms estimate, which has no key) and reveal its key
    key = driver.execute_script("return state.board.questions.filter(q => q.kind !== 'estimate' && q.n > 2)[0].key")
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element(By.ID, "question-select")).select_by_value(key)
    assert not driver.find_element(By.ID, "follow").is_selected()
    assert not driver.find_elements(By.CSS_SELECTOR, ".option.correct")
    driver.find_element(By.ID, "reveal").click()
    wait_for(lambda: texts(".option.correct"), what="the revealed key")

    # English, then projector mode: numbers only, no nickname in the page at all
    driver.find_element(By.ID, "lang").click()
    wait_for(lambda: driver.find_element(By.ID, "students-h").text.startswith("Students"), what="English")
    shot(driver, "classroom-board-en.png")
    driver.find_element(By.ID, "projector").click()
    wait_for(lambda: not texts(".card-name") and texts(".card"), what="projector mode")
    shown = driver.execute_script("return state.board.version")
    running.hub.changed()  # a new board arrives in projector mode: it too carries no nickname
    wait_for(lambda: driver.execute_script("return state.board.version") > shown, what="the next board")
    page = driver.page_source
    assert "小明" not in page and "Lily" not in page
    shot(driver, "classroom-board-projector.png")
    driver.find_element(By.ID, "projector").click()
    driver.find_element(By.ID, "lang").click()

    # markup in a nickname (say from an old session file; a push could not carry it) shows as text
    store = Store.open(running.hub.config.db)
    store.add_player(HOSTILE_NICK, "7B", "junior")
    store.close()
    running.hub.changed()
    wait_for(lambda: HOSTILE_NICK in names(), what="the nickname with markup")
    assert not texts(".cards img")  # it made no element
    assert not driver.execute_script("return window.__alerted")

    # nothing from outside the hub: every resource loaded, every link and source in the page
    loaded = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert loaded and all(u.startswith(running.url + "/") for u in loaded), loaded
    refs = driver.execute_script(
        "return [...document.querySelectorAll('[src],[href],[action]')].map(e => e.src || e.href || e.action)"
    )
    assert all(r.startswith(running.url + "/") or r == "data:," for r in refs), refs  # data:, the empty icon
    errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    assert not errors, errors


def test_the_shipped_page_names_no_outside_address():
    for path in static_dir().iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.I), f"{path.name} names an outside address"


def test_package_data_ships_every_static_file():
    import tomllib
    from fnmatch import fnmatch

    root = Path(__file__).resolve().parent.parent
    patterns = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"][
        "game.classroom.hub"
    ]
    files = [p.relative_to(static_dir().parent).as_posix() for p in static_dir().rglob("*") if p.is_file()]
    assert files and all(any(fnmatch(f, pattern) for pattern in patterns) for f in files), files
