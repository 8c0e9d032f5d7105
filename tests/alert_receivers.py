"""Real alert receivers on loopback for the tests: an SMTP server (aiosmtpd) and an HTTP webhook.

Each is created on a chosen free port and started or stopped at will, so a test can run with
the receiver down, then bring it up on the same address.
"""

from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
from dataclasses import dataclass, field
from email.message import Message as EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

from aiosmtpd.controller import Controller

__all__ = ["free_port", "SmtpReceiver", "WebhookReceiver", "plain_and_html"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted"


class SmtpReceiver:
    """aiosmtpd on 127.0.0.1:port; .emails are the received messages, parsed."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.inbox = _Inbox()
        self._controller = None

    def start(self) -> "SmtpReceiver":
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, server_hostname="smtp.test")
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller:
            self._controller.stop()
            self._controller = None

    @property
    def emails(self) -> list[EmailMessage]:
        return [email.message_from_bytes(e.original_content, policy=email.policy.default) for e in self.inbox.envelopes]

    def url(self, to: str = "desk@newsroom.test", sender: str = "claimwatch@newsroom.test") -> str:
        return f"mailto://127.0.0.1:{self.port}?to={to}&from={sender}&mode=insecure"


def plain_and_html(message: EmailMessage) -> tuple[str, str]:
    parts = {part.get_content_type(): part.get_payload(decode=True).decode("utf-8") for part in message.walk()
             if not part.is_multipart()}
    return parts["text/plain"], parts["text/html"]


@dataclass
class Received:
    path: str
    headers: dict
    body: dict


@dataclass
class WebhookReceiver:
    """An HTTP server on 127.0.0.1:port recording every POST. `status` is its answer;
    `on_request` runs after a request is recorded and before the answer."""

    port: int = field(default_factory=free_port)
    status: int = 200
    on_request: Callable[[], None] | None = None
    received: list[Received] = field(default_factory=list)

    def start(self) -> "WebhookReceiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length)
                content_type = self.headers.get("Content-Type", "")
                body = json.loads(raw) if "json" in content_type else {"raw": raw.decode("utf-8", "replace")}
                receiver.received.append(Received(self.path, dict(self.headers), body))
                if receiver.on_request:
                    receiver.on_request()
                self.send_response(receiver.status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str = "/hooks/claimwatch") -> str:
        return f"json://127.0.0.1:{self.port}{path}"

    def distinct_messages(self) -> dict[str, Received]:
        """What a receiver that honours Idempotency-Key keeps: one request per key."""
        kept = {}
        for request in self.received:
            kept.setdefault(request.headers.get("Idempotency-Key"), request)
        return kept
