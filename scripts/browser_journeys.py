#!/usr/bin/env python3
"""Three real tasks walked end to end in headless Chromium, as their users do them (issue 13, point 9).

    .venv-e2e/bin/python scripts/browser_journeys.py            # starts its own demo server, runs, stops it
    .venv-e2e/bin/python scripts/browser_journeys.py URL        # against a running demo server (it changes data!)

`scripts/browser_check.py` runs them after its crawl (unless BROWSER_JOURNEYS=0). The clerk's and the township's
tasks change data, so they never run against the crawl's server: this script starts `quanze serve --demo` itself
(QUANZE_BIN, default .build/debug/quanze) on a scratch SQLite file in a temporary folder and a free port (PORT=0,
it reads the URL the server prints once it listens), and stops only that server (by its process id).

The journeys — clicks, typing and form submits in the browser, checking at each step what the user sees:
  1. public, on a phone (390 px): from the home page's search box to a licence's 办事指引, picks a township, reads
     who acts (in whose name, since when, on which decision) with the unit's address and telephone, and opens the
     published document;
  2. 编办 clerk (1280 px): opens the adjustment suggestions, acts on a recall suggestion, reads the confirmation
     ("将对以下 N 个镇街提出收回…"), confirms, is told what started and finds the N recall proposals, each naming its
     township, in the review queue of 赋权下放;
  3. township (大山铺镇, 1280 px): sees an item of the menu with its capacity fit (what it lacks), orders it and
     follows the order on its workbench through 编办's approval (which shows the same gap), the 委托书 编办 draws
     and both sides (市场监管局 and the township) sign and publish, to its start — then opens the item on its
     list from the start date and the 委托书 from the order.
A journey stops at its first failed step (screenshot in BROWSER_SCREENS/journeys/). Exit 0 when all pass.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

ROOT = Path(__file__).resolve().parent.parent
SCREENS = Path(os.environ.get("BROWSER_SCREENS") or ROOT / "artifacts" / "screens") / "journeys"
PASSWORD = os.environ.get("BROWSER_PASSWORD", "Daan@2023-demo")
# Loading the demo takes 1–2 minutes on two free cores, over ten on a machine busy with other builds and tests.
SERVER_WAIT = int(os.environ.get("JOURNEY_SERVER_WAIT", "1500"))

TOWNSHIP = "510304100000"  # 大山铺镇 (account dashanpu)
TOWNSHIP_NAME = "大山铺镇"
LICENCE = "食品(含保健食品)经营许可核发"  # 511A0005200004, 赋权 to every township by 大安府发〔2021〕11号


class StepFailed(Exception):
    pass


class DemoServer:
    """`quanze serve --demo` on a scratch SQLite file and a free port; `url()` waits until it listens."""

    def __init__(self) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="quanze-journeys-")
        binary = os.environ.get("QUANZE_BIN") or str(ROOT / ".build" / "debug" / "quanze")
        env = dict(os.environ, DATABASE_URL=f"sqlite://{self.folder.name}/journeys.sqlite", PORT="0")
        env.pop("QUANZE_COUNTY", None)
        self.log = Path(self.folder.name) / "server.log"
        self.started = time.monotonic()
        self._url: str | None = None
        self._lines: list[str] = []
        self.process = subprocess.Popen(
            [binary, "serve", "--demo"], cwd=self.folder.name, env=env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, bufsize=1)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.append(line)
            m = re.search(r"Quanze 已启动：(http://\S+)", line)
            if m and self._url is None:
                self._url = m.group(1)

    def url(self) -> str:
        deadline = self.started + SERVER_WAIT
        while time.monotonic() < deadline:
            if self._url:
                try:
                    with urllib.request.urlopen(self._url + "healthz", timeout=5) as r:
                        if r.status == 200:
                            return self._url
                except OSError:
                    pass
            if self.process.poll() is not None:
                raise RuntimeError("the journeys' demo server exited: " + "".join(self._lines[-20:])[-1500:])
            time.sleep(0.5)
        raise RuntimeError(f"the journeys' demo server did not answer within {SERVER_WAIT} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.folder.cleanup()


class Journey:
    """One user's task: `step` prints what was checked; a failed check raises StepFailed."""

    def __init__(self, driver: webdriver.Chrome, base: str, name: str, width: int) -> None:
        self.driver, self.base, self.name, self.width = driver, base, name, width
        self.steps = 0
        # The township journey's order (its code on the workbench) and the township's orders before it.
        self.order: str | None = None
        self.earlier_orders: set[str] = set()

    # --- the browser, as a user drives it

    def viewport(self) -> None:
        from browser_check import set_viewport

        set_viewport(self.driver, self.width)

    def settle(self) -> None:
        from browser_check import wait_loaded

        wait_loaded(self.driver)
        page = self.text()
        if self.driver.find_elements(By.CSS_SELECTOR, ".error-card"):
            raise StepFailed(f"an error page at {self.where()}: " + " / ".join(self.text(".error-card").split("\n"))[:300])
        if page.lstrip().startswith("{"):
            raise StepFailed(f"the API's raw answer instead of a page: {page[:200]}")
        severe = [e for e in self.driver.get_log("browser") if e.get("level") == "SEVERE"]
        if severe:
            raise StepFailed("console SEVERE: " + str(severe[0].get("message", ""))[:200])

    def open(self, path: str) -> None:
        self.driver.get(self.base + path.lstrip("/"))
        self.settle()

    def text(self, css: str = "body") -> str:
        return " ".join(e.text for e in self.driver.find_elements(By.CSS_SELECTOR, css))

    def find(self, css: str, contains: str = "", within: object = None):
        scope = within or self.driver
        for e in scope.find_elements(By.CSS_SELECTOR, css):
            if contains in (e.text or "") or contains in (e.get_attribute("value") or ""):
                return e
        raise StepFailed(f"no {css}" + (f" with “{contains}”" if contains else "") + f" on {self.where()}")

    def click(self, element) -> None:
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()
        self.settle()

    def link(self, text: str, css: str = "a") -> None:
        self.click(self.find(css, text))

    def type(self, element, value: str) -> None:
        element.clear()
        element.send_keys(value)

    def login(self, username: str) -> None:
        self.driver.delete_all_cookies()
        self.open("/login")
        self.type(self.driver.find_element(By.NAME, "username"), username)
        self.type(self.driver.find_element(By.NAME, "password"), PASSWORD)
        self.click(self.driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]"))
        self.see("/workbench" in self.driver.current_url, f"{username} signs in and lands on the workbench")

    def where(self) -> str:
        return urllib.parse.unquote(self.driver.current_url.replace(self.base, "/"))

    def see(self, condition: bool, what: str) -> None:
        self.steps += 1
        if not condition:
            raise StepFailed(f"{what} — not so on {self.where()}")
        print(f"  ok  {what}")
        sys.stdout.flush()

    def shot(self, label: str) -> None:
        from browser_check import screenshot

        SCREENS.mkdir(parents=True, exist_ok=True)
        height = self.driver.execute_script("return document.documentElement.scrollHeight") or 900
        screenshot(self.driver, SCREENS / f"{label}-{self.width}.png", self.width, int(height))


def public_licence(j: Journey) -> None:
    """The public user on a phone: who handles food licensing in 大山铺镇, and the published document."""
    j.driver.delete_all_cookies()
    j.open("/")
    search = j.driver.find_element(By.CSS_SELECTOR, "form[role=search] input[name=q]")
    j.see(search.is_displayed(), "the home page offers a search box")
    j.type(search, "食品")
    search.submit()
    j.settle()
    j.see("/items" in j.where(), "the search lands on the catalogue's results")
    j.link(LICENCE)
    j.see(LICENCE in j.text("h1"), f"the item page of {LICENCE}")
    guide = j.find("#guide")
    j.see(guide.is_displayed() and "办事指引" in guide.text, "the item page opens on a 办事指引 card")
    Select(guide.find_element(By.NAME, "township")).select_by_visible_text(TOWNSHIP_NAME)
    j.click(guide.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    guide = j.find("#guide")
    lines = guide.find_elements(By.CSS_SELECTOR, ".guide-line")
    j.see(len(lines) >= 1, f"the guide answers for {TOWNSHIP_NAME}")
    line = lines[0].text
    j.see(TOWNSHIP_NAME in line and "名义" in line, f"who acts and in whose name: “{line[:40]}…”")
    since = re.search(r"\d{4}年\d{1,2}月\d{1,2}日起", line)
    j.see(since is not None and "大安府发〔2021〕11号" in line, f"since when ({since.group(0) if since else '—'}) and on which decision")
    contact = guide.find_element(By.CSS_SELECTOR, ".guide-contact").text
    phone = guide.find_elements(By.CSS_SELECTOR, ".guide-contact a[href^='tel:']")
    j.see("办事地址" in contact and len(phone) == 1, f"where to go and whom to call: {phone[0].text if phone else '—'}")
    seen = j.driver.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight", lines[0])
    j.see(seen is True, "the answer is on the phone's screen without scrolling")
    document = j.find(".guide-line a", "查看公布的")
    j.click(document)
    page = j.text()
    j.see("/agreements/" in j.where(), "the published document opens")
    published = re.search(r"于\d{4}年\d{1,2}月\d{1,2}日在\S+公布", page)
    j.see("大安府发〔2021〕11号" in page and published is not None, f"the document shows its 文号 and “{published.group(0) if published else '—'}”")
    j.see(LICENCE in page and TOWNSHIP_NAME in page, "the document names the licence and the township")
    j.shot("1-public-document")


def clerk_accepts(j: Journey) -> None:
    """The 编办 clerk acts on a recall suggestion and finds the proposals it started."""
    j.login("bianban")
    j.link("调整建议", "nav a, .tabs a, .todo a")
    j.see("调整建议" in j.text("h1"), "the suggestions page")
    action = next(
        (a for a in j.driver.find_elements(By.CSS_SELECTOR, "section.suggestion a.button") if "收回" in a.text), None)
    if action is None:
        raise StepFailed(f"no recall suggestion to act on at {j.where()}")
    card = action.find_element(By.XPATH, "ancestor::section[1]")
    item = card.find_element(By.CSS_SELECTOR, "h2 a").text
    j.see(bool(item), f"a recall suggestion for “{item}”")
    j.click(action)
    sentence = j.text(".confirm-what")
    m = re.search(r"将对以下 ?(\d+) ?个镇街提出收回", sentence)
    j.see(m is not None, f"the confirmation says what will start: “{sentence[:80]}”")
    count = int(m.group(1)) if m else 0
    j.see("在您确认之前不会写入任何内容" in j.text(), "nothing is written before the confirmation")
    j.click(j.find("form button[type=submit]", "确认采纳"))
    notice = j.text(".notice")
    j.see(f"启动了 {count} 项流程" in notice, f"told what started: “{notice}”")
    j.link("赋权下放", "nav a")
    queue = j.find("section.card", "待编办审核")
    rows = [r for r in queue.find_elements(By.CSS_SELECTOR, "tbody tr") if item in r.text]
    j.see(len(rows) == count, f"the {count} recall proposals wait in 待编办审核")
    townships = {r.find_element(By.CSS_SELECTOR, "td[data-label=镇街]").text for r in rows}
    j.see(len(townships) == count and all(townships), "each names its township")
    j.shot("2-clerk-proposals")


ITEM_NAME_PART = "对食品经营者未按规定要求销售食品的处罚"


def township_orders(j: Journey) -> None:
    """A township orders an item from the menu, sees its capacity fit and follows the order to its start."""
    # An item on the demo's menu that 大山铺镇 does not hold: 委托 by 大安府办发〔2022〕21号, taken back by
    # 大安府办发〔2023〕14号 (the 委托书 is 市场监管局's, whose account signs it).
    item = "DA-CF-0030"
    # The township.
    j.login("dashanpu")
    j.earlier_orders = {
        c.text for c in j.driver.find_elements(By.CSS_SELECTOR, "#orders + table tbody tr td[data-label=点单] code")}
    j.link("赋权下放", "nav a")
    menu = j.find("form[action='/api/v1/delegation/orders']")
    row = j.find("tbody tr", item, within=menu)
    fit = row.find_element(By.CSS_SELECTOR, "td[data-label=本单位缺少]").text
    j.see(fit.startswith("具备") or fit.startswith("缺少"), f"the menu shows the capacity fit of {item}: {fit}")
    gap = fit.removeprefix("缺少").strip() if fit.startswith("缺少") else ""
    j.click(row.find_element(By.CSS_SELECTOR, "input[type=checkbox]"))
    j.click(menu.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    order_row(j, item, "待编办审批", "the order waits for 编办's approval on the township's workbench")

    # 编办 approves the line and draws the 委托书 (市场监管局's own 文号, 大安市监发).
    number = "大安市监发〔2023〕101号"
    j.login("bianban")
    j.link("赋权下放", "nav a")
    line = j.find("tbody tr", item, within=section(j, "待审批的点单"))
    shown = line.find_element(By.CSS_SELECTOR, "td[data-label=承接能力缺口]").text
    j.see(TOWNSHIP_NAME in line.text and shown == (gap or "无"), f"编办 sees the order line with the same capacity gap: {shown}")
    j.click(line.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    draw = next(
        (f for f in j.driver.find_elements(By.CSS_SELECTOR, "form[action='/api/v1/delegation/agreements']")
         if item in f.text), None)
    if draw is None:
        raise StepFailed(f"no 委托书 to draw for {item} on {j.where()}")
    j.type(draw.find_element(By.NAME, "number"), number)
    j.type(draw.find_element(By.NAME, "scope"), "受理备案、核查和信息公示")
    set_date(j, draw.find_element(By.NAME, "termFrom"), "2023-12-31")
    set_date(j, draw.find_element(By.NAME, "termTo"), "2026-12-30")
    j.click(draw.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    j.see(number in j.text(), f"编办 drew the 委托书 {number}")
    order_row(j, item, "文书办理中", "the township follows its order to the 委托书 drawn", login=True)

    # Both sides sign it, then both publish it (a 委托书 is published only once both have signed).
    for event, done in (("sign", "签署"), ("publish", "公布")):
        for who in ("shichang", "dashanpu"):
            j.login(who)
            j.link("赋权下放", "nav a")
            row = j.find("tbody tr", number, within=section(j, "委托书与赋权决定"))
            before = row.find_element(By.CSS_SELECTOR, "td[data-label=待办]").text
            form = row.find_element(By.CSS_SELECTOR, f"form:has(input[name=event][value={event}])")
            j.click(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
            j.link("赋权下放", "nav a")
            row = j.find("tbody tr", number, within=section(j, "委托书与赋权决定"))
            after = row.find_element(By.CSS_SELECTOR, "td[data-label=待办]").text
            j.see(after != before, f"{who} {done}: 待办 “{before}” → “{after}”")
    follow = order_row(j, item, "文书办理中", "the township follows its order to the signed and published 委托书")
    j.see("已公布" in follow.find_element(By.CSS_SELECTOR, "td[data-label=文书]").text, "its 委托书 is published")

    # 编办 starts it; the township sees the start and the item on its empowerment list.
    j.login("bianban")
    j.link("赋权下放", "nav a")
    row = j.find("tbody tr", number, within=section(j, "委托书与赋权决定"))
    j.click(row.find_element(By.CSS_SELECTOR, "form:has(input[name=event][value=start]) button[type=submit]"))
    j.link("赋权下放", "nav a")
    j.see(number not in section(j, "委托书与赋权决定").text, f"编办 started {number}: no longer among the documents to do")
    follow = order_row(j, item, "已生效", "the township's workbench shows the order started", login=True)
    start = follow.find_elements(By.CSS_SELECTOR, "td[data-label=生效] a")
    j.see(len(start) == 1 and "起" in start[0].text, f"the start date: {start[0].text if start else '—'}")
    j.click(start[0])
    j.see(ITEM_NAME_PART in j.text() and TOWNSHIP in j.where(), "the start link leads to the item on the township's list")
    follow = order_row(j, item, "已生效", "", login=False)
    j.click(j.find("td[data-label=文书] a", "查看文书", within=follow))
    j.see(number in j.text() and ITEM_NAME_PART in j.text(), f"the order's document {number} opens")
    j.shot("3-township-order")


def section(j: Journey, heading: str):
    """The card whose heading contains `heading`."""
    for card in j.driver.find_elements(By.CSS_SELECTOR, "section.card"):
        if any(heading in h.text for h in card.find_elements(By.CSS_SELECTOR, "h2")):
            return card
    raise StepFailed(f"no card “{heading}” on {j.where()}")


def set_date(j: Journey, element, value: str) -> None:
    """A date input's value as the date picker sets it (typing into it depends on the browser's locale)."""
    j.driver.execute_script("arguments[0].value = arguments[1]", element, value)


def order_row(j: Journey, item: str, stage: str, what: str, login: bool = False):
    """The township's workbench row of its order of `item` (signing in as the township first when asked)."""
    if login:
        j.login("dashanpu")
    else:
        j.link("工作台", "nav a")
    rows = [
        r for r in j.driver.find_elements(By.CSS_SELECTOR, "#orders + table tbody tr")
        if r.find_elements(By.CSS_SELECTOR, f"a[href='/items/{item}']")
    ]
    codes = [r.find_element(By.CSS_SELECTOR, "td[data-label=点单] code").text for r in rows]
    if j.order is None:
        # The order just placed: the one the workbench did not show before.
        new = [c for c in codes if c not in j.earlier_orders]
        if len(new) != 1:
            raise StepFailed(f"{len(new)} new orders of {item} on the workbench (orders: {codes})")
        j.order = new[0]
    rows = [r for r, c in zip(rows, codes) if c == j.order]
    if len(rows) != 1:
        raise StepFailed(f"{len(rows)} rows of the order {j.order} of {item} on the workbench")
    shown = rows[0].find_element(By.CSS_SELECTOR, "td[data-label=进度]").text
    document = rows[0].find_element(By.CSS_SELECTOR, "td[data-label=文书]").text
    print(f"      workbench: {item} 进度 {shown} · 文书 {document.replace(chr(10), ' ')}")
    if what:
        j.see(shown.startswith(stage), what + f" ({shown})")
    return rows[0]


JOURNEYS = (
    ("public user on a phone: who handles a licence in a township, and the published document", 390, public_licence),
    ("编办 clerk: accepts a suggestion and sees the proposals it started", 1280, clerk_accepts),
    ("township: orders from the menu, sees its capacity fit, follows the order to its start", 1280, township_orders),
)


def run(driver: webdriver.Chrome, base: str) -> tuple[int, int]:
    """Runs every journey on `base`; returns (passed, failed)."""
    passed = failed = 0
    only = {s.strip() for s in os.environ.get("JOURNEYS_ONLY", "").split(",") if s.strip()}
    for number, (name, width, walk) in enumerate(JOURNEYS, start=1):
        if only and str(number) not in only:
            continue
        print(f"journey: {name} ({width}px)")
        j = Journey(driver, base, name, width)
        try:
            j.viewport()
            driver.get_log("browser")
            walk(j)
            passed += 1
            print(f"OK   journey ({j.steps} steps): {name}")
        except (StepFailed, NoSuchElementException, WebDriverException) as e:
            failed += 1
            message = e.msg if isinstance(e, WebDriverException) else str(e)
            print(f"FAIL journey after {j.steps} steps: {name}: {(message or '').splitlines()[0][:300]}")
            try:
                j.shot(f"FAIL-{number}")
            except WebDriverException:
                pass
        sys.stdout.flush()
    driver.delete_all_cookies()
    return passed, failed


def main(argv: list[str]) -> int:
    from browser_check import start_browser

    server = None if len(argv) > 1 else DemoServer()
    try:
        base = argv[1].rstrip("/") + "/" if len(argv) > 1 else server.url()
        driver = start_browser()
        try:
            passed, failed = run(driver, base)
        finally:
            driver.quit()
    except RuntimeError as e:
        print(f"FAIL journeys: {e}")
        return 2
    finally:
        if server:
            server.stop()
    print(f"{passed} journeys passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
