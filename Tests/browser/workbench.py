"""The web workbench in a real browser: Debian's headless Chromium driven over the Chrome DevTools
Protocol. Signs in, reads the dashboard in Chinese, changes a report's parameters through its
form, follows a drill-down link and checks that the orders add up to the number clicked,
acknowledges an alert, switches the language, and downloads CSV and xlsx. A screenshot of each
page goes to the folder given; the first failure ends the run with a message and exit status 1.

usage: workbench.py BASE_URL LOGIN PASSWORD SCREENSHOT_FOLDER
"""
import base64, json, os, re, shutil, subprocess, sys, tempfile, time, urllib.request, zipfile
import websocket

BASE, LOGIN, PASSWORD, SHOTS = sys.argv[1:5]
os.makedirs(SHOTS, exist_ok=True)


def fail(message):
    print("browser: " + message, file=sys.stderr)
    sys.exit(1)


class Browser:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="crescent-chromium-")
        self.downloads = os.path.join(self.profile, "downloads")
        os.makedirs(self.downloads)
        self.process = subprocess.Popen(
            ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--remote-debugging-port=0",
             "--user-data-dir=" + self.profile, "--window-size=1280,1600", "--lang=zh-CN", "--accept-lang=zh-CN,zh",
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        port = None
        deadline = time.time() + 60
        while port is None and time.time() < deadline:
            line = self.process.stderr.readline()
            found = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            if found:
                port = found.group(1)
        if port is None:
            fail("chromium did not start")
        pages = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        page = next(p for p in pages if p["type"] == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self.next_id = 0
        self.events = []
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.call("Page.setDownloadBehavior", behavior="allow", downloadPath=self.downloads)

    def call(self, method, **params):
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    fail(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for_load(self):
        deadline = time.time() + 60
        while time.time() < deadline:
            for i, event in enumerate(self.events):
                if event.get("method") == "Page.loadEventFired":
                    del self.events[: i + 1]
                    return
            self.events.append(json.loads(self.socket.recv()))
        fail("the page did not load")

    def go(self, path):
        self.events.clear()
        self.call("Page.navigate", url=BASE + path)
        self.wait_for_load()

    def js(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            fail(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def act(self, expression):
        """Runs what navigates (a click, a form sent) and waits for the next page."""
        self.events.clear()
        self.js(expression)
        self.wait_for_load()

    def shot(self, name):
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        with open(os.path.join(SHOTS, name + ".png"), "wb") as out:
            out.write(base64.b64decode(data))

    def download(self, selector, suffix):
        before = set(os.listdir(self.downloads))
        self.js(f"document.querySelector({json.dumps(selector)}).click()")
        deadline = time.time() + 60
        while time.time() < deadline:
            new = [f for f in set(os.listdir(self.downloads)) - before if f.endswith(suffix)]
            if new:
                path = os.path.join(self.downloads, new[0])
                time.sleep(0.2)
                return path
            time.sleep(0.1)
        fail("no " + suffix + " was downloaded")

    def close(self):
        self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def number(text):
    return float(re.sub(r"[^0-9.\-]", "", text))


browser = Browser()
try:
    # Signing in: the browser is sent to the sign-in page, in Chinese (its language).
    browser.go("/")
    if not browser.js("location.pathname") == "/login":
        fail("not sent to the sign-in page: " + browser.js("location.href"))
    browser.shot("01-sign-in")
    browser.act(f"""document.querySelector('input[name=login]').value = {json.dumps(LOGIN)};
        document.querySelector('input[name=password]').value = {json.dumps(PASSWORD)};
        document.querySelector('form').submit()""")
    if browser.js("document.title") != "销售仪表盘":
        fail("the dashboard is not in Chinese: " + browser.js("document.title"))
    browser.go("/?period=2026-Q1")
    browser.shot("02-dashboard-zh")
    if browser.js("document.querySelectorAll('.tile').length") < 4:
        fail("the dashboard has no tiles")

    # A report's parameters changed through its form: the address holds them.
    browser.go("/reports/weekly-sales")
    browser.act("""document.querySelector('input[name=week]').value = '2026-02';
        document.querySelector('input[name=team]').value = 'T1';
        document.querySelector('form.params').submit()""")
    if "week=2026-02" not in browser.js("location.search") or "team=T1" not in browser.js("location.search"):
        fail("the form did not put its parameters in the address: " + browser.js("location.href"))
    browser.shot("03-weekly-sales")

    # A drill-down: the rep's revenue links to the orders it sums.
    clicked = browser.js("document.querySelector('a[href*=\"/kpis/revenue/records\"]').textContent")
    browser.act("document.querySelector('a[href*=\"/kpis/revenue/records\"]').click()")
    browser.shot("04-orders-behind-revenue")
    amounts = browser.js("[...document.querySelectorAll('tbody tr')].map(tr => tr.lastElementChild.textContent)")
    if abs(sum(number(a) for a in amounts) - number(clicked)) > 0.005:
        fail(f"the orders {amounts} do not add up to {clicked}")

    # Downloads of that page: CSV and a workbook.
    csv_path = browser.download("a[href*='format=csv']", ".csv")
    with open(csv_path, encoding="utf-8") as f:
        if "O1" not in f.read():
            fail("the CSV does not list the orders")
    xlsx_path = browser.download("a[href*='format=xlsx']", ".xlsx")
    with zipfile.ZipFile(xlsx_path) as book:
        if "xl/workbook.xml" not in book.namelist():
            fail("the download is not a workbook")

    # An alert acknowledged from its page.
    browser.go("/alerts")
    before = browser.js("document.querySelectorAll('ul.ack form').length")
    if before < 1:
        fail("no alert to acknowledge")
    browser.act("document.querySelector('ul.ack form button').click()")
    if browser.js("document.querySelectorAll('ul.ack form').length") != before - 1:
        fail("the alert was not acknowledged")
    browser.shot("05-alerts")

    # The language switch: English from now on.
    browser.act("document.querySelector('a[hreflang=en]').click()")
    browser.go("/reports")
    if browser.js("document.querySelector('h1').textContent") != "Reports":
        fail("the switch to English did not last: " + browser.js("document.querySelector('h1').textContent"))
    browser.shot("06-reports-en")
finally:
    browser.close()
print("browser: every step passed; screenshots in " + SHOTS)
