"""Write a draft catalogue as TOML a person can review: every entry says it is a draft, why its
kind was guessed and how often it was seen, and the file loads with load_catalogue as written."""

from __future__ import annotations

import re

from extractors.catalogue_draft_actors import DraftActor, slug
from extractors.catalogue_draft_claims import CUE_VERBS, DraftClaim
from extractors.catalogue_offsets import toml_string

__all__ = ["render_draft", "claim_ids"]

_HEADER = """\
# DRAFT catalogue written by `claimwatch catalogue bootstrap` from {source}.
# Every [[actors]] and [[claims]] entry below is a machine guess marked `draft = true`.
# Review each one: fix names and kinds, merge or split actors, move names between aliases /
# adjectives / metonyms, rewrite statements in your own words, delete sentences that are not
# claims, add the evidence spans it missed (write the quote, then run
# `claimwatch catalogue fix-offsets --catalogue THIS_FILE`), then delete the `draft = true` line.
# `claimwatch catalogue check --catalogue THIS_FILE` lists the entries still marked draft.
# Format: seeds/README.md.

[catalogue]
title = {title}
corpus = {corpus}          # the plain texts the evidence offsets point into
draft = true
"""


def _array(values) -> str:
    return "[" + ", ".join(toml_string(v) for v in values) + "]"


def _actor_lines(actor: DraftActor) -> list[str]:
    lines = ["", "[[actors]]", f"id = {toml_string(actor.id)}",
             f"kind = {toml_string(actor.kind)}          # guessed from {actor.why}",
             f"name = {toml_string(actor.name)}"]
    for key, form in (("aliases", "alias"), ("adjectives", "adjective"), ("metonyms", "metonym")):
        texts = [t for t, f in actor.names.items() if f == form]
        if texts:
            lines.append(f"{key} = {_array(texts)}")
    acronyms = [t for t in [actor.name, *actor.names] if re.fullmatch(r"[A-Z]{2,6}", t)]
    if acronyms:
        lines.append(f"case_sensitive = {_array(acronyms)}")
    if actor.parent:
        lines.append(f"parent = {toml_string(actor.parent)}")
    if actor.role:
        lines.append(f"role = {toml_string(actor.role)}")
    lines.append(f"note = {toml_string(f'DRAFT: seen {actor.count} times in {actor.documents} document(s)')}")
    lines.append("draft = true")
    return lines


def claim_ids(claims: list[DraftClaim]) -> list[str]:
    """Readable ids: the first two actors and the first cue verb ("turkey-sent-azerbaijan")."""
    used, ids = set(), []
    for claim in claims:
        verb = next((w for w in re.findall(r"[a-z]+", claim.statement.lower()) if w in CUE_VERBS), "about")
        base = slug("-".join([claim.actor_ids[0], verb, *claim.actor_ids[1:2]]))
        candidate, number = base, 2
        while candidate in used:
            candidate, number = f"{base}-{number}", number + 1
        used.add(candidate)
        ids.append(candidate)
    return ids


def _claim_lines(claim_id: str, claim: DraftClaim, texts: dict[str, str]) -> list[str]:
    roles = ["subject"] + ["object"] * (len(claim.actor_ids) - 1)
    actors = ", ".join(f"{{ id = {toml_string(i)}, role = \"{r}\" }}" for i, r in zip(claim.actor_ids, roles))
    lines = ["", "[[claims]]", f"id = {toml_string(claim_id)}",
             f"statement = {toml_string(claim.statement)}   # DRAFT: the sentence itself; restate it",
             f"actors = [{actors}]"]
    if claim.time_frame:
        lines.append(f"time_frame = {toml_string(claim.time_frame)}")
    lines.append("evidence = [")
    for seed, start, end in claim.spans:
        quote = toml_string(texts[seed][start:end])
        lines.append(f"  {{ seed = {toml_string(seed)}, start = {start}, end = {end}, quote = {quote} }},")
    lines += ["]", "draft = true"]
    return lines


def render_draft(actors: list[DraftActor], claims: list[DraftClaim], texts: dict[str, str],
                 source: str, corpus: str) -> str:
    lines = [_HEADER.format(source=source, title=toml_string(f"Draft catalogue for {source}"),
                            corpus=toml_string(corpus))]
    lines.append("# ───────── Actors (most mentioned first) ─────────")
    for actor in actors:
        lines += _actor_lines(actor)
    lines += ["", "# ───────── Claims (in reading order) ─────────"]
    for claim_id, claim in zip(claim_ids(claims), claims):
        lines += _claim_lines(claim_id, claim, texts)
    return "\n".join(lines) + "\n"
