"""Channels: where messages go, each named by a URL in `[alerts] channels`.

    console://                      print the plain text (the demo uses it)
    jsonl:///absolute/path.jsonl    append one JSON line per alert (idempotent: see JsonlChannel)
    json://host[:port]/path         POST claimwatch's structured JSON (jsons:// for HTTPS)
    mailto://, mailtos://           email with a plain-text and an HTML part (Apprise URL syntax)
    anything else Apprise knows     slack://, discord://, tgram://, ntfy://, matrix://, msteams://,
                                    form://, xml://, ... : a short Markdown summary via Apprise

json:// is claimwatch's own webhook, not Apprise's: Apprise's json:// plugin posts its own shape
({version, title, message, type}), which would flatten each alert into a text blob. Receivers of
claimwatch's webhook get every alert field, grouped by claim, and an Idempotency-Key header.

Channel URLs may hold secrets (tokens, passwords). They never reach a log line, an error message
or the warehouse: the warehouse names a channel by its label (scheme, server, hash), and every
error text passes through redact().
"""

from __future__ import annotations

import hashlib
import json
import logging
import smtplib
import socket
import sys
from dataclasses import dataclass, field
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

import httpx

from flows.alerting import render
from flows.alerting.message import Message

__all__ = ["ChannelError", "Channel", "open_channel", "channel_problem", "channel_label", "redact"]

# Schemes whose host is a server name, never a secret; other Apprise schemes may carry tokens there.
SERVER_SCHEMES = ("json", "jsons", "mailto", "mailtos", "console", "jsonl")
logging.getLogger("apprise").setLevel(logging.WARNING)


class _RedactChannelSecrets(logging.Filter):
    """Scrubs the secrets of open channels from the log records of the libraries that talk to
    them: httpx logs every request URL at INFO, whoever configured the logging."""

    def __init__(self):
        super().__init__()
        self.urls: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if self.urls:
            text = record.getMessage()
            clean = text
            for url in self.urls:
                clean = redact(clean, url)
            if clean != text:
                record.msg, record.args = clean, ()
        return True


_SECRETS_FILTER = _RedactChannelSecrets()
for _library in ("httpx", "httpcore", "apprise", "urllib3"):
    logging.getLogger(_library).addFilter(_SECRETS_FILTER)


class ChannelError(Exception):
    """The channel did not accept the message. The text is already free of secrets."""


def channel_label(url: str) -> str:
    """A stable, secret-free name for a channel: scheme, server (when not a secret) and a hash."""
    parts = urlsplit(url)
    host = ""
    if parts.scheme in SERVER_SCHEMES:
        host = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:8]
    return f"{parts.scheme}://{host}#{digest}"


def redact(text: str, url: str) -> str:
    """`text` with every part of `url` that could be a secret replaced by ***."""
    parts = urlsplit(url)
    secrets = {parts.username, parts.password, *parts.path.split("/"), *(v for _, v in parse_qsl(parts.query))}
    if parts.scheme not in SERVER_SCHEMES:
        secrets.add(parts.hostname)
    for secret in sorted((s for s in secrets if s and len(s) >= 3), key=len, reverse=True):
        for form in {secret, unquote(secret)}:
            text = text.replace(form, "***")
    return text


@dataclass
class Channel:
    """One configured channel. `url` holds secrets: it is kept out of repr and logs."""

    url: str = field(repr=False)
    label: str = ""
    # After a pass was killed mid-send, may the next pass send the same message again? Yes when
    # the receiver can recognise a repeat (same id) or the repeat is harmless; otherwise the
    # delivery is held as 'unknown' for `claimwatch alerts retry`.
    resend_when_in_doubt: bool = True

    def send(self, message: Message) -> None:
        raise NotImplementedError


@dataclass
class ConsoleChannel(Channel):
    write: Callable[[str], None] = field(default=lambda s: print(s, file=sys.stdout, flush=True), repr=False)

    def send(self, message: Message) -> None:
        self.write(render.text(message))


@dataclass
class JsonlChannel(Channel):
    """One JSON line per alert, tagged with its message id. Lines already in the file for this
    message are not written again, so a resend after a killed pass completes the message and
    never duplicates a line: exactly once, whatever happened before."""

    def send(self, message: Message) -> None:
        path = Path(unquote(urlsplit(self.url).path))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            present = self._present(path, message.message_id)
            lines = [
                json.dumps({**alert, "message_id": message.message_id}, ensure_ascii=False, default=str) + "\n"
                for group in message.groups for alert in group.alerts if alert["alert_id"] not in present
            ]
            with path.open("a", encoding="utf-8") as handle:
                handle.write("".join(lines))
                handle.flush()
        except OSError as exc:
            raise ChannelError(redact(f"{type(exc).__name__}: {exc}", self.url)) from exc

    @staticmethod
    def _present(path: Path, message_id: str) -> set[str]:
        if not path.exists():
            return set()
        present = set()
        with path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if message_id in line:
                    try:
                        record = json.loads(line)
                    except ValueError:
                        continue  # a line cut short by a kill: written again below
                    if record.get("message_id") == message_id:
                        present.add(record.get("alert_id"))
        return present


@dataclass
class WebhookChannel(Channel):
    """POST render.json_body() to http(s)://host/path. 2xx means accepted. The Idempotency-Key
    header (and the body's message_id) stay the same when a message is re-sent."""

    timeout: float = 20.0

    def send(self, message: Message) -> None:
        parts = urlsplit(self.url)
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        target = urlunsplit(("https" if parts.scheme == "jsons" else "http", netloc, parts.path or "/", parts.query, ""))
        auth = (unquote(parts.username), unquote(parts.password or "")) if parts.username else None
        headers = {"Idempotency-Key": message.message_id, "User-Agent": "claimwatch-alerts/1"}
        try:
            response = httpx.post(target, json=render.json_body(message), headers=headers, auth=auth,
                                  timeout=self.timeout, trust_env=False)
        except httpx.HTTPError as exc:
            raise ChannelError(redact(f"{type(exc).__name__}: {exc}", self.url)) from exc
        if not 200 <= response.status_code < 300:
            raise ChannelError(f"HTTP {response.status_code} from the webhook")


@dataclass
class EmailChannel(Channel):
    """SMTP email with a plain-text and an HTML part, written by claimwatch (Apprise's email
    plugin derives the text part from the HTML, which loses the links). The URL follows Apprise's
    mailto:// syntax and Apprise parses it; the Message-ID is the claimwatch message id, so a
    re-sent message is the same email to mail clients."""

    timeout: float = 20.0

    def send(self, message: Message) -> None:
        email = _apprise_plugin(self.url)
        mime = self._mime(message, email)
        recipients = [addr for _, addr in email.targets] + list(email.cc) + list(email.bcc)
        try:
            self._deliver(email, mime, recipients)
        except (OSError, smtplib.SMTPException) as exc:
            raise ChannelError(redact(f"{type(exc).__name__}: {exc}", self.url)) from exc

    def _mime(self, message: Message, email) -> MIMEMultipart:
        mime = MIMEMultipart("alternative")
        mime.attach(MIMEText(render.text(message), "plain", "utf-8"))
        mime.attach(MIMEText(render.html_body(message), "html", "utf-8"))
        sender = email.from_addr[1]
        mime["Subject"] = render.subject(message)
        mime["From"] = formataddr((email.from_addr[0] or "claimwatch", sender))
        mime["To"] = ", ".join(formataddr((name or "", addr)) for name, addr in email.targets)
        if email.cc:
            mime["Cc"] = ", ".join(sorted(email.cc))
        mime["Date"] = format_datetime(datetime.now(timezone.utc))
        mime["Message-ID"] = f"<{message.message_id}@{sender.rpartition('@')[2] or 'claimwatch.invalid'}>"
        mime["X-Claimwatch-Message-Id"] = message.message_id
        return mime

    def _deliver(self, email, mime: MIMEMultipart, recipients: list[str]) -> None:
        secure = str(email.secure_mode)
        factory = smtplib.SMTP_SSL if secure == "ssl" else smtplib.SMTP
        # EHLO names this machine without a DNS lookup (smtplib's default resolves its own name).
        with factory(email.smtp_host, email.port, local_hostname=socket.gethostname(), timeout=self.timeout) as smtp:
            if secure == "starttls":
                smtp.starttls()
            if email.user and email.password:
                smtp.login(email.user, email.password)
            smtp.sendmail(email.from_addr[1], recipients, mime.as_string())


@dataclass
class AppriseChannel(Channel):
    """Any other service Apprise supports, with the short Markdown rendering. Chat services
    cannot recognise a repeat, so a message in doubt is held rather than re-sent."""

    resend_when_in_doubt: bool = False

    def send(self, message: Message) -> None:
        import apprise

        notifier = apprise.Apprise()
        notifier.add(self.url)
        with apprise.LogCapture(level=logging.WARNING) as captured:
            ok = notifier.notify(title=render.subject(message), body=render.markdown(message),
                                 body_format=apprise.NotifyFormat.MARKDOWN)
        if not ok:
            detail = " ".join(captured.getvalue().split())[-300:] or "the service refused the message"
            raise ChannelError(redact(f"Apprise: {detail}", self.url))


def _apprise_plugin(url: str):
    import apprise

    return apprise.Apprise.instantiate(url, suppress_exceptions=True) or None


def channel_problem(url: str) -> str | None:
    """Why `url` is not a usable channel (without repeating its secrets), or None."""
    parts = urlsplit(url)
    if parts.scheme == "console":
        return None
    if parts.scheme == "jsonl":
        absolute = parts.path.startswith("/") and not parts.netloc
        return None if absolute else "jsonl:// needs an absolute path (three slashes): jsonl:///var/lib/claimwatch/alerts.jsonl"
    if parts.scheme in ("json", "jsons"):
        return None if parts.hostname else "json:// needs a host: json://host[:port]/path"
    if _apprise_plugin(url) is None:
        return f"{parts.scheme}:// is not a channel claimwatch or Apprise understands (or its URL is incomplete)"
    return None


def open_channel(url: str, timeout: float = 20.0) -> Channel:
    _SECRETS_FILTER.urls.add(url)
    scheme = urlsplit(url).scheme
    label = channel_label(url)
    if scheme == "console":
        return ConsoleChannel(url, label)
    if scheme == "jsonl":
        return JsonlChannel(url, label)
    if scheme in ("json", "jsons"):
        return WebhookChannel(url, label, timeout=timeout)
    if scheme in ("mailto", "mailtos"):
        return EmailChannel(url, label, timeout=timeout)
    return AppriseChannel(url, label)
