#!/usr/bin/env python3
"""Crawl a running Quanze site in headless Chromium and check every page at phone and desktop widths.

    .venv-e2e/bin/python scripts/browser_check.py http://127.0.0.1:18080

Pages: "/" plus the seed paths in scripts/browser_pages.txt (or the file named by env BROWSER_PAGES; one path
per line, blank lines and "#" comments ignored), then every same-origin <a href> found on visited pages,
breadth first, at most BROWSER_MAX_PAGES (default 40) distinct pages, at most 3 query-string variants of one
path among discovered links. Skipped: /api/, /openapi.json, /assets/, /logout, downloads (.csv, .xlsx, ...,
or <a download>), non-http links; "#fragments" are dropped. Then, unless BROWSER_STAFF=0, it logs in through the
login form as each role of STAFF_PAGES (demo accounts, password from BROWSER_PASSWORD) and checks that role's pages.

For every page, at 390 px and at 1280 px wide (900 px high), a page FAILS when:
  - its HTTP status is >= 400 (fetched with urllib first; redirects followed),
  - the browser console has a SEVERE entry (JS errors, failed loads such as a missing favicon, console.error),
  - its content is wider than the viewport: document.documentElement.scrollWidth > window.innerWidth, or any
    element's getBoundingClientRect().right > window.innerWidth + 1 (elements inside a horizontal scroll
    container, overflow-x auto/scroll, that itself fits are exempt: scrolling a wide table inside its box is fine),
  - html or body has computed overflow-x hidden or clip (hiding the overflow must not make a page pass).
Then, unless BROWSER_JOURNEYS=0, it walks three real tasks end to end (scripts/browser_journeys.py: the public user on
a phone, the 编办 clerk, a township) on a demo server of their own, started at the beginning (so that it loads the
demo while the crawl runs) on a scratch database, since two of them change data; each journey counts as one check.
Screenshots go to BROWSER_SCREENS (default artifacts/screens/; emptied first). One line per page x width, then "N passed, N failed".
Exit status: 0 all passed, 1 any failure, 2 usage or browser start-up error.
"""

from __future__ import annotations

import base64
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parent.parent
# BROWSER_SCREENS: a folder of this run (scripts/test.sh gives each run its own, so two runs never empty each other's)
SCREENS = Path(os.environ.get("BROWSER_SCREENS") or ROOT / "artifacts" / "screens")
DEFAULT_PAGES_FILE = Path(__file__).resolve().parent / "browser_pages.txt"
WIDTHS = (390, 1280)
HEIGHT = 900
MAX_PAGES = int(os.environ.get("BROWSER_MAX_PAGES", "40"))
MAX_QUERY_VARIANTS = 3
SKIP_PREFIXES = ("/api/", "/openapi.json", "/assets/", "/logout")
SKIP_EXTENSIONS = (".csv", ".xlsx", ".xls", ".zip", ".pdf", ".json", ".txt", ".xml", ".png", ".jpg", ".svg", ".ico")

LAYOUT_JS = r"""
const vw = window.innerWidth;
const de = document.documentElement;
const body = document.body;
const cs = (el) => window.getComputedStyle(el);
const describe = (el) => {
  let s = el.tagName.toLowerCase();
  if (el.id) s += '#' + el.id;
  const cls = (typeof el.className === 'string' ? el.className : '').trim().split(/\s+/).filter(Boolean);
  if (cls.length) s += '.' + cls.slice(0, 3).join('.');
  const text = (el.innerText || el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 40);
  if (text) s += ' "' + text + '"';
  return s;
};
// inside a scroll container (overflow-x auto/scroll, not html/body) that itself fits the viewport?
const scrolledInsideFittingBox = (el) => {
  for (let p = el.parentElement; p && p !== body && p !== de; p = p.parentElement) {
    const ox = cs(p).overflowX;
    if (ox === 'auto' || ox === 'scroll') {
      return p.getBoundingClientRect().right <= vw + 1;
    }
  }
  return false;
};
const offenders = [];
let count = 0;
for (const el of document.querySelectorAll('body *')) {
  const r = el.getBoundingClientRect();
  if (r.right > vw + 1 && !scrolledInsideFittingBox(el)) {
    count += 1;
    if (offenders.length < 5) offenders.push(describe(el) + ' right=' + Math.round(r.right));
  }
}
return {
  innerWidth: vw,
  scrollWidth: de.scrollWidth,
  htmlOverflowX: cs(de).overflowX,
  bodyOverflowX: body ? cs(body).overflowX : '',
  offenders: offenders,
  offenderCount: count,
  links: Array.from(document.querySelectorAll('a[href]'))
    .filter((a) => !a.hasAttribute('download'))
    .map((a) => a.href),
  scrollHeight: Math.max(de.scrollHeight, body ? body.scrollHeight : 0),
};
"""


def read_seeds() -> list[str]:
    path = Path(os.environ.get("BROWSER_PAGES") or DEFAULT_PAGES_FILE)
    seeds = ["/"]
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            seeds.append(line)
    return seeds


def normalize(base: str, href: str) -> str | None:
    """Absolute same-origin URL without fragment, or None when the link is not to be crawled."""
    url = urllib.parse.urljoin(base, href.strip())
    parts = urllib.parse.urlsplit(url)
    origin = urllib.parse.urlsplit(base)
    if parts.scheme not in ("http", "https") or (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
        return None
    # IRI -> URI: "/items?q=食品" becomes "/items?q=%E9%A3%9F%E5%93%81", as the browser's a.href has it
    path = urllib.parse.quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = urllib.parse.quote(parts.query, safe="/%:@!$&'()*+,;=?-._~")
    if any(path == p.rstrip("/") or path.startswith(p) for p in SKIP_PREFIXES):
        return None
    if path.lower().endswith(SKIP_EXTENSIONS):
        return None
    # table exports (?format=csv / ?format=xlsx) are downloads, not pages
    if any(k == "format" for k, _ in urllib.parse.parse_qsl(parts.query)):
        return None
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def display(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.unquote(parts.path + ("?" + parts.query if parts.query else ""))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001 - urllib's signature
        return None


def http_status(url: str, cookie: str = "") -> tuple[int, str, str]:
    """(status, content type, error text) — status 0 when nothing answered. Redirects are not followed for staff
    pages (a redirect to the login page would hide a refused page)."""
    headers = {"Accept": "text/html,*/*", "User-Agent": "quanze-browser-check"}
    if cookie:
        headers["Cookie"] = cookie
    # Pages with Chinese query values (e.g. ?q=街道) are typed as a user would; the HTTP client needs them
    # percent-encoded (what the browser does itself).
    url = urllib.parse.quote(url, safe=":/?&=%#+,;@!$'()*[]~")
    req = urllib.request.Request(url, headers=headers)
    opener = urllib.request.build_opener(NoRedirect) if cookie else urllib.request.build_opener()
    try:
        with opener.open(req, timeout=30) as resp:
            resp.read()
            return resp.status, resp.headers.get("Content-Type", ""), ""
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", "") if e.headers else "", ""
    except Exception as e:  # noqa: BLE001 - URLError, connection reset, bad status line, ...
        return 0, "", f"{type(e).__name__}: {getattr(e, 'reason', e)}"


def start_browser() -> webdriver.Chrome:
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=zh-CN"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=opts, service=Service("/usr/bin/chromedriver"))
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(30)
    return driver


def set_viewport(driver: webdriver.Chrome, width: int) -> None:
    """Window of width x HEIGHT; then grow the window so that the viewport itself is HEIGHT high."""
    driver.set_window_size(width, HEIGHT)
    inner = driver.execute_script("return window.innerHeight")
    if isinstance(inner, int) and 0 < inner < HEIGHT:
        driver.set_window_size(width, HEIGHT + (HEIGHT - inner))


def wait_loaded(driver: webdriver.Chrome, timeout: float = 20) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if driver.execute_script("return document.readyState") == "complete":
            break
        time.sleep(0.05)
    # web fonts and late scripts: give layout and async errors a moment
    try:
        driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "(document.fonts ? document.fonts.ready : Promise.resolve()).then(() => setTimeout(done, 250), () => done());"
        )
    except WebDriverException:
        time.sleep(0.25)


def screenshot(driver: webdriver.Chrome, path: Path, width: int, height: int) -> None:
    """Full-page PNG (capped at 6000 px high); the plain viewport screenshot when CDP is not available."""
    try:
        shot = driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": max(1, min(height, 6000)), "scale": 1},
            },
        )
        path.write_bytes(base64.b64decode(shot["data"]))
    except Exception:  # noqa: BLE001 - a screenshot must never fail the check
        driver.save_screenshot(str(path))


def slug(index: int, url: str, width: int) -> str:
    s = re.sub(r"[^0-9A-Za-z._-]+", "_", display(url).strip("/")) or "root"
    return f"{index:02d}-{s[:80]}-{width}.png"


def check_layout(info: dict) -> list[str]:
    problems = []
    vw = info["innerWidth"]
    if info["scrollWidth"] > vw:
        problems.append(f"scrollWidth {info['scrollWidth']} > innerWidth {vw}")
    if info["offenderCount"]:
        problems.append(
            f"{info['offenderCount']} element(s) past the right edge ({vw}px): " + "; ".join(info["offenders"])
        )
    for who in ("html", "body"):
        ox = info[f"{who}OverflowX"]
        if ox in ("hidden", "clip"):
            problems.append(f"{who} has overflow-x: {ox} (must not hide overflow)")
    return problems


def check_page(driver: webdriver.Chrome, url: str, index: int, cookie: str = "", label: str = "") -> tuple[int, int, list[str]]:
    """Checks one page at both widths; returns (passed, failed, links found)."""
    passed = failed = 0
    links: list[str] = []
    name = (label + " " if label else "") + display(url)
    status, ctype, err = http_status(url, cookie)
    http_problem = ""
    if status == 0:
        http_problem = f"no HTTP answer ({err})"
    elif status >= 400 or (cookie and status >= 300):
        http_problem = f"HTTP {status}"
    is_html = status == 0 or "html" in ctype.lower() or not ctype
    for width in WIDTHS:
        problems = [http_problem] if http_problem else []
        if status != 0 and not is_html:
            mark = "FAIL" if problems else "OK  "
            print(f"{mark} {width:>4}px {name}  (HTTP {status}, {ctype}: not a page, browser checks skipped)"
                  + (": " + "; ".join(problems) if problems else ""))
            passed, failed = (passed, failed + 1) if problems else (passed + 1, failed)
            continue
        try:
            set_viewport(driver, width)
            driver.get_log("browser")  # drop what earlier pages left
            driver.get(url)
            wait_loaded(driver)
            info = driver.execute_script(LAYOUT_JS)
            severe = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
            for e in severe[:3]:
                problems.append("console SEVERE: " + str(e.get("message", ""))[:200])
            if len(severe) > 3:
                problems.append(f"... {len(severe) - 3} more SEVERE console entries")
            problems.extend(check_layout(info))
            screenshot(driver, SCREENS / slug(index, url, width), info["innerWidth"], info["scrollHeight"])
            links.extend(info["links"])
        except WebDriverException as e:
            problems.append(f"browser error: {(e.msg or str(e)).splitlines()[0][:200]}")
        if problems:
            failed += 1
            print(f"FAIL {width:>4}px {name}: " + " | ".join(problems))
        else:
            passed += 1
            print(f"OK   {width:>4}px {name}")
        sys.stdout.flush()
    return passed, failed, links


# Staff pages: log in as each role in the browser (the real form), then check that role's pages. The session
# cookie is passed to the HTTP status check so a refused page cannot pass as a redirect to the login page.
STAFF_PAGES = {
    "bianban": [
        "/workbench", "/units", "/units/510304100000", "/account/password", "/delegation",
        "/delegation?mode=entrusted&sort=effective&dir=desc&size=20", "/capacity", "/capacity?q=街道&sort=rate&dir=desc",
        "/suggestions", "/suggestions?severity=serious",
        "/suggestions/confirm?asOf=2023-12-31&rule=R1&item=DA-CF-0213&action=recall", "/agencies",
        "/resources", "/resources?year=2023&sort=cases&dir=desc&size=5",
        "/accountability", "/accountability?person=ZF-510304100-002",
        "/governance",
        "/disputes", "/disputes/ZY-0001", "/disputes/ZY-0002",
        "/feedback", "/evaluations?kind=item&sort=score&dir=desc", "/items/DA-CF-0189",
        "/reports/annual", "/reports/annual/2023/print?draft=1",
        "/supervision", "/supervision?year=2023&sort=total&dir=desc", "/guidance",
        "/subscriptions",
    ],
    "dashanpu": [
        "/workbench", "/units/510304100000", "/delegation", "/units/510304100000/capacity",
        "/units/510304100000/capacity/fit", "/units/510304100000/capacity?position=enforcement&sort=hours&dir=desc&size=20",
        "/agencies", "/governance", "/resources", "/accountability",
        "/disputes", "/disputes/ZY-0004", "/reports/annual", "/supervision", "/items/DA-CF-0189",
    ],
    "shichang": [
        "/workbench", "/delegation", "/capacity/courses", "/agencies", "/governance", "/disputes/ZY-0003", "/guidance",
        "/subscriptions",
    ],
    "yingji": ["/guidance", "/items/DA-CF-0064"],
    "jiandu": [
        "/agencies", "/governance", "/resources", "/accountability",
        "/evaluations", "/evaluations?township=510304100000", "/feedback", "/items/DA-XK-0001", "/reports/annual",
        "/supervision",
    ],
    "sifa": ["/delegation", "/suggestions", "/accountability", "/reports/annual/2023/print", "/supervision"],
    "sysadmin": ["/workbench", "/admin/accounts", "/admin/organizations", "/admin/outbox"],
    "secadmin": ["/workbench", "/security"],
    "auditadmin": [
        "/workbench", "/audit", "/audit?verify=1", "/audit?action=login",
        "/audit?q=清单&from=2023-01-01&to=2023-12-31&sort=at&dir=asc&size=20&page=2",
    ],
    "heping": ["/governance"],
}
STAFF_PASSWORD = os.environ.get("BROWSER_PASSWORD", "Daan@2023-demo")


def check_staff_pages(driver: webdriver.Chrome, base: str, index: int) -> tuple[int, int]:
    passed = failed = 0
    if os.environ.get("BROWSER_STAFF", "1") == "0":
        return 0, 0
    for username, pages in STAFF_PAGES.items():
        driver.delete_all_cookies()
        set_viewport(driver, 1280)
        driver.get(base + "login")
        wait_loaded(driver)
        driver.find_element("name", "username").send_keys(username)
        driver.find_element("name", "password").send_keys(STAFF_PASSWORD)
        driver.find_element("css selector", "form[action='/login'] button[type=submit]").click()
        wait_loaded(driver)
        cookies = {c["name"]: c["value"] for c in driver.get_cookies()}
        if "qz_session" not in cookies or "/workbench" not in driver.current_url:
            failed += 1
            print(f"FAIL login as {username}: landed on {driver.current_url}")
            continue
        cookie = f"qz_session={cookies['qz_session']}"
        for page in pages:
            index += 1
            ok, bad, _ = check_page(driver, base + page.lstrip("/"), index, cookie, label=f"[{username}]")
            passed, failed = passed + ok, failed + bad
    driver.delete_all_cookies()
    return passed, failed


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[1].startswith(("http://", "https://")):
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print(f"usage: {argv[0]} BASE_URL", file=sys.stderr)
        return 2
    base = argv[1].rstrip("/") + "/"
    try:
        seeds = read_seeds()
    except OSError as e:
        print(f"cannot read the seed pages: {e}", file=sys.stderr)
        return 2

    SCREENS.mkdir(parents=True, exist_ok=True)
    for old in SCREENS.glob("*.png"):
        old.unlink()

    queue: deque[str] = deque()
    seen: set[str] = set()
    variants: dict[str, int] = {}
    dropped: set[str] = set()

    def enqueue(url: str | None, seed: bool = False) -> None:
        if url is None or url in seen:
            return
        path = urllib.parse.urlsplit(url).path
        if not seed and urllib.parse.urlsplit(url).query:
            if variants.get(path, 0) >= MAX_QUERY_VARIANTS:
                return
        if len(seen) >= MAX_PAGES:
            dropped.add(url)
            return
        seen.add(url)
        if urllib.parse.urlsplit(url).query:
            variants[path] = variants.get(path, 0) + 1
        queue.append(url)

    for s in seeds:
        enqueue(normalize(base, s), seed=True)

    # The journeys' own demo server loads while the crawl runs.
    journeys = None
    if os.environ.get("BROWSER_JOURNEYS", "1") != "0":
        import browser_journeys

        try:
            journeys = browser_journeys.DemoServer()
        except OSError as e:
            journeys = e

    try:
        driver = start_browser()
    except WebDriverException as e:
        print(f"cannot start chromium/chromedriver: {e.msg or e}", file=sys.stderr)
        if journeys is not None and not isinstance(journeys, OSError):
            journeys.stop()
        return 2

    passed = failed = 0
    index = 0
    try:
        while queue:
            url = queue.popleft()
            index += 1
            ok, bad, links = check_page(driver, url, index)
            passed, failed = passed + ok, failed + bad
            for href in links:
                enqueue(normalize(url, href))
        ok, bad = check_staff_pages(driver, base, index)
        passed, failed = passed + ok, failed + bad
        if isinstance(journeys, OSError):
            failed += 1
            print(f"FAIL journeys: cannot start their demo server: {journeys}")
        elif journeys is not None:
            try:
                ok, bad = browser_journeys.run(driver, journeys.url())
            except RuntimeError as e:
                ok, bad = 0, 1
                print(f"FAIL journeys: {e}")
            passed, failed = passed + ok, failed + bad
    finally:
        driver.quit()
        if journeys is not None and not isinstance(journeys, OSError):
            journeys.stop()

    if dropped:
        print(f"(page limit {MAX_PAGES} reached: {len(dropped)} further distinct link(s) not visited)")
    print(f"screenshots: {SCREENS}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
