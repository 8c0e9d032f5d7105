"""Headless Chromium driven over the DevTools protocol on a pipe (no port, no websocket, no
extra package): renders charts to PNG and lets tests look at the report as a reader's browser does.

Chromium is started with every background service off, so it contacts no host of its own accord
(without these flags it calls Google's update, sync and field-trial servers), and with a fresh
profile directory it deletes on exit.
"""

from __future__ import annotations

import base64
import fcntl
import json
import logging
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from flows.report.sinkhole import Sinkhole

__all__ = ["Browser", "Tab", "BrowserError", "find_chromium", "sinkhole_flags", "CHROMIUM_NAMES", "QUIET_FLAGS"]

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
QUIET_FLAGS = (
    "--headless", "--disable-gpu", "--disable-quic", "--no-first-run", "--no-default-browser-check",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
    "--disable-default-apps", "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
    "--disable-breakpad", "--disable-client-side-phishing-detection", "--disable-domain-reliability",
    "--disable-component-extensions-with-background-pages", "--metrics-recording-only", "--no-pings",
    "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,Translate,MediaRouter,AutofillServerCommunication,"
    "CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions,SafeBrowsing",
    "--password-store=basic", "--use-mock-keychain",
)


def sinkhole_flags(sinkhole_url: str) -> tuple[str, ...]:
    """All traffic, loopback included, through the sinkhole; the services that ignore the flags
    above (component updater, account list) aimed at it directly."""
    return (
        f"--proxy-server={sinkhole_url}", "--proxy-bypass-list=<-loopback>",
        f"--component-updater=url-source={sinkhole_url}/component-updater",
        f"--gaia-url={sinkhole_url}", f"--google-apis-url={sinkhole_url}", f"--lso-url={sinkhole_url}",
    )
TIMEOUT = 60.0

log = logging.getLogger(__name__)


class BrowserError(RuntimeError):
    """Chromium is missing, did not start, or did not answer in time."""


# Debian's /usr/bin/chromium is a shell script that adds flags from /etc/chromium.d/ (remote
# extension updates, Google API keys) which make Chromium call Google; the binary behind it does not.
WRAPPED_BINARIES = {"chromium": "/usr/lib/chromium/chromium", "chromium-browser": "/usr/lib/chromium-browser/chromium-browser"}


def find_chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            inner = WRAPPED_BINARIES.get(name)
            return inner if inner and _is_script(path) and os.access(inner, os.X_OK) else path
    return None


def _is_script(path: str) -> bool:
    with open(path, "rb") as file:
        return file.read(2) == b"#!"


class Browser:
    """One Chromium process; `with Browser() as b: tab = b.open(url)`."""

    def __init__(self, executable: str | None = None, extra_flags: tuple[str, ...] = ()):
        self.executable = executable or find_chromium()
        if not self.executable:
            raise BrowserError(f"no Chromium found (looked for {', '.join(CHROMIUM_NAMES)}); install it, "
                               "e.g. apt-get install -y chromium")
        self.extra_flags = extra_flags
        self._events: list[dict] = []
        self._buffer = b""
        self._next_id = 0

    def __enter__(self) -> "Browser":
        self.sinkhole = Sinkhole()  # bound now, served after the fork (fewer threads to fork beside)
        self._profile = tempfile.mkdtemp(prefix="claimwatch-chromium-")
        self._log = open(Path(self._profile) / "stderr.log", "wb")
        to_child, self._write = os.pipe()
        self._read, from_child = os.pipe()
        flags = [*QUIET_FLAGS, *sinkhole_flags(self.sinkhole.url), f"--user-data-dir={self._profile}",
                 "--remote-debugging-pipe", *self.extra_flags]
        if os.geteuid() == 0:
            flags.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox on
        self._process = subprocess.Popen(
            [self.executable, *flags, "about:blank"], stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
            pass_fds=(3, 4), preexec_fn=lambda: _pipe_to_fds_3_and_4(to_child, from_child),
        )
        os.close(to_child)
        os.close(from_child)
        self.sinkhole.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.call("Browser.close", timeout=10)
        except (BrowserError, OSError):
            pass
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._write)
        os.close(self._read)
        self._log.close()
        shutil.rmtree(self._profile, ignore_errors=True)
        self.sinkhole.__exit__(*exc)
        if self.sinkhole.requests:
            log.debug("Chromium's own requests, refused locally: %s", self.sinkhole.requests)

    def open(self, url: str, width: int = 1366, height: int = 768, scale: float = 1) -> "Tab":
        """A new tab of the given viewport that has loaded `url` (recording every request)."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        tab = Tab(self, target, session)
        tab.call("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": False})
        tab.call("Network.enable")
        tab.call("Page.enable")
        tab.navigate(url)
        return tab

    def screenshot_file(self, source: Path, png: Path, width: int, height: int, scale: float = 2) -> None:
        tab = self.open(Path(source).resolve().as_uri(), width, height, scale)
        try:
            tab.screenshot(png)
        finally:
            tab.close()

    def call(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = TIMEOUT) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            self._events.append(reply)

    def wait_for(self, method: str, session: str, timeout: float = TIMEOUT) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            for event in self._events:
                if event.get("method") == method and event.get("sessionId") == session:
                    self._events.remove(event)
                    return event
            self._events.append(self._receive(deadline))

    def events(self, session: str, method: str) -> list[dict]:
        return [e for e in self._events if e.get("sessionId") == session and e.get("method") == method]

    def _receive(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            ready = select.select([self._read], [], [], max(0.0, remaining))[0] if remaining > 0 else []
            if not ready:
                raise BrowserError(f"Chromium did not answer in time; its log: {self._log_tail()}")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise BrowserError(f"Chromium exited; its log: {self._log_tail()}")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def _log_tail(self) -> str:
        self._log.flush()
        return (Path(self._profile) / "stderr.log").read_text(errors="replace")[-800:]


class Tab:
    def __init__(self, browser: Browser, target: str, session: str):
        self.browser, self.target, self.session = browser, target, session

    def call(self, method: str, params: dict | None = None) -> dict:
        return self.browser.call(method, params, session=self.session)

    def navigate(self, url: str) -> None:
        reply = self.call("Page.navigate", {"url": url})
        if reply.get("errorText"):
            raise BrowserError(f"could not open {url}: {reply['errorText']}")
        self.browser.wait_for("Page.loadEventFired", self.session)

    def requested_urls(self) -> list[str]:
        """Every URL this tab asked for since it opened (the page itself included)."""
        return [e["params"]["request"]["url"] for e in self.browser.events(self.session, "Network.requestWillBeSent")]

    def evaluate(self, expression: str, await_promise: bool = False):
        result = self.call("Runtime.evaluate",
                           {"expression": expression, "returnByValue": True, "awaitPromise": await_promise})
        if "exceptionDetails" in result:
            raise BrowserError(f"script failed: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def screenshot(self, path: Path, full_page: bool = False) -> None:
        params = {"format": "png"}
        if full_page:
            width, height = self.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            params.update(captureBeyondViewport=True, clip={"x": 0, "y": 0, "width": width, "height": height, "scale": 1})
        Path(path).write_bytes(base64.b64decode(self.call("Page.captureScreenshot", params)["data"]))

    def emulate_media(self, media: str) -> None:
        """Lay the page out as for `media` ("print" or "screen")."""
        self.call("Emulation.setEmulatedMedia", {"media": media})

    def print_pdf(self) -> bytes:
        return base64.b64decode(self.call("Page.printToPDF", {"printBackground": True})["data"])

    def close(self) -> None:
        self.browser.call("Target.closeTarget", {"targetId": self.target})


def _pipe_to_fds_3_and_4(to_child: int, from_child: int) -> None:
    """In the child, before exec: Chromium reads commands on fd 3 and writes replies on fd 4."""
    high_in = fcntl.fcntl(to_child, fcntl.F_DUPFD, 10)  # out of the way first: a pipe end may be 3 or 4
    high_out = fcntl.fcntl(from_child, fcntl.F_DUPFD, 10)
    os.dup2(high_in, 3)
    os.dup2(high_out, 4)
