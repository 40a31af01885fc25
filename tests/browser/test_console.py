"""The console in a real (headless) Chromium: log in, see a handoff arrive live, chat.

Needs Debian's ``chromium`` and ``chromium-driver`` and the ``selenium`` package; skips
cleanly without them. Screenshots go to docs/screenshots/console-*.png.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot import caseworkers, handoffs, referrals
from bot.gateway.app import create_app
from bot.gateway.hub import CONSOLE, conversation_topic
from bot.gateway.keys import HUB, STORE
from bot.settings import Settings
from bot.store import open_store
from bot.store.migrate import upgrade
from bot.store.vocabulary import Role, Sender
from tests.bot.conftest import rasa_stand_in
from tests.bot.store.helpers import consent, sample_form

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path(shutil.which("chromedriver") or "/usr/bin/chromedriver")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "correct horse battery staple"
HOSTILE = "<b>bold?</b> I need help"


@pytest.fixture
def driver(tmp_path: Path) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium chromium-driver)")
    if not CHROMEDRIVER.exists():
        pytest.skip("chromedriver is absent (apt-get install chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'chromium'}",
        "--window-size=1280,900",
    ):
        options.add_argument(argument)
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    browser.implicitly_wait(0)
    yield browser
    browser.quit()


def wait(browser: Any, condition: Callable[[Any], Any], timeout: float = 10) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, timeout).until(condition)


def shoot(browser: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / f"console-{name}.png"))


async def test_log_in_see_the_queue_live_and_chat(aiohttp_server, driver: Any, tmp_path: Path):
    from selenium.webdriver.common.by import By

    rasa = await aiohttp_server(rasa_stand_in())
    url = str(rasa.make_url("")).rstrip("/")
    settings = Settings(var_dir=tmp_path, rasa_url=url, actions_url=url, rasa_token="secret")
    setup_store = open_store(settings)
    upgrade(setup_store.engine)
    caseworkers.create(setup_store, "sue", Role.SUPERVISOR, PASSWORD)
    caseworkers.create(setup_store, "anna", Role.CASEWORKER, PASSWORD)
    referral = referrals.record(
        setup_store,
        sample_form(needs=["interpreter", "housing"]),
        conversation_id="earlier",
        submission_id="s1",
        channel="web",
        consent=consent(),
    )
    setup_store.close()
    server = await aiohttp_server(create_app(settings, ranker=lambda text: []))
    app = server.app
    store, hub = app[STORE], app[HUB]
    loop = asyncio.get_running_loop()
    base = str(server.make_url("")).rstrip("/")

    def publish(topic: str, event: dict) -> None:
        asyncio.run_coroutine_threadsafe(hub.publish(topic, event), loop).result(5)

    def in_browser() -> int:
        driver.get(f"{base}/console/login")
        driver.find_element(By.ID, "username").send_keys("sue")
        driver.find_element(By.ID, "password").send_keys(PASSWORD)
        shoot(driver, "login")
        driver.find_element(By.CSS_SELECTOR, "#login-form button").click()
        wait(driver, lambda d: d.current_url.endswith("/console/queue"))
        wait(driver, lambda d: "on" in d.find_element(By.ID, "live").get_attribute("class"))

        # A handoff arrives while the queue is open: it shows up without a reload.
        view, _ = handoffs.queue(
            store, "conversation-1", channel="web", language="th", urgent=True, summary=HOSTILE
        )
        publish(CONSOLE, {"type": "handoff_queued", "handoff": view.as_json()})
        row = wait(
            driver, lambda d: d.find_elements(By.CSS_SELECTOR, f'#waiting tr[data-id="{view.id}"]')
        )[0]
        assert HOSTILE in row.text  # shown as text, not rendered as bold
        assert not row.find_elements(By.TAG_NAME, "b")
        assert "URGENT" in row.text and "th" in row.text and "web" in row.text
        shoot(driver, "queue")

        row.find_element(By.CSS_SELECTOR, "button[data-claim]").click()
        wait(driver, lambda d: d.current_url.endswith(f"/console/handoffs/{view.id}"))
        wait(driver, lambda d: "on" in d.find_element(By.ID, "live").get_attribute("class"))
        message = handoffs.add_message(store, view.id, Sender.PERSON, "<i>Are you there?</i>")
        publish(
            CONSOLE,
            {"type": "person_message", "handoff_id": view.id, "message": message.as_json()},
        )
        wait(driver, lambda d: "<i>Are you there?</i>" in d.find_element(By.ID, "messages").text)
        box = driver.find_element(By.ID, "message-text")
        box.send_keys("Yes, I am here. You are safe to write.")
        driver.find_element(By.CSS_SELECTOR, "#send-form button").click()
        wait(driver, lambda d: "You are safe to write" in d.find_element(By.ID, "messages").text)
        driver.find_element(By.ID, "note-text").send_keys("Prefers Thai; interpreter booked.")
        driver.find_element(By.CSS_SELECTOR, "#note-form button").click()
        wait(driver, lambda d: "interpreter booked" in d.find_element(By.ID, "notes").text)
        driver.set_window_size(1280, 1300)
        driver.execute_script("window.scrollTo(0, 0)")
        shoot(driver, "chat")
        driver.set_window_size(1280, 900)

        driver.get(f"{base}/console/referrals/{referral.referral_id}")
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-status]"))
        shoot(driver, "referral")
        driver.find_element(By.CSS_SELECTOR, '[data-status="in_contact"]').click()
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-status="admitted"]'))
        driver.set_window_size(1280, 1500)
        driver.get(f"{base}/console/stats?from=2020-01-01")
        wait(
            driver,
            lambda d: (
                d.find_element(By.CSS_SELECTOR, "img.chart").get_attribute("naturalWidth")
                not in (None, "0")
            ),
        )
        shoot(driver, "stats")
        driver.find_element(By.ID, "logout").click()
        wait(driver, lambda d: d.current_url.endswith("/console/login"))
        return view.id

    person = hub.subscribe(conversation_topic("conversation-1"))
    handoff_id = await loop.run_in_executor(None, in_browser)
    events = []
    while not person.empty():
        events.append(person.get_nowait())
    assert {"type": "claimed", "handoff_id": handoff_id} in events
    replies = [event for event in events if event["type"] == "caseworker_message"]
    assert [event["text"] for event in replies] == ["Yes, I am here. You are safe to write."]
    assert referrals.get(store, referral.referral_id).status == "in_contact"
    assert [m.text for m in handoffs.messages(store, handoff_id)] == [
        "<i>Are you there?</i>",
        "Yes, I am here. You are safe to write.",
    ]
