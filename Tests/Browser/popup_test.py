#!/usr/bin/env python3
"""Real-browser test of MiniCRM's live call pop-ups (headless Chromium + Selenium).

Runs against a MiniCRM that is already running with the demo seed data (it does not start one):

    python3 popup_test.py --base-url http://127.0.0.1:8080 --crm-token TOKEN [--screenshot out.png]

Steps: ivanov signs in through the form in two windows (tab A, tab B), petrova in a separate browser
session; the script plays the PBX (form-encoded POSTs to /crm_integration) and checks what each browser
shows: INCOMING → pop-up in both ivanov tabs within a second and none for petrova; ACCEPTED → "in call"
with a timer; COMPLETED → closed; history → the call with its recording on the contact card; a contact
whose name is HTML is shown as text; CANCELLED → closed and listed in the missed-calls tray. Then: a
ring-group race (petrova's CANCELLED before ivanov's ACCEPTED) leaves no missed entry in petrova's tab
and none on the admin's live board, which counts calls rather than legs and has no tile for the admin;
three pop-ups at 1366×768 and 1920×1080 cover neither the header nor the call history's Duration and
Recording cells, and the recording plays with them open; the contact form refuses a phone that is not
one, inline, keeps an extension, and its toast follows a language switch.

Exit status 0 on success; on the first failure, non-zero with a message naming the step.
"""

import argparse
import json
import os
import re
import sys
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
import uuid

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

WAIT = 10  # seconds, the longest any single wait may take
SMIRNOV = "Смирнов Алексей Петрович"
SMIRNOV_PHONE = "79161234567"
XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_PHONE = "79990001122"


class Failure(Exception):
    pass


class Steps:
    """Names the step being run, so a failure says where it happened."""

    def __init__(self):
        self.current = "start"

    def __call__(self, name):
        self.current = name
        print(f"• {name}", flush=True)


step = Steps()


def fail(message):
    raise Failure(message)


# ---- the PBX side ----------------------------------------------------------------------------

def pbx_post(args, **params):
    params["crm_token"] = args.crm_token
    body = urllib.parse.urlencode(params).encode("utf-8")
    request = urllib.request.Request(
        args.base_url.rstrip("/") + "/crm_integration", data=body, method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    sent = time.time()  # before sending: the pop-up may well appear before the PBX gets its answer
    try:
        with urllib.request.urlopen(request, timeout=WAIT) as response:
            status = response.status
            text = response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        fail(f"/crm_integration answered {error.code} to {params.get('cmd')} {params.get('type')}: "
             f"{error.read().decode('utf-8', 'replace')}")
    except urllib.error.URLError as error:
        fail(f"cannot reach {args.base_url}: {error.reason}")
    if status != 200:
        fail(f"/crm_integration answered {status}: {text}")
    return sent


def event(args, type_, callid, phone, user="ivanov"):
    return pbx_post(args, cmd="event", type=type_, phone=phone, user=user, callid=callid)


# ---- the browser side ------------------------------------------------------------------------

def make_driver(args):
    options = webdriver.ChromeOptions()
    options.binary_location = args.chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900",
                 "--lang=ru-RU", "--disable-gpu", "--no-first-run", "--disable-extensions",
                 "--autoplay-policy=no-user-gesture-required"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "ru-RU,ru"})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit chromedriver: Selenium Manager must never try to download anything.
    driver = webdriver.Chrome(service=Service(executable_path=args.chromedriver), options=options)
    driver.set_script_timeout(WAIT)
    driver.set_page_load_timeout(WAIT * 3)
    return driver


def wait(driver, condition, message, timeout=WAIT):
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: condition(d))
    except TimeoutException:
        fail(f"{message} (waited {timeout:g} s)")


def js(driver, script, *args):
    return driver.execute_script(script, *args)


def popup_selector(callid, user="ivanov"):
    return f'#popups .popup[data-callid="{css_escape(callid)}"][data-user="{css_escape(user)}"]'


def css_escape(value):
    return re.sub(r'(["\\])', r"\\\1", value)


def popup_info(driver, callid):
    """The pop-up of this call as the page has it (textContent: independent of animations)."""
    return js(driver, """
        const card = document.querySelector(arguments[0]);
        if (!card || card.classList.contains('leaving')) return null;
        const text = (sel) => { const el = card.querySelector(sel); return el ? el.textContent : null; };
        const timer = card.querySelector('.popup-timer');
        let timerVisible = false;
        if (timer) {
          const r = timer.getBoundingClientRect();
          const s = getComputedStyle(timer);
          timerVisible = r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
        }
        return {state: card.dataset.state, name: text('.popup-name'), stateLabel: text('.popup-state'),
                timer: timer ? timer.textContent : null, timerVisible};
    """, popup_selector(callid))


def popup_info_for(driver, callid, user):
    return js(driver, "const c = document.querySelector(arguments[0]); return c && !c.classList.contains('leaving');",
              popup_selector(callid, user))


def install_watch(driver):
    """Records, in the page, when each pop-up first appears and whether anything tried to alert()."""
    js(driver, """
        window.__seen = window.__seen || {};
        window.__alerts = window.__alerts || [];
        for (const name of ['alert', 'confirm', 'prompt']) {
          const original = window[name].bind(window);
          if (window[name].__watched) continue;
          const watched = (...a) => { window.__alerts.push(name + ':' + a.join(' ')); return original(...a); };
          watched.__watched = true;
          window[name] = watched;
        }
        if (!window.__watch) {
          const note = () => {
            for (const card of document.querySelectorAll('#popups .popup')) {
              const key = card.dataset.callid + '|' + card.dataset.user;
              if (!(key in window.__seen)) window.__seen[key] = Date.now();
            }
          };
          window.__watch = new MutationObserver(note);
          window.__watch.observe(document.getElementById('popups'), {childList: true, subtree: true, attributes: true});
          note();
        }
    """)


def seen_at(driver, callid, user="ivanov"):
    value = js(driver, "return (window.__seen || {})[arguments[0]];", f"{callid}|{user}")
    return None if value is None else value / 1000.0


def no_alert(driver, where):
    try:
        alert = driver.switch_to.alert
        text = alert.text
        alert.dismiss()
        fail(f"{where}: a JavaScript alert was raised: {text!r}")
    except NoAlertPresentException:
        pass
    calls = js(driver, "return window.__alerts || [];")
    if calls:
        fail(f"{where}: the page called {calls}")


def login(driver, args, user, password, where):
    base = args.base_url.rstrip("/")
    driver.get(base + "/#/login")
    state = wait(driver, lambda d: js(d, """
        if (document.getElementById('login-form')) return 'form';
        const header = document.getElementById('header');
        return header && !header.hidden && header.querySelector('.nav') ? 'in' : null;
    """), f"{where}: neither the login form nor the app appeared at {base}/")
    if state == "form":
        driver.find_element(By.ID, "login-login").send_keys(user)
        driver.find_element(By.ID, "login-password").send_keys(password)
        driver.find_element(By.ID, "login-submit").click()
        wait(driver, lambda d: js(d, """
            const h = document.getElementById('header');
            const err = document.getElementById('login-error');
            if (err && !err.hidden) return 'error: ' + err.textContent;
            return h && !h.hidden && h.querySelector('.nav') ? 'ok' : null;
        """) == "ok", f"{where}: signing in as {user} did not open the app")
        error = js(driver, "const e = document.getElementById('login-error'); return e && !e.hidden ? e.textContent : '';")
        if error:
            fail(f"{where}: login as {user} failed: {error}")
    me = js(driver, "return document.querySelector('.me-name') && document.querySelector('.me-name').textContent;")
    wait_stream(driver, where)
    install_watch(driver)
    return me


def wait_stream(driver, where):
    wait(driver, lambda d: js(d, "const s = document.querySelector('#header .live-status'); return s && s.dataset.status;") == "open",
         f"{where}: the live stream (/api/stream) did not connect")


def in_window(driver, handle):
    if driver.current_window_handle != handle:
        driver.switch_to.window(handle)


def browser_fetch(driver, method, path, body=None):
    """fetch() inside the page, with the page's session cookie."""
    result = driver.execute_async_script("""
        const [method, path, body, done] = arguments;
        fetch(path, {method, credentials: 'same-origin',
                     headers: body ? {'Content-Type': 'application/json', 'Accept': 'application/json'} : {'Accept': 'application/json'},
                     body: body ? JSON.stringify(body) : undefined})
          .then(async (r) => done({status: r.status, text: await r.text()}))
          .catch((e) => done({status: 0, text: String(e)}));
    """, method, path, body)
    data = None
    if result["text"]:
        try:
            data = json.loads(result["text"])
        except ValueError:
            data = None
    return result["status"], data, result["text"]


def failure_screenshot(args, drivers):
    """With --screenshot X.png, what ivanov's current window showed at the failure goes to X-failure.png."""
    if not args.screenshot or not drivers:
        return
    root, ext = os.path.splitext(args.screenshot)
    path = f"{root}-failure{ext or '.png'}"
    try:
        if drivers[0][1].save_screenshot(path):
            print(f"  failure screenshot: {path}", file=sys.stderr)
    except Exception:  # noqa: BLE001 - best effort on the way out
        pass


def dump_logs(drivers):
    for name, driver in drivers:
        try:
            for entry in driver.get_log("browser"):
                print(f"  [{name} console] {entry['level']}: {entry['message'][:400]}", file=sys.stderr)
        except Exception:  # noqa: BLE001 - best effort on the way out
            pass


# ---- checks of what a manager sees ------------------------------------------------------------

def tray_has(driver, callid):
    return bool(js(driver, "return document.querySelector(arguments[0]);", f'#missed .missed-item[data-callid="{css_escape(callid)}"]'))


def board_stat(driver, kind):
    return js(driver, "const n = document.querySelector(arguments[0]); return n && n.textContent;", f"#view .stat-{kind} .stat-n")


def settle(driver):
    """Waits until no pop-up is sliding in or out: their rectangles are final."""
    wait(driver, lambda d: js(d, """
        const cards = [...document.querySelectorAll('#popups .popup')];
        return cards.every((c) => !c.classList.contains('entering') && !c.classList.contains('leaving')
                               && c.getAnimations().every((a) => a.playState !== 'running'));
    """), "the pop-ups did not settle")


LAYOUT_PROBLEMS = """
    const [rowCss] = arguments;
    const rect = (el) => el.getBoundingClientRect();
    const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const row = document.querySelector(rowCss);
    if (!row) return ['no call row ' + rowCss];
    row.scrollIntoView({block: 'center'});
    const live = [...document.querySelectorAll('#popups .popup:not(.leaving)'), ...document.querySelectorAll('#missed:not([hidden])')];
    const problems = [];
    const covered = (what, target) => live.forEach((card, i) => {
      if (overlap(rect(card), rect(target))) problems.push(`${card.className.split(' ')[0]} ${i} covers ${what}`);
    });
    covered('the header', document.getElementById('header'));
    for (const el of document.querySelectorAll('#header .lang-switch, #header .me')) covered(el.className, el);
    for (const cell of row.querySelectorAll('.cell-duration, .cell-rec')) covered(cell.className, cell);
    const audio = row.querySelector('audio');
    const a = rect(audio);
    const wrap = rect(audio.closest('.table-wrap'));
    if (a.left < Math.max(0, wrap.left) || a.right > Math.min(innerWidth, wrap.right) || a.top < 0 || a.bottom > innerHeight) {
      problems.push(`the recording player is not all on screen: ${JSON.stringify(a)} in ${innerWidth}×${innerHeight}`);
    }
    const hit = document.elementFromPoint(a.left + 18, a.top + a.height / 2);
    if (hit !== audio) problems.push('the play button is under ' + (hit ? (hit.className || hit.tagName) : 'nothing'));
    return problems;
"""


# ---- the test --------------------------------------------------------------------------------

def run(args):
    drivers = []
    run_id = f"{int(time.time() * 1000)}-{uuid.uuid4().hex[:6]}"
    callid = f"ui-test-{run_id}"
    callid2 = f"ui-xss-{run_id}"
    try:
        step("MiniCRM answers")
        try:
            with urllib.request.urlopen(args.base_url.rstrip("/") + "/health", timeout=WAIT) as response:
                if response.status != 200:
                    fail(f"{args.base_url}/health answered {response.status}")
        except (urllib.error.URLError, OSError) as error:
            fail(f"MiniCRM is not reachable at {args.base_url}: {getattr(error, 'reason', error)}")

        step("start Chromium for ivanov (tab A, tab B) and for petrova")
        ivanov = make_driver(args)
        drivers.append(("ivanov", ivanov))
        petrova = make_driver(args)
        drivers.append(("petrova", petrova))

        step("ivanov signs in through the form in tab A")
        tab_a = ivanov.current_window_handle
        me = login(ivanov, args, "ivanov", "demo", "tab A")
        if not me or "Иван" not in me and "ivanov" not in me.lower():
            fail(f"tab A: the header names {me!r}, expected ivanov's name")

        step("ivanov opens MiniCRM in a second window (tab B)")
        ivanov.switch_to.new_window("window")
        tab_b = ivanov.current_window_handle
        login(ivanov, args, "ivanov", "demo", "tab B")

        step("petrova signs in through the form in her own browser")
        login(petrova, args, "petrova", "demo", "petrova")

        step(f"PBX: INCOMING {callid} from {SMIRNOV_PHONE} to ivanov")
        posted = event(args, "INCOMING", callid, SMIRNOV_PHONE)
        for name, handle in (("tab A", tab_a), ("tab B", tab_b)):
            in_window(ivanov, handle)
            info = wait(ivanov, lambda d: popup_info(d, callid), f"{name}: no pop-up for call {callid}")
            seen = seen_at(ivanov, callid)
            latency = (seen - posted) if seen else None
            if latency is None or latency > args.max_latency:
                fail(f"{name}: the pop-up appeared {latency if latency is None else round(latency, 3)} s after the event "
                     f"(allowed {args.max_latency} s)")
            wait(ivanov, lambda d: (popup_info(d, callid) or {}).get("name") == SMIRNOV,
                 f"{name}: the pop-up names {info.get('name')!r}, expected {SMIRNOV!r}")
            state = popup_info(ivanov, callid)["state"]
            if state != "INCOMING":
                fail(f"{name}: data-state is {state!r}, expected INCOMING")
            print(f"  {name}: pop-up after {latency * 1000:.0f} ms", flush=True)
        # petrova must not see ivanov's call. Give her stream the same chance (a short, bounded look).
        deadline = time.time() + 0.8
        while time.time() < deadline:
            if js(petrova, "return document.querySelectorAll('#popups .popup').length;"):
                shown = js(petrova, "return document.getElementById('popups').textContent;")
                fail(f"petrova sees a pop-up: {shown!r}")
            time.sleep(0.1)

        step("PBX: ACCEPTED → the card turns 'in call' with a running timer")
        event(args, "ACCEPTED", callid, SMIRNOV_PHONE)
        for name, handle in (("tab B", tab_b), ("tab A", tab_a)):
            in_window(ivanov, handle)
            wait(ivanov, lambda d: (popup_info(d, callid) or {}).get("state") == "ACCEPTED",
                 f"{name}: the card's data-state did not become ACCEPTED (it is {(popup_info(ivanov, callid) or {}).get('state')!r})")
            wait(ivanov, lambda d: (popup_info(d, callid) or {}).get("timerVisible"), f"{name}: no visible .popup-timer")
            wait(ivanov, lambda d: re.fullmatch(r"\d+:\d\d(:\d\d)?", ((popup_info(d, callid) or {}).get("timer") or "").strip()),
                 f"{name}: the timer does not show a duration")
        in_window(ivanov, tab_a)
        timer = ivanov.find_element(By.CSS_SELECTOR, popup_selector(callid) + " .popup-timer")
        if not timer.is_displayed():
            fail("tab A: .popup-timer is not displayed")
        if args.screenshot:
            # Let the slide-in finish and the timer tick once, for a clean picture.
            wait(ivanov, lambda d: (popup_info(d, callid) or {}).get("timer", "").strip() not in ("", "00:00"),
                 "tab A: the timer did not advance", timeout=3)
            directory = os.path.dirname(os.path.abspath(args.screenshot))
            os.makedirs(directory, exist_ok=True)
            if not ivanov.save_screenshot(args.screenshot):
                fail(f"could not save the screenshot to {args.screenshot}")
            print(f"  screenshot: {args.screenshot}", flush=True)

        step("PBX: COMPLETED → the card closes")
        event(args, "COMPLETED", callid, SMIRNOV_PHONE)
        for name, handle in (("tab A", tab_a), ("tab B", tab_b)):
            in_window(ivanov, handle)
            wait(ivanov, lambda d: not d.find_elements(By.CSS_SELECTOR, popup_selector(callid)),
                 f"{name}: the card of {callid} is still shown after COMPLETED")

        step("PBX: history (Success, 42 s, /recordings/demo-1.wav) → shown on Смирнов's card")
        pbx_post(args, cmd="history", type="in", status="Success", duration="42", callid=callid, user="ivanov",
                 phone=SMIRNOV_PHONE, link="/recordings/demo-1.wav")
        in_window(ivanov, tab_a)
        ivanov.get(args.base_url.rstrip("/") + "/#/contacts")
        search = wait(ivanov, lambda d: (d.find_elements(By.ID, "contacts-search") or [None])[0], "no contacts search box")
        search.clear()
        search.send_keys("Смирнов Алексей")
        link_xpath = (f"//table[@id='contacts-table']//a[contains(@class,'contact-link')]"
                      f"[.//*[contains(@class,'contact-name')][normalize-space(.)='{SMIRNOV}']]")
        link = wait(ivanov, lambda d: (d.find_elements(By.XPATH, link_xpath) or [None])[0],
                    f"the contacts search for 'Смирнов Алексей' does not list {SMIRNOV}")
        link.click()
        wait(ivanov, lambda d: re.search(r"#/contacts/\d+$", d.current_url), "clicking the contact did not open its card")
        smirnov_url = ivanov.current_url
        row_css = f'#contact-calls tr[data-callid="{css_escape(callid)}"]'
        src = wait(ivanov, lambda d: js(d, """
            const row = document.querySelector(arguments[0]);
            if (!row) return null;
            const audio = [...row.querySelectorAll('audio')].find((a) => (a.getAttribute('src') || '').endsWith('demo-1.wav'));
            return audio ? audio.getAttribute('src') + '|' + (audio.controls ? 'controls' : '') + '|' + audio.preload : null;
        """, row_css), f"the contact card has no call {callid} with an <audio> ending in demo-1.wav")
        if "|controls|" not in src:
            fail(f"the recording's <audio> has no controls: {src}")
        duration = js(ivanov, "const c = document.querySelector(arguments[0] + ' .cell-duration'); return c && c.textContent;", row_css)
        if (duration or "").strip() != "00:42":
            fail(f"the call's duration shows {duration!r}, expected 00:42")

        step(f"create the contact {XSS_NAME!r} ({XSS_PHONE}) with ivanov's session")
        status, data, text = browser_fetch(ivanov, "GET", f"/api/contacts?q={XSS_PHONE}&limit=50")
        if status != 200:
            fail(f"GET /api/contacts answered {status}: {text}")
        for existing in data.get("items", []):
            if existing.get("name") == XSS_NAME:  # left by an earlier run against the same server
                browser_fetch(ivanov, "DELETE", f"/api/contacts/{existing['id']}")
            elif any(p.endswith(XSS_PHONE) for p in existing.get("phones", [])):
                fail(f"contact {existing.get('id')} ({existing.get('name')!r}) already has the number {XSS_PHONE}")
        status, created, text = browser_fetch(ivanov, "POST", "/api/contacts",
                                              {"name": XSS_NAME, "phones": [XSS_PHONE], "responsible": "ivanov"})
        if status != 201 or not created or created.get("name") != XSS_NAME:
            fail(f"POST /api/contacts answered {status}: {text}")

        step("PBX: INCOMING from that number → the name is shown as text, nothing is injected")
        for handle in (tab_a, tab_b):
            in_window(ivanov, handle)
            install_watch(ivanov)
        event(args, "INCOMING", callid2, XSS_PHONE)
        for name, handle in (("tab A", tab_a), ("tab B", tab_b)):
            in_window(ivanov, handle)
            wait(ivanov, lambda d: (popup_info(d, callid2) or {}).get("name") == XSS_NAME,
                 f"{name}: the pop-up's .popup-name is {(popup_info(ivanov, callid2) or {}).get('name')!r}, expected exactly {XSS_NAME!r}")
            visible_name = ivanov.find_element(By.CSS_SELECTOR, popup_selector(callid2) + " .popup-name")
            images = ivanov.find_elements(By.CSS_SELECTOR, "#popups img")
            if images:
                fail(f"{name}: #popups contains {len(images)} <img> element(s)")
            no_alert(ivanov, name)
            if name == "tab A":
                wait(ivanov, lambda d: visible_name.text == XSS_NAME, f"tab A: the visible name is {visible_name.text!r}")

        step("PBX: CANCELLED → the card closes and the call is listed in #missed")
        event(args, "CANCELLED", callid2, XSS_PHONE)
        for name, handle in (("tab A", tab_a), ("tab B", tab_b)):
            in_window(ivanov, handle)
            wait(ivanov, lambda d: not d.find_elements(By.CSS_SELECTOR, popup_selector(callid2)),
                 f"{name}: the card of {callid2} is still shown after CANCELLED")
            entry_css = f'#missed .missed-item[data-callid="{css_escape(callid2)}"]'
            wait(ivanov, lambda d: js(d, "const e = document.querySelector(arguments[0]); return e && e.textContent;", entry_css),
                 f"{name}: no entry for {callid2} in the missed-calls tray #missed")
            text = js(ivanov, "return document.querySelector(arguments[0]).textContent;", entry_css)
            if XSS_NAME not in text:
                fail(f"{name}: the missed entry reads {text!r}, expected the caller's name")
            if ivanov.find_elements(By.CSS_SELECTOR, "#missed img"):
                fail(f"{name}: #missed contains an <img> element")
            no_alert(ivanov, name)
        if js(petrova, "return document.querySelectorAll('#popups .popup, #missed .missed-item').length;"):
            fail("petrova's browser shows ivanov's calls")

        step("start Chromium for the admin's live board")
        admin = make_driver(args)
        drivers.append(("admin", admin))
        login(admin, args, "admin", "admin", "admin")
        admin.get(args.base_url.rstrip("/") + "/#/board")
        wait(admin, lambda d: board_stat(d, "ringing") == "0", "the live board did not show its counters")
        wait_stream(admin, "admin")

        race = f"ui-race-{run_id}"
        sentinel = f"ui-sentinel-{run_id}"
        step(f"PBX: a ring group call {race} rings ivanov and petrova → the board counts one call")
        event(args, "INCOMING", race, SMIRNOV_PHONE, user="ivanov")
        event(args, "INCOMING", race, SMIRNOV_PHONE, user="petrova")
        wait(admin, lambda d: board_stat(d, "ringing") == "1",
             f"the board's ringing counter shows {board_stat(admin, 'ringing')!r} for one call to two phones, expected '1'")
        tiles = js(admin, "return [...document.querySelectorAll('#board-grid .tile')].map((t) => t.dataset.manager);")
        if "admin" in tiles or "ivanov" not in tiles:
            fail(f"the board's tiles are {tiles}: expected the managers who take calls and no admin")

        step("PBX: petrova's CANCELLED races ahead of ivanov's ACCEPTED, then COMPLETED")
        event(args, "CANCELLED", race, SMIRNOV_PHONE, user="petrova")
        event(args, "ACCEPTED", race, SMIRNOV_PHONE, user="ivanov")
        event(args, "COMPLETED", race, SMIRNOV_PHONE, user="ivanov")
        # A later call to petrova: once her tab shows it, it has seen everything about the race.
        event(args, "INCOMING", sentinel, XSS_PHONE, user="petrova")
        wait(petrova, lambda d: popup_info_for(d, sentinel, "petrova"), f"petrova: no pop-up for {sentinel}")
        if tray_has(petrova, race):
            fail(f"petrova's missed-calls tray lists {race}, which ivanov answered")
        wait(admin, lambda d: js(d, "return !!document.querySelector(arguments[0]);", f'#board-grid .tile-call[data-callid="{css_escape(sentinel)}"]'),
             f"the board does not show {sentinel}")
        if board_stat(admin, "missed") != "0":
            fail(f"the board counts {board_stat(admin, 'missed')} missed calls after a call ivanov answered")

        step("PBX: nobody answers petrova's call → it is missed, in her tray and on the board")
        event(args, "CANCELLED", sentinel, XSS_PHONE, user="petrova")
        wait(petrova, lambda d: tray_has(d, sentinel), f"petrova: no missed entry for {sentinel}")
        wait(admin, lambda d: board_stat(d, "missed") == "1", f"the board counts {board_stat(admin, 'missed')!r} missed calls, expected '1'")

        step("three calls ring ivanov at once: the pop-ups leave the header and the call history usable")
        in_window(ivanov, tab_a)
        ivanov.get(args.base_url.rstrip("/") + "/#/contacts")
        ivanov.get(smirnov_url)
        wait(ivanov, lambda d: d.find_elements(By.CSS_SELECTOR, row_css), "Смирнов's card does not list the call with its recording")
        layout = [f"ui-layout-{run_id}-{n}" for n in range(3)]
        for n, call in enumerate(layout):
            event(args, "INCOMING", call, f"7999000112{n}")
        wait(ivanov, lambda d: all(popup_info(d, c) for c in layout), "tab A: not all three pop-ups appeared")
        for width, height in ((1366, 768), (1920, 1080)):
            ivanov.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
            settle(ivanov)
            problems = js(ivanov, LAYOUT_PROBLEMS, row_css)
            if problems:
                fail(f"at {width}×{height}: " + "; ".join(problems))
            if args.layout_screenshots:
                os.makedirs(args.layout_screenshots, exist_ok=True)
                ivanov.save_screenshot(os.path.join(args.layout_screenshots, f"popups-{width}x{height}.png"))
            print(f"  {width}×{height}: header, Duration and Recording clear of the pop-ups", flush=True)
        # The recording plays with the pop-ups open: a real click on its play button.
        audio = ivanov.find_element(By.CSS_SELECTOR, row_css + " audio")
        width = audio.size["width"]
        ActionChains(ivanov).move_to_element_with_offset(audio, 18 - width // 2, 0).click().perform()
        wait(ivanov, lambda d: js(d, "const a = document.querySelector(arguments[0]); return a && !a.paused;", row_css + " audio"),
             "clicking the recording's play button did not play it")
        js(ivanov, "document.querySelector(arguments[0]).pause();", row_css + " audio")
        ivanov.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        for call in layout:
            event(args, "CANCELLED", call, f"7999000112{layout.index(call)}")

        step("the contact form refuses a phone that is not one, keeps an extension, and its toast follows a language switch")
        status, checked, text = browser_fetch(ivanov, "POST", "/api/contacts", {"name": f"Проверка {run_id}", "phones": ["79990001133"]})
        if status != 201:
            fail(f"POST /api/contacts answered {status}: {text}")
        ivanov.get(args.base_url.rstrip("/") + f"/#/contacts/{checked['id']}")
        edit = wait(ivanov, lambda d: (d.find_elements(By.ID, "contact-edit") or [None])[0], "the contact card has no edit button")
        edit.click()
        phones = wait(ivanov, lambda d: (d.find_elements(By.ID, "contact-form-phones") or [None])[0], "no phones field in the form")
        phones.clear()
        phones.send_keys("79990001133\nabc")
        ivanov.find_element(By.ID, "contact-form-save").click()
        inline = wait(ivanov, lambda d: js(d, "const e = document.getElementById('contact-form-phones-error'); return e && !e.hidden && e.textContent;"),
                      "no inline error under the phones for 'abc'")
        if "abc" not in inline or "не номер" not in inline:
            fail(f"the inline phone error reads {inline!r}")
        if phones.get_attribute("aria-invalid") != "true":
            fail("the phones field is not marked aria-invalid")
        phones.clear()
        phones.send_keys("8 (999) 000-11-33 доб. 45")
        ivanov.find_element(By.ID, "contact-form-save").click()
        toast_text = "return [...document.querySelectorAll('#toasts .toast:not(.leaving) .toast-text')].map((e) => e.textContent);"
        wait(ivanov, lambda d: "Контакт сохранён" in js(d, toast_text), "no 'Контакт сохранён' toast after saving")
        number = js(ivanov, "const e = document.querySelector('#contact-details .phone-number'); return e && e.textContent;")
        if number != "+7 (999) 000-11-33 доб. 45":
            fail(f"the saved phone reads {number!r}, expected '+7 (999) 000-11-33 доб. 45'")
        ivanov.find_element(By.CSS_SELECTOR, '#header .lang-btn[lang="en"]').click()
        wait(ivanov, lambda d: "Contact saved" in js(d, toast_text), f"after switching to English the toast reads {js(ivanov, toast_text)}")
        wait(ivanov, lambda d: js(d, "const e = document.querySelector('#contact-details .phone-number'); return e && e.textContent;")
             == "+7 (999) 000-11-33 ext. 45", "the extension is not shown as 'ext. 45' in English")
        ivanov.find_element(By.CSS_SELECTOR, '#header .lang-btn[lang="ru"]').click()
        browser_fetch(ivanov, "DELETE", f"/api/contacts/{checked['id']}")

        step("clean up the test contact")
        browser_fetch(ivanov, "DELETE", f"/api/contacts/{created['id']}")
        print("OK: live pop-ups behave in a real browser", flush=True)
        return 0
    except Failure as error:
        print(f"FAIL [{step.current}]: {error}", file=sys.stderr, flush=True)
        failure_screenshot(args, drivers)
        dump_logs(drivers)
        return 1
    except WebDriverException as error:
        print(f"FAIL [{step.current}]: WebDriver error: {error.msg or error}", file=sys.stderr, flush=True)
        dump_logs(drivers)
        return 2
    except Exception:  # noqa: BLE001 - any other surprise is a failure with its traceback
        print(f"FAIL [{step.current}]: unexpected error", file=sys.stderr, flush=True)
        traceback.print_exc()
        dump_logs(drivers)
        return 3
    finally:
        for _, driver in drivers:
            try:
                driver.quit()
            except Exception:  # noqa: BLE001
                pass


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", required=True, help="MiniCRM's address, e.g. http://127.0.0.1:8080")
    parser.add_argument("--crm-token", required=True, help="the crm_token MiniCRM expects on /crm_integration")
    parser.add_argument("--screenshot", help="save a PNG of the page with the in-call pop-up here")
    parser.add_argument("--layout-screenshots", help="save the pop-up layout at 1366×768 and 1920×1080 in this folder")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--max-latency", type=float, default=1.0,
                        help="seconds an INCOMING may take to show up as a pop-up (default 1)")
    args = parser.parse_args()
    for path, what in ((args.chromedriver, "chromedriver"), (args.chromium, "Chromium")):
        if not os.path.exists(path):
            print(f"FAIL [setup]: {what} not found at {path} (apt-get install chromium chromium-driver)", file=sys.stderr)
            return 4
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
