"""Draft a catalogue from any folder of articles, offline and without models.

    documents → sentences → candidate names (catalogue_draft_mentions)
              → merged actors with guessed kinds (catalogue_draft_actors)
              → sentences about two or more actors (catalogue_draft_claims)
              → reviewable TOML (catalogue_draft_toml)

The draft is a starting point for a person, not a catalogue: every entry is marked draft.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from extractors.catalogue_draft_actors import DraftActor, merge_actors
from extractors.catalogue_draft_claims import DraftClaim, draft_claims
from extractors.catalogue_draft_mentions import sentence_mentions
from extractors.catalogue_draft_text import is_headline, read_documents, sentence_spans
from extractors.catalogue_draft_toml import render_draft
from extractors.errors import CatalogueError

__all__ = ["Draft", "draft_catalogue", "bootstrap_catalogue"]


@dataclass
class Draft:
    actors: list[DraftActor]
    claims: list[DraftClaim]


def draft_catalogue(texts: dict[str, str]) -> Draft:
    """The draft actors and claims of {document name: plain text}."""
    sentences = [(doc, s, e, text[s:e]) for doc, text in sorted(texts.items()) for s, e in sentence_spans(text)]
    mentions = [(doc, m) for doc, s, _, sentence in sentences
                for m in sentence_mentions(sentence, s, is_headline(sentence))]
    lower_words = {w for text in texts.values() for w in re.findall(r"\b[a-z][a-z'-]+\b", text)}
    actors, _ = merge_actors(mentions, lower_words)
    actors_at = _name_scanner(actors, texts)
    people = {a.id for a in actors if a.kind == "person"}
    return Draft(actors, draft_claims(sentences, actors_at, people, is_headline))


def _name_scanner(actors: list[DraftActor], texts: dict[str, str]):
    """actors_at(doc, start, end): ids of the actors whose names occur there, in order. Every
    name is searched again in every sentence, so a headline or a name inside a longer span
    counts too; names are matched with their case, as whole words, longest first."""
    owner = {text: a.id for a in actors for text in [a.name, *a.names]}
    if not owner:
        return lambda doc, start, end: []
    names = sorted(owner, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")
    found = {doc: [(m.start(), owner[m.group()]) for m in pattern.finditer(text)] for doc, text in texts.items()}

    def actors_at(doc: str, start: int, end: int) -> list[str]:
        return [actor_id for position, actor_id in found.get(doc, []) if start <= position < end]

    return actors_at


def bootstrap_catalogue(folder: str | Path, out: str | Path) -> dict:
    """Write the draft of `folder` to `out`; HTML is converted to text beside it."""
    folder, out = Path(folder), Path(out)
    if not folder.is_dir():
        raise CatalogueError(f"{folder}: not a folder of articles")
    texts, converted = read_documents(folder)
    if not texts:
        raise CatalogueError(f"{folder}: no .txt or .html articles found")
    corpus = _corpus_folder(folder, out, texts, converted)
    draft = draft_catalogue(texts)
    out.write_text(render_draft(draft.actors, draft.claims, texts, str(folder), corpus), encoding="utf-8")
    return {"documents": len(texts), "actors": len(draft.actors), "claims": len(draft.claims)}


def _corpus_folder(folder: Path, out: Path, texts: dict[str, str], converted: bool) -> str:
    """Where the draft's offsets point: the folder itself when it holds only plain text, else a
    `<draft>_corpus/` folder of the extracted texts written beside the draft."""
    out.parent.mkdir(parents=True, exist_ok=True)
    other_files = {p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")} - set(texts)
    if not converted and not other_files:
        return os.path.relpath(folder.resolve(), out.parent.resolve())
    target = out.parent / f"{out.stem}_corpus"
    target.mkdir(exist_ok=True)
    for name, text in texts.items():
        (target / name).write_bytes(text.encode("utf-8"))
    return target.name
