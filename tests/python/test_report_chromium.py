#!/usr/bin/python3
"""Opens `cyres report`'s HTML in headless Chromium (Debian's `chromium`, installed by
scripts/bootstrap.sh) and checks what a planner would see.

Usage (ctest): /usr/bin/python3 test_report_chromium.py <cyres-binary> <workdir>

Runs a small `cyres run` and `cyres iim`, writes the report, loads it over the DevTools
protocol (python3-websocket) and checks: the screenshot is not blank, every image
decoded (naturalWidth > 0), the console logged no error and no exception, and the page
asked for nothing but itself and its data: URLs (no network request). A deliberately
broken page is checked the same way first, so that each check is shown to fail when it
should.
"""

import base64
import io
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request

import numpy as np
import matplotlib.image as mpimg
import websocket

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                  "--window-size=1280,2400", "--remote-debugging-port=0"]
TIMEOUT = 60.0  # seconds for the browser to start and a page to load

errors = []


def expect(condition, message):
    if not condition:
        errors.append(message)
    return condition


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    """A headless Chromium with a fresh profile, driven over the DevTools protocol."""

    def __init__(self, executable, profile):
        shutil.rmtree(profile, ignore_errors=True)
        os.makedirs(profile)
        self.log = open(os.path.join(profile, "..", "chromium.log"), "w")
        self.process = subprocess.Popen(
            [executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=self.log, stderr=subprocess.STDOUT)
        port_file = os.path.join(profile, "DevToolsActivePort")
        deadline = time.time() + TIMEOUT
        while not os.path.exists(port_file) or os.path.getsize(port_file) == 0:
            if time.time() > deadline or self.process.poll() is not None:
                self.close()
                raise RuntimeError("chromium did not start (see chromium.log in the workdir)")
            time.sleep(0.1)
        port = open(port_file).read().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as reply:
            targets = json.load(reply)
        page = next(t for t in targets if t.get("type") == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=TIMEOUT,
                                              suppress_origin=True)
        self.next_id = 0
        self.events = []

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        self.ws.settimeout(TIMEOUT)  # wait_for and drain leave a short timeout behind
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, event, seconds):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if any(e.get("method") == event for e in self.events):
                return True
            self.ws.settimeout(max(0.05, deadline - time.time()))
            try:
                self.events.append(json.loads(self.ws.recv()))
            except websocket.WebSocketTimeoutException:
                break
        return any(e.get("method") == event for e in self.events)

    def drain(self, seconds):
        """Collects events for a while (late console messages, late requests)."""
        deadline = time.time() + seconds
        while time.time() < deadline:
            self.ws.settimeout(max(0.05, deadline - time.time()))
            try:
                self.events.append(json.loads(self.ws.recv()))
            except websocket.WebSocketTimeoutException:
                break

    def close(self):
        try:
            self.ws.close()
        except Exception:  # noqa: BLE001 - best effort on the way out
            pass
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def inspect(browser, path, screenshot):
    """Loads a local HTML file and returns what the checks need."""
    browser.events.clear()
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.call(f"{domain}.enable")
    browser.call("Page.navigate", url="file://" + os.path.abspath(path))
    loaded = browser.wait_for("Page.loadEventFired", TIMEOUT)
    browser.drain(1.0)
    images = json.loads(browser.call(
        "Runtime.evaluate", returnByValue=True,
        expression="JSON.stringify([...document.images].map(i => ({complete: i.complete, "
                   "width: i.naturalWidth, height: i.naturalHeight, "
                   "src: i.src.slice(0, 40)})))")["result"]["value"])
    text_length = browser.call("Runtime.evaluate", returnByValue=True,
                               expression="document.body.innerText.length")["result"]["value"]
    shot = base64.b64decode(browser.call("Page.captureScreenshot", format="png")["data"])
    with open(screenshot, "wb") as out:
        out.write(shot)
    pixels = mpimg.imread(io.BytesIO(shot), format="png")[..., :3]
    console = []
    requests = []
    for e in browser.events:
        method, params = e.get("method"), e.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            console.append(" ".join(str(a.get("value", a.get("description", "")))
                                    for a in params.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            console.append(params.get("exceptionDetails", {}).get("text", "exception"))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            console.append(params["entry"].get("text", ""))
        elif method == "Network.requestWillBeSent":
            requests.append(params.get("request", {}).get("url", ""))
    return {"loaded": loaded, "images": images, "pixels": pixels, "console": console,
            "requests": requests, "text_length": text_length}


def problems(seen):
    """The checks of the issue, as a list of failures (empty = the page passes)."""
    out = []
    if not seen["loaded"]:
        out.append("the page did not finish loading")
    pixels = seen["pixels"]
    distinct = np.unique((pixels.reshape(-1, 3) * 255).round().astype(np.uint8), axis=0).shape[0]
    dark = float((pixels.mean(axis=2) < 0.5).mean())
    if distinct < 16 or dark < 0.002 or float(pixels.std()) < 0.02:
        out.append(f"the screenshot is blank ({distinct} colours, {dark:.4f} dark share)")
    for image in seen["images"]:
        if not (image["complete"] and image["width"] > 0 and image["height"] > 0):
            out.append(f"image not decoded: {image['src']}")
    for message in seen["console"]:
        out.append(f"console error: {message}")
    for url in seen["requests"]:
        if not (url.startswith("file://") or url.startswith("data:")):
            out.append(f"network request: {url}")
    return out


BROKEN_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>broken</title></head>
<body><h1>A page that must fail every check but blankness</h1>
<img src="data:image/png;base64,AAAAAAAA" alt="corrupt">
<img src="http://127.0.0.1:9/remote.png" alt="remote">
<script>console.error("deliberate console error");</script></body></html>
"""


def main():
    binary, workdir = sys.argv[1], sys.argv[2]
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    chromium = find_chromium()
    if not chromium:
        print("FAIL: chromium not found; scripts/bootstrap.sh installs Debian's `chromium`")
        return 1
    results = os.path.join(workdir, "results.h5")
    iim = os.path.join(workdir, "iim.h5")
    report = os.path.join(workdir, "report.html")
    for command in ([binary, "run", "-o", results, "--trials", "20", "--seed", "3",
                     "--threads", "2"],
                    [binary, "iim", "-o", iim],
                    [binary, "report", results, "--iim", iim, "-o", report]):
        run = subprocess.run(command, capture_output=True, text=True)
        if run.returncode != 0:
            print(f"FAIL: {' '.join(command)} exited {run.returncode}\n{run.stderr}")
            return 1
    text = open(report, encoding="utf-8").read()
    expect("http://" not in text and "https://" not in text,
           "the report's text names an http(s) address")
    expect("<script" not in text, "the report holds a script")
    for section in ("Scenario", "Policies", "Comparison against", "Figures",
                    "Sector-level inoperability model", "Caveats", "Provenance"):
        expect(f"<h2>{section}" in text, f"the report has no section {section!r}")
    broken = os.path.join(workdir, "broken.html")
    with open(broken, "w") as out:
        out.write(BROKEN_PAGE)

    browser = Browser(chromium, os.path.join(workdir, "profile"))
    try:
        # The checks must catch a broken page: a corrupt image, a remote one, a console error.
        found = problems(inspect(browser, broken, os.path.join(workdir, "broken.png")))
        expect(any("image not decoded" in p and "data:image" in p for p in found),
               f"the corrupt image went unnoticed: {found}")
        expect(any("network request: http://127.0.0.1:9" in p for p in found),
               f"the remote request went unnoticed: {found}")
        expect(any("deliberate console error" in p for p in found),
               f"the console error went unnoticed: {found}")
        blank = os.path.join(workdir, "blank.html")
        with open(blank, "w") as out:
            out.write("<!DOCTYPE html><html><body></body></html>")
        found = problems(inspect(browser, blank, os.path.join(workdir, "blank.png")))
        expect(any("blank" in p for p in found), "a blank page was not recognised as blank")

        seen = inspect(browser, report, os.path.join(workdir, "report.png"))
        for p in problems(seen):
            errors.append(f"report: {p}")
        expect(len(seen["images"]) >= 7,
               f"the report shows {len(seen['images'])} images, expected every figure kind "
               f"with data (at least 7)")
        expect(seen["text_length"] > 2000, "the report has almost no text")
    finally:
        browser.close()

    for e in errors:
        print("FAIL:", e)
    print(f"report opened in {os.path.basename(chromium)}: "
          f"{'FAILED' if errors else 'ok'} (screenshot {os.path.join(workdir, 'report.png')})")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
