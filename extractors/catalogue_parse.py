"""Turn the parsed TOML tables of a catalogue into Actor and Claim values.

Kept apart from catalogue.py so that loading (files, hashing, validation) and the shape of the
TOML (which keys mean what) can each be read on their own. Every problem found is collected as
one line naming the actor or claim, so the user sees all of them at once, not one per run.
"""

from __future__ import annotations

from extractors.models import Actor, ActorName, Claim, ClaimActor, EvidenceSpan

__all__ = ["parse_actors", "parse_claims", "unknown_keys", "ACTOR_KINDS", "CLAIM_ROLES", "NAME_FORMS"]

ACTOR_KINDS = frozenset(
    {"state", "organisation", "government_body", "armed_group", "person", "company",
     "publication", "place", "group"}
)
CLAIM_ROLES = frozenset({"subject", "object", "beneficiary", "source", "target", "mentioned"})
# TOML key -> ActorName.form; "name" is the canonical name itself.
NAME_FORMS = {"aliases": "alias", "metonyms": "metonym", "adjectives": "adjective", "anaphors": "anaphor"}


# Keys each table may hold; anything else is most likely a typo ("alises") that would silently
# drop names, so `catalogue check` reports it.
_KNOWN_KEYS = {
    "catalogue": {"title", "corpus", "description", "draft"},
    "actors": {"id", "kind", "name", "aliases", "adjectives", "metonyms", "anaphors", "case_sensitive", "foreign",
               "parent", "role", "ambiguous", "note", "draft"},
    "claims": {"id", "statement", "actors", "evidence", "time_frame", "places", "keywords", "denies", "implies",
               "seed_stance", "note", "draft"},
    "evidence": {"seed", "start", "end", "quote", "note"},
}


def unknown_keys(data: dict) -> list[str]:
    problems = [f"[catalogue]: unknown key {k!r}" for k in data.get("catalogue", {}) if k not in _KNOWN_KEYS["catalogue"]]
    problems += [f"unknown top-level table {k!r}" for k in data if k not in ("catalogue", "actors", "claims")]
    for table in ("actors", "claims"):
        for entry in data.get(table, []):
            label = f"{table[:-1]} {entry.get('id')!r}"
            problems += [f"{label}: unknown key {k!r}" for k in entry if k not in _KNOWN_KEYS[table]]
    for claim in data.get("claims", []):
        for number, span in enumerate(claim.get("evidence", []), start=1):
            problems += [f"claim {claim.get('id')!r}: evidence #{number}: unknown key {k!r}"
                         for k in span if k not in _KNOWN_KEYS["evidence"]]
    return problems


def parse_actors(tables: list, problems: list[str]) -> list[Actor]:
    actors = []
    for index, table in enumerate(tables):
        actor = _parse_actor(table, index, problems)
        if actor is not None:
            actors.append(actor)
    return actors


def _parse_actor(table: dict, index: int, problems: list[str]) -> Actor | None:
    actor_id = str(table.get("id", "")).strip()
    label = f"actor {actor_id!r}" if actor_id else f"actor #{index + 1}"
    if not actor_id:
        problems.append(f"{label}: missing id")
        return None
    name = str(table.get("name", "")).strip()
    if not name:
        problems.append(f"{label}: empty name")
    kind = table.get("kind", "")
    if kind not in ACTOR_KINDS:
        problems.append(f"{label}: unknown kind {kind!r} (one of {', '.join(sorted(ACTOR_KINDS))})")
    return Actor(
        id=actor_id,
        kind=kind,
        name=name,
        names=_actor_names(table, name),
        parent=table.get("parent"),
        role=table.get("role"),
        ambiguous=bool(table.get("ambiguous", False)),
        note=str(table.get("note", "")),
    )


def _actor_names(table: dict, name: str) -> tuple[ActorName, ...]:
    """All names of an actor, canonical name first, each once per (text, language)."""
    exact = set(table.get("case_sensitive", []))
    found: list[ActorName] = [ActorName(name, "name", "en", name in exact)]
    for key, form in NAME_FORMS.items():
        for text in table.get(key, []):
            found.append(ActorName(text, form, "en", text in exact))
    for language, texts in sorted(table.get("foreign", {}).items()):
        for text in texts:
            found.append(ActorName(text, "foreign", language, text in exact))
    return tuple(_unique_names(found))


def _unique_names(names: list[ActorName]) -> list[ActorName]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for n in names:
        if n.text and (n.text, n.language) not in seen:
            seen.add((n.text, n.language))
            unique.append(n)
    return unique


def parse_claims(tables: list, problems: list[str]) -> list[Claim]:
    claims = []
    for index, table in enumerate(tables):
        claim = _parse_claim(table, index, problems)
        if claim is not None:
            claims.append(claim)
    return claims


def _parse_claim(table: dict, index: int, problems: list[str]) -> Claim | None:
    claim_id = str(table.get("id", "")).strip()
    label = f"claim {claim_id!r}" if claim_id else f"claim #{index + 1}"
    if not claim_id:
        problems.append(f"{label}: missing id")
        return None
    statement = str(table.get("statement", "")).strip()
    if not statement:
        problems.append(f"{label}: empty statement")
    return Claim(
        id=claim_id,
        statement=statement,
        actors=tuple(_claim_actors(table.get("actors", []), label, problems)),
        evidence=tuple(_evidence(table.get("evidence", []), label, problems)),
        time_frame=str(table.get("time_frame", "")),
        places=tuple(table.get("places", [])),
        keywords=tuple(table.get("keywords", [])),
        denies=table.get("denies"),
        seed_stance=str(table.get("seed_stance", "supports")),
        implies=_implied(table.get("implies", []), label, problems),
    )


def _implied(value, label: str, problems: list[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{label}: implies must be a list of claim ids")
        return ()
    return tuple(value)


def _claim_actors(entries: list, label: str, problems: list[str]) -> list[ClaimActor]:
    actors = []
    for entry in entries:
        # A bare string is shorthand for {id = "...", role = "subject"}.
        entry = {"id": entry} if isinstance(entry, str) else entry
        role = entry.get("role", "subject")
        if role not in CLAIM_ROLES:
            problems.append(f"{label}: actor {entry.get('id')!r} has unknown role {role!r}")
        actors.append(ClaimActor(str(entry.get("id", "")), role))
    return actors


def _evidence(entries: list, label: str, problems: list[str]) -> list[EvidenceSpan]:
    spans = []
    for number, entry in enumerate(entries, start=1):
        missing = [k for k in ("seed", "start", "end", "quote") if k not in entry]
        if missing:
            problems.append(
                f"{label}: evidence #{number} lacks {', '.join(missing)}"
                " (run `claimwatch catalogue fix-offsets` to fill seed/start/end from the quote)"
            )
            continue
        spans.append(EvidenceSpan(entry["seed"], int(entry["start"]), int(entry["end"]), entry["quote"]))
    return spans
