"""A message in words: a subject line, plain text, HTML, short Markdown for chat, and JSON.

Every alert says the claim (statement and id), the stance, the quoted sentence, the article's
title, outlet, URL, date and language, the actors found, the score, why it alerted (the rules
that fired), and the seed evidence the claim comes from, plus one line of SQL to see more.
"""

from __future__ import annotations

import html

from flows.alerting.message import ClaimGroup, Message

__all__ = ["subject", "text", "html_body", "markdown", "json_body"]

CHAT_ITEMS_PER_CLAIM = 5
QUOTE_CHARS = 300


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def subject(message: Message) -> str:
    if message.mode == "notice":
        return message.title
    prefix = "[TEST] " if message.test else ""
    if message.count == 1:
        alert = message.groups[0].alerts[0]
        return f"{prefix}claimwatch: {alert['article']['outlet']} {alert['stance']} \u201c{_cut(alert['statement'], 90)}\u201d"
    return (f"{prefix}claimwatch digest: {_plural(message.count, 'new match', 'new matches')} of "
            f"{_plural(len(message.groups), 'claim')} in {_plural(message.outlets, 'outlet')}")


def _cut(value: str, limit: int) -> str:
    value = " ".join((value or "").split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "\u2026"


def _date(alert: dict) -> str:
    published = alert["article"].get("published")
    return published[:10] if published else "undated"


def _actors(alert: dict) -> str:
    parts = []
    for actor in alert.get("actors", []):
        written = [w for w in actor.get("written_as", []) if w != actor["name"]]
        quoted = ", ".join(f"\u201c{w}\u201d" for w in written)
        parts.append(actor["name"] + (f" (written {quoted})" if written else ""))
    return ", ".join(parts) or "none recognised"


def _why(alert: dict) -> str:
    """The most specific rule that fired, in words, then the names of the others."""
    rules = alert.get("rules") or [{"rule": alert.get("rule", "new_match"), "why": "a new match"}]
    others = [r["rule"] for r in rules[1:] if r["rule"] != "new_match"]
    return f"{rules[0]['why']} [rule {rules[0]['rule']}]" + (f"; also {', '.join(others)}" if others else "")


def _group_line(group: ClaimGroup) -> str:
    stances = ", ".join(f"{n} {stance}" for stance, n in sorted(group.stance_counts().items()))
    copies = f", {_plural(group.copies, 'copy', 'copies')} of other articles" if group.copies else ""
    return f"{_plural(len(group.alerts), 'match', 'matches')} in {_plural(group.outlets, 'distinct outlet')}{copies} ({stances})"


def text(message: Message) -> str:
    if message.mode == "notice":
        return f"{message.title}\n\n{message.note}\n"
    lines = [subject(message), ""]
    if message.test:
        lines += ["This is a test message from `claimwatch alerts test`; the alert below is an example.", ""]
    for number, group in enumerate(message.groups, 1):
        lines += [f"CLAIM {number}: {group.statement}", f"  id {group.claim_id} \u2014 {_group_line(group)}", ""]
        for index, alert in enumerate(group.alerts, 1):
            lines += _text_alert(index, alert)
        for evidence in group.evidence:
            lines.append(f"  Seed evidence ({evidence['seed']} [{evidence['start']}:{evidence['end']}]): \u201c{_cut(evidence['quote'], QUOTE_CHARS)}\u201d")
        lines += ["  See more in the warehouse:", f"  {group.sql}", ""]
    lines.append(f"-- claimwatch message {message.message_id}")
    return "\n".join(lines) + "\n"


def _text_alert(index: int, alert: dict) -> list[str]:
    article = alert["article"]
    lines = [
        f"  {index}. {alert['stance'].upper()} (score {alert['score']:.2f}) \u2014 {article['outlet']}, {_date(alert)}, language {article.get('language') or 'unknown'}",
        f"     \u201c{_cut(alert['sentence'], QUOTE_CHARS)}\u201d",
        f"     Article: {article.get('title') or '(no title)'}",
        f"     {article['url']}",
        f"     Actors: {_actors(alert)}",
    ]
    if alert.get("denied_by"):
        lines.append(f"     Denied by: {alert['denied_by']}")
    if article.get("copy_of"):
        lines.append(f"     A copy of article {article['copy_of']} (same text)")
    lines += [f"     Why: {_why(alert)}", ""]
    return lines


def html_body(message: Message) -> str:
    e = html.escape
    if message.mode == "notice":
        return f"<html><body><h2>{e(message.title)}</h2><pre>{e(message.note)}</pre></body></html>"
    parts = [f"<html><body style=\"font-family:sans-serif\"><h2>{e(subject(message))}</h2>"]
    if message.test:
        parts.append("<p><i>A test message from <code>claimwatch alerts test</code>; the alert below is an example.</i></p>")
    for group in message.groups:
        parts.append(f"<h3>{e(group.statement)}</h3><p><code>{e(group.claim_id)}</code> &mdash; {e(_group_line(group))}</p><ol>")
        for alert in group.alerts:
            parts.append(_html_alert(alert))
        parts.append("</ol>")
        for evidence in group.evidence:
            parts.append(f"<p>Seed evidence ({e(evidence['seed'])} [{evidence['start']}:{evidence['end']}]): "
                         f"<q>{e(_cut(evidence['quote'], QUOTE_CHARS))}</q></p>")
        parts.append(f"<p>See more in the warehouse:<br><code>{e(group.sql)}</code></p>")
    parts.append(f"<p style=\"color:#777\">claimwatch message {e(message.message_id)}</p></body></html>")
    return "".join(parts)


def _html_alert(alert: dict) -> str:
    e = html.escape
    article = alert["article"]
    extra = f"<br>Denied by: {e(alert['denied_by'])}" if alert.get("denied_by") else ""
    if article.get("copy_of"):
        extra += f"<br>A copy of article {e(article['copy_of'])} (same text)"
    return (
        f"<li><b>{e(alert['stance'].upper())}</b> (score {alert['score']:.2f}) &mdash; {e(article['outlet'])}, "
        f"{e(_date(alert))}, language {e(article.get('language') or 'unknown')}"
        f"<blockquote>{e(_cut(alert['sentence'], QUOTE_CHARS))}</blockquote>"
        f"<a href=\"{e(article['url'], quote=True)}\">{e(article.get('title') or article['url'])}</a>"
        f"<br>Actors: {e(_actors(alert))}{extra}<br>Why: {e(_why(alert))}</li>"
    )


def markdown(message: Message) -> str:
    """Short enough for a chat message: at most a few articles per claim."""
    if message.mode == "notice":
        return f"**{message.title}**\n\n{message.note}"
    lines = [f"**{subject(message)}**"]
    for group in message.groups:
        lines += ["", f"**{group.statement}** (`{group.claim_id}`): {_group_line(group)}"]
        for alert in group.alerts[:CHAT_ITEMS_PER_CLAIM]:
            article = alert["article"]
            lines.append(
                f"- {alert['stance']} {alert['score']:.2f}, {article['outlet']} {_date(alert)} "
                f"({article.get('language') or '?'}): \u201c{_cut(alert['sentence'], 200)}\u201d {article['url']} "
                f"\u2014 {(alert.get('rules') or [{'rule': alert.get('rule', 'new_match')}])[0]['rule']}"
            )
        if len(group.alerts) > CHAT_ITEMS_PER_CLAIM:
            lines.append(f"- \u2026and {len(group.alerts) - CHAT_ITEMS_PER_CLAIM} more: `{group.sql}`")
    return "\n".join(lines)


def json_body(message: Message) -> dict:
    """The structured webhook body: every alert in full, grouped by claim, plus the plain text."""
    if message.mode == "notice":
        return {"type": "claimwatch.notice", "message_id": message.message_id, "title": message.title, "text": message.note}
    return {
        "type": "claimwatch.test" if message.test else "claimwatch.alerts",
        "message_id": message.message_id,
        "mode": message.mode,
        "count": message.count,
        "claims": [
            {
                "claim_id": g.claim_id,
                "statement": g.statement,
                "matches": len(g.alerts),
                "outlets": g.outlets,
                "copies": g.copies,
                "stances": g.stance_counts(),
                "evidence": list(g.evidence),
                "sql": g.sql,
                "alerts": list(g.alerts),
            }
            for g in message.groups
        ],
        "text": text(message),
    }
