"""Merge candidate names into draft actors and guess each actor's kind.

Variants merge when: they are the same country's name, demonym or capital (gazetteer); one is
the bracketed short form of the other ("Libyan National Army (LNA)"); an acronym spells the
initials of exactly one long name; a lone surname belongs to exactly one person; two group names
share their core once particles and words like Front/Brigade/Jabhat/Firqat are dropped
("al-Nusra Front" = "Jabhat an-Nusra"); a demonym phrase denotes the state ("Azeri forces").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from extractors.catalogue_draft_gazetteer import (
    CONNECTORS, EVENT_WORDS, GROUP_WORDS, KIND_WORDS, PARTICLES, country_lookup,
)
from extractors.catalogue_draft_mentions import Mention

__all__ = ["DraftActor", "merge_actors", "name_key", "slug"]

_COUNTRIES = country_lookup()
_PLACE_BEFORE = {"in", "to", "from", "near", "through", "across", "into", "over", "of", "around", "at",
                 "on", "towards", "toward", "within", "inside", "throughout"}


@dataclass
class DraftActor:
    id: str
    name: str
    kind: str
    why: str
    names: dict[str, str] = field(default_factory=dict)  # surface -> form
    count: int = 0
    documents: int = 0
    parent: str | None = None
    role: str | None = None


def name_key(text: str) -> str:
    key = text.casefold().replace("’", "'").replace(".", "")
    return re.sub(r"^the\s+", "", key).strip()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "actor"


def _is_acronym(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{2,6}|(?:[A-Z]\.){2,}", text))


class _Clusters:
    """Union-find over name keys."""

    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def merge_actors(mentions: list[tuple[str, Mention]], lower_words: set[str]) -> tuple[list[DraftActor], dict]:
    """Draft actors, and {(document, start): actor id} for every kept mention."""
    kept = _keep(mentions, lower_words)
    clusters = _Clusters()
    for _, mention in kept:
        clusters.find(name_key(mention.text))
    _merge_by_rules(kept, clusters)
    actors, key_to_id = _build(kept, clusters)
    positions = {(doc, m.start): key_to_id[clusters.find(name_key(m.text))] for doc, m in kept}
    return actors, positions


def _drop_grammar_capital(mention: Mention, lower_words: set[str]) -> Mention:
    """"Fighters of Jabhat an-Nusra" opening a sentence: "Fighters" is an ordinary word (the
    corpus also writes it in lower case), so the name is "Jabhat an-Nusra"."""
    words = mention.text.split(" ")
    if not mention.opens_sentence or len(words) < 2 or words[0].casefold() not in lower_words:
        return mention
    if words[0].casefold() in _COUNTRIES:
        return mention
    rest = words[1:]
    while rest and (rest[0] in CONNECTORS or rest[0] == "the"):
        rest = rest[1:]
    if not rest:
        return mention
    text = " ".join(rest)
    start = mention.end - len(text)
    return Mention(text, start, mention.end, person=mention.person, role=mention.role, parent=mention.parent,
                   kind=mention.kind, headline=mention.headline, alias_of=mention.alias_of, before=mention.before)


def _keep(mentions, lower_words: set[str]):
    mentions = [(doc, _drop_grammar_capital(m, lower_words)) for doc, m in mentions]
    surnames = {name_key(m.text).split()[-1] for _, m in mentions if m.person and " " in m.text}
    body = {name_key(m.text) for _, m in mentions if not m.headline}
    not_initial = {name_key(m.text) for _, m in mentions if not m.initial and not m.headline}
    kept = []
    for doc, m in mentions:
        key = name_key(m.text)
        if len(key) < 2 or key.split()[-1] in EVENT_WORDS or key in lower_words and key not in _COUNTRIES:
            continue
        if m.headline and key not in body:
            continue  # title-case headlines capitalise ordinary words
        if m.initial and key not in not_initial | surnames and key not in _COUNTRIES and not _is_acronym(m.text):
            continue  # capitalised only because it opens a sentence
        kept.append((doc, m))
    return kept


def _merge_by_rules(kept, clusters: _Clusters) -> None:
    keys = {name_key(m.text): m for _, m in kept}
    for key, m in keys.items():
        if key in _COUNTRIES:
            clusters.union(key, name_key(_COUNTRIES[key][0]))
        if m.alias_of:
            clusters.union(key, name_key(m.alias_of))
        if m.kind == "state" and m.parent:
            clusters.union(key, name_key(_COUNTRIES[m.parent.casefold()][0]))
    _merge_acronyms(keys, clusters)
    _merge_surnames(keys, clusters)
    _merge_group_cores(keys, clusters)


def _initials(text: str) -> str:
    words = [w for w in re.split(r"[\s-]+", text) if w and w.lower() not in CONNECTORS and w.lower() != "the"]
    return "".join(w[0] for w in words if w[0].isupper())


def _merge_acronyms(keys: dict, clusters: _Clusters) -> None:
    long_names = defaultdict(list)
    for key, m in keys.items():
        if " " in m.text:
            long_names[_initials(m.text)].append(key)
    for key, m in keys.items():
        if _is_acronym(m.text) and key not in _COUNTRIES and len(long_names.get(m.text.replace(".", ""), [])) == 1:
            clusters.union(key, long_names[m.text.replace(".", "")][0])


def _looks_like_a_full_name(key: str, mention: Mention, keys: dict) -> bool:
    """"Meghan Markle" when "Markle" also stands alone: two or three plain words, no kind word,
    not a country, the last word used on its own elsewhere."""
    words = key.split()
    return (2 <= len(words) <= 3 and words[-1] in keys and key not in _COUNTRIES and not mention.kind
            and all(w.isalpha() and w not in KIND_WORDS for w in words))


def _merge_surnames(keys: dict, clusters: _Clusters) -> None:
    for key, m in keys.items():
        if not m.person and _looks_like_a_full_name(key, m, keys):
            m.person = True
    people = defaultdict(set)
    for key, m in keys.items():
        if m.person and " " in key:
            people[key.split()[-1]].add(clusters.find(key))
    for surname, roots in people.items():
        if len(roots) == 1:
            root = next(iter(roots))
            for key in [k for k in keys if k == surname or k.split()[-1] == surname and " " in k]:
                clusters.union(key, root)


def _core(key: str) -> str:
    words = []
    for word in re.split(r"\s+", key):
        head, _, rest = word.partition("-")
        if head in PARTICLES and rest:
            word = rest
        if word not in GROUP_WORDS:
            words.append(word)
    return " ".join(words)


def _merge_group_cores(keys: dict, clusters: _Clusters) -> None:
    """Only names that carry a group word or an Arabic particle define a core, so "Syrian
    National Army" never swallows "Syria"."""
    cores = defaultdict(list)
    for key in keys:
        if _core(key) != key and _core(key):
            cores[_core(key)].append(key)
    for core, members in cores.items():
        for key in members[1:]:
            clusters.union(key, members[0])
        if core in keys:
            clusters.union(core, members[0])


def _build(kept, clusters: _Clusters):
    groups = defaultdict(list)
    for doc, m in kept:
        groups[clusters.find(name_key(m.text))].append((doc, m))
    actors, key_to_id, used_ids = [], {}, set()
    for root, members in sorted(groups.items(), key=lambda item: -len(item[1])):
        actor = _actor(members)
        actor.id = _unique(slug(actor.name), used_ids)
        actors.append(actor)
        key_to_id[root] = actor.id
    _resolve_parents(actors, kept, clusters, key_to_id)
    return actors, key_to_id


def _unique(base: str, used: set[str]) -> str:
    candidate, number = base, 2
    while candidate in used:
        candidate, number = f"{base}-{number}", number + 1
    used.add(candidate)
    return candidate


def _actor(members) -> DraftActor:
    mentions = [m for _, m in members]
    surfaces = Counter(m.text for m in mentions)
    country = next((_COUNTRIES[name_key(t)][0] for t in surfaces if _COUNTRIES.get(name_key(t), ("", ""))[1] == "name"), None)
    country = country or next((_COUNTRIES[name_key(t)][0] for t in surfaces if name_key(t) in _COUNTRIES), None)
    name = country or _canonical(mentions, surfaces)
    kind, why = _guess_kind(name, mentions, country)
    actor = DraftActor("", name, kind, why, count=len(members), documents=len({d for d, _ in members}))
    actor.names = {text: _form(text) for text in sorted(surfaces, key=lambda t: -surfaces[t]) if text != name}
    actor.role = next((m.role for m in mentions if m.role), None)
    return actor


def _canonical(mentions, surfaces: Counter) -> str:
    people = [m.text for m in mentions if m.person]
    pool = people or list(surfaces)
    return max(pool, key=lambda t: (not _is_acronym(t), len(t.split()), surfaces[t], len(t)))


def _form(text: str) -> str:
    entry = _COUNTRIES.get(name_key(text))
    return entry[1] if entry else "alias"


def _guess_kind(name: str, mentions, country) -> tuple[str, str]:
    if country:
        return "state", "a country in the gazetteer"
    if any(m.person for m in mentions):
        return "person", "named after a title or role word"
    phrase = next((m.kind for m in mentions if m.kind and m.kind != "state"), None)
    if phrase:
        return phrase, "a demonym followed by a group/body noun"
    for text in [name] + [m.text for m in mentions]:
        for word in re.findall(r"[\w.]+", text.lower()):
            if word in KIND_WORDS:
                return KIND_WORDS[word], f"the word {word!r}"
            if word.endswith(".com"):
                return "publication", "a web address"
    if all(_is_acronym(m.text) for m in mentions):
        return "organisation", "an acronym"
    return _place_or_organisation(mentions)


def _place_or_organisation(mentions) -> tuple[str, str]:
    before = Counter(m.before for m in mentions if m.before)
    place_like = sum(n for word, n in before.items() if word in _PLACE_BEFORE)
    if place_like * 2 >= len(mentions) and place_like:
        return "place", "mostly after in/to/from/through"
    return "organisation", "no better clue (check it)"


def _resolve_parents(actors, kept, clusters: _Clusters, key_to_id: dict) -> None:
    """A person's or body's parent is the actor its title prefix or demonym names
    ("French President ..." -> France); left empty when that actor was not kept."""
    by_id = {a.id: a for a in actors}
    for _, mention in kept:
        actor = by_id[key_to_id[clusters.find(name_key(mention.text))]]
        if actor.parent or not mention.parent or actor.kind == "state":
            continue
        parent_id = _actor_id_of(mention.parent, clusters, key_to_id)
        if parent_id and parent_id != actor.id:
            actor.parent = parent_id


def _actor_id_of(text: str, clusters: _Clusters, key_to_id: dict) -> str | None:
    keys = [name_key(text)]
    if text.casefold() in _COUNTRIES:
        keys.append(name_key(_COUNTRIES[text.casefold()][0]))  # "French" -> "france"
    for key in keys:
        if key in clusters.parent:
            return key_to_id.get(clusters.find(key))
    return None
