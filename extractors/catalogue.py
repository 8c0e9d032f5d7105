"""Load, validate and export the catalogue of actors and claims (seeds/catalogue.toml).

The catalogue is what every later stage matches against, so a broken one is refused whole,
before any fetching: a TOML syntax error, an evidence quote that is not the seed text at its
offsets, an unknown actor id, a duplicate id or an empty statement raises CatalogueError with one
line per problem. Softer findings (an alias shared by two actors) come from check_catalogue().

The format is documented in seeds/README.md; parsing of the tables is in catalogue_parse.py.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections import defaultdict
from pathlib import Path

from extractors.catalogue_parse import parse_actors, parse_claims, unknown_keys
from extractors.errors import CatalogueError
from extractors.models import Actor, Catalogue, Claim

__all__ = [
    "load_catalogue",
    "check_catalogue",
    "language_gaps",
    "name_warnings",
    "coverage_rows",
    "catalogue_to_dict",
    "read_catalogue_toml",
    "read_seed_texts",
    "draft_markers",
    "source_problems",
    "DEFAULT_CATALOGUE",
]

DEFAULT_CATALOGUE = Path(__file__).resolve().parent.parent / "seeds" / "catalogue.toml"


def load_catalogue(path: str | Path = DEFAULT_CATALOGUE) -> Catalogue:
    """Read, validate and return the catalogue; raise CatalogueError listing every problem."""
    path = Path(path)
    raw = _read_bytes(path)
    data = read_catalogue_toml(path, raw)
    seeds = read_seed_texts(path, data)
    problems: list[str] = []
    actors = parse_actors(data.get("actors", []), problems)
    claims = parse_claims(data.get("claims", []), problems)
    problems += _refusals(actors, claims, seeds)
    if problems:
        located = [_with_line(p, raw.decode("utf-8-sig", errors="replace")) for p in problems]
        raise CatalogueError(f"{path}: {len(problems)} problem(s) in the catalogue", [f"{path}:"] + located)
    return Catalogue(tuple(actors), tuple(claims), _version(raw, seeds), str(path), seeds)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CatalogueError(f"{path}: cannot read the catalogue: {exc.strerror or exc}") from exc


def read_catalogue_toml(path: Path, raw: bytes | None = None) -> dict:
    """Parse the TOML; a syntax error names the file and tomllib's line and column."""
    raw = _read_bytes(path) if raw is None else raw
    try:
        return tomllib.loads(raw.decode("utf-8-sig"))  # an editor's byte-order mark is not an error
    except UnicodeDecodeError as exc:
        raise CatalogueError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message already ends with "(at line N, column M)".
        raise CatalogueError(f"{path}: TOML syntax error: {exc}") from exc


def read_seed_texts(path: Path, data: dict) -> dict[str, str]:
    """{file name: text} of the seed corpus folder named in [catalogue] corpus."""
    folder = Path(path).parent / data.get("catalogue", {}).get("corpus", "corpus")
    if not folder.is_dir():
        raise CatalogueError(f"{path}: seed corpus folder {folder} does not exist")
    # Decoding the bytes ourselves (not read_text) keeps \r\n as two characters, so offsets
    # mean the same to every reader of the file.
    texts = {}
    for file in sorted(folder.iterdir()):
        if file.is_file() and not file.name.startswith("."):
            try:
                texts[file.name] = file.read_bytes().decode("utf-8")
            except UnicodeDecodeError as exc:
                raise CatalogueError(f"{path}: seed {file.name} is not UTF-8 ({exc.reason})") from exc
    return texts


_PROBLEM_SUBJECT = re.compile(r"^(?:claim|actor) '([^']+)'(?:: evidence #(\d+))?")


def _with_line(problem: str, toml_text: str) -> str:
    """Prefix a problem with the line of the entry it names ("line 912: claim 'x': ..."), and for
    an evidence problem the line of that evidence entry, so an editor can jump to it."""
    match = _PROBLEM_SUBJECT.match(problem)
    if not match:
        return problem
    lines = toml_text.splitlines()
    id_line = next((i for i, line in enumerate(lines) if line.strip() == f'id = "{match.group(1)}"'), None)
    if id_line is None:
        return problem
    target = id_line
    if match.group(2):
        quotes = [i for i in range(id_line + 1, len(lines)) if "quote =" in lines[i]]
        number = int(match.group(2))
        target = quotes[number - 1] if len(quotes) >= number else id_line
    return f"line {target + 1}: {problem}"


def _version(raw: bytes, seeds: dict[str, str]) -> str:
    digest = hashlib.sha256(raw)
    for name in sorted(seeds):
        digest.update(name.encode("utf-8") + b"\0" + seeds[name].encode("utf-8") + b"\0")
    return digest.hexdigest()[:16]


def _refusals(actors: list[Actor], claims: list[Claim], seeds: dict[str, str]) -> list[str]:
    """The problems that make a catalogue unusable (see the module docstring)."""
    problems = _duplicates("actor", [a.id for a in actors]) + _duplicates("claim", [c.id for c in claims])
    actor_ids = {a.id for a in actors}
    claim_ids = {c.id for c in claims}
    for actor in actors:
        if actor.parent and actor.parent not in actor_ids:
            problems.append(f"actor {actor.id!r}: unknown parent actor id {actor.parent!r}")
    for claim in claims:
        problems += _claim_refusals(claim, actor_ids, claim_ids, seeds)
    return problems


def _duplicates(what: str, ids: list[str]) -> list[str]:
    seen: set[str] = set()
    dupes = []
    for i in ids:
        if i in seen:
            dupes.append(f"{what} {i!r}: duplicate id")
        seen.add(i)
    return dupes


def _claim_refusals(claim: Claim, actor_ids: set, claim_ids: set, seeds: dict[str, str]) -> list[str]:
    label = f"claim {claim.id!r}"
    problems = [f"{label}: unknown actor id {a.actor_id!r}" for a in claim.actors if a.actor_id not in actor_ids]
    if claim.denies and claim.denies not in claim_ids:
        problems.append(f"{label}: denies unknown claim id {claim.denies!r}")
    problems += [f"{label}: implies unknown claim id {i!r}" for i in claim.implies if i not in claim_ids]
    if claim.id in claim.implies or (claim.denies and claim.denies in claim.implies):
        problems.append(f"{label}: implies itself or the claim it denies")
    if claim.seed_stance not in ("supports", "denies"):
        problems.append(f"{label}: seed_stance must be 'supports' or 'denies', not {claim.seed_stance!r}")
    for number, span in enumerate(claim.evidence, start=1):
        problem = _span_problem(span, seeds)
        if problem:
            problems.append(f"{label}: evidence #{number}: {problem}")
    return problems


def _span_problem(span, seeds: dict[str, str]) -> str:
    text = seeds.get(span.seed)
    if text is None:
        return f"unknown seed file {span.seed!r}"
    if not 0 <= span.start < span.end <= len(text):
        return f"offsets {span.start}:{span.end} outside {span.seed} ({len(text)} characters)"
    actual = text[span.start:span.end]
    if actual != span.quote:
        return f"quote does not equal {span.seed}[{span.start}:{span.end}], which reads {_clip(actual)!r}"
    return ""


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def check_catalogue(catalogue: Catalogue) -> list[str]:
    """Every problem of a loaded catalogue: the refusals again plus shared aliases."""
    problems = _refusals(list(catalogue.actors), list(catalogue.claims), catalogue.seeds)
    problems += _shared_names(catalogue.actors)
    problems += [f"claim {c.id!r}: no evidence span" for c in catalogue.claims if not c.evidence]
    problems += [f"claim {c.id!r}: no actors" for c in catalogue.claims if not c.actors]
    known = {a.id for a in catalogue.actors}
    problems += [f"claim {c.id!r}: place {p!r} is not an actor id" for c in catalogue.claims for p in c.places if p not in known]
    return problems


def _shared_names(actors) -> list[str]:
    """A name that two actors answer to makes a match say the wrong actor, unless one of them
    is marked ambiguous (the matcher then asks context to decide)."""
    owners: dict[str, set[str]] = defaultdict(set)
    ambiguous = {a.id for a in actors if a.ambiguous}
    for actor in actors:
        for name in actor.names:
            owners[name.text if name.case_sensitive else name.text.casefold()].add(actor.id)
    return [
        f"actor {' / '.join(sorted(ids))}: name {text!r} maps to {len(ids)} actors; mark one ambiguous or drop it"
        for text, ids in sorted(owners.items())
        if len(ids) > 1 and not ids & ambiguous
    ]


def name_warnings(catalogue: Catalogue) -> list[str]:
    """Names that will likely find ordinary words: a short acronym matched in any case names its
    actor in a capitalised word ("Сна не было", there was no sleep, would name the Syrian National
    Army; with Russian suffix slack, "Игра", a game, Islamic State). A word all in lower case is
    never taken for a capitalised name (actors.py). Warnings, not problems: the user knows
    whether the word exists in that language."""
    return [
        f"actor {actor.id!r}: acronym {name.text!r} ({name.language}) is matched in any case, so "
        f"{name.text.capitalize()!r} opening a sentence names it; list it under case_sensitive "
        f"(and add the title-case spelling as a name too, if the news writes it so)"
        for actor in catalogue.actors for name in actor.names
        if not name.case_sensitive and _is_short_acronym(name.text)
    ]


def language_gaps(catalogue: Catalogue) -> list[str]:
    """Claim actors that texts in some language the catalogue reads will not find, so none of
    their claims can match there. A language in another script (Russian, Arabic) needs a name
    of its own. One in the Latin script shares a proper name ("Biden", "Ahrar al-Sham", and
    "Pakistán" folds to "Pakistan"), but not a description: "foreign volunteers" needs
    "volontaires étrangers", so an actor named by a description (a lower-case word in its
    name) with no Latin-script foreign name at all is listed too."""
    scripts: dict[str, set[bool]] = defaultdict(set)
    for actor in catalogue.actors:
        for name in actor.names:
            if name.form == "foreign":
                scripts[name.language].add(_is_latin(name.text))
    latin = {lang for lang, found in scripts.items() if found == {True}}
    other = sorted(set(scripts) - latin)
    used = {a.actor_id for c in catalogue.claims for a in c.actors if a.role != "mentioned"}
    out = []
    for actor in catalogue.actors:
        if actor.id not in used:
            continue
        own = {n.language for n in actor.names if n.form == "foreign"}
        missing = [lang for lang in other if lang not in own]
        if _is_description(actor.name) and not own & latin:
            missing += latin
        if missing:
            out.append(f"actor {actor.id!r}: no name in {', '.join(sorted(missing))}; texts in "
                       f"{'that language' if len(missing) == 1 else 'those languages'} will not find it")
    return out


def _is_description(name: str) -> bool:
    """"Kurdish extremist groups", not "Government of National Accord" or "Ahrar al-Sham"."""
    return any(len(word) >= 4 and word[0].islower() for word in re.split(r"[\s-]+", name))


def _is_latin(text: str) -> bool:
    return all(c < "\u0250" for c in text if c.isalpha())


def _is_short_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return 2 <= len(letters) <= 4 and all(c.isupper() for c in letters) and "." not in text


def draft_markers(data: dict) -> list[str]:
    """One line per entry a bootstrap draft marked `draft = true` and nobody has reviewed yet."""
    found = []
    for table in ("actors", "claims"):
        for entry in data.get(table, []):
            if entry.get("draft"):
                found.append(f"{table[:-1]} {entry.get('id')!r}: still marked draft = true (review it, then delete the line)")
    return found


def source_problems(path: str | Path) -> list[str]:
    """What only the TOML text shows: misspelt keys, entries still marked draft."""
    data = read_catalogue_toml(Path(path))
    return unknown_keys(data) + draft_markers(data)


def coverage_rows(catalogue: Catalogue) -> list[dict]:
    """Per seed document: claims with evidence in it, their spans there, actors those claims
    involve, and catalogue actors the document names at all. The last row totals the catalogue
    (its `named` counts actors named in at least one seed)."""
    rows, named_anywhere = [], set()
    for seed in sorted(catalogue.seeds):
        claims = [c for c in catalogue.claims if any(e.seed == seed for e in c.evidence)]
        named = _actors_named_in(catalogue.actors, catalogue.seeds[seed])
        named_anywhere |= named
        rows.append({
            "seed": seed,
            "claims": len(claims),
            "spans": sum(1 for c in claims for e in c.evidence if e.seed == seed),
            "actors": len({a.actor_id for c in claims for a in c.actors}),
            "named": len(named),
        })
    rows.append({
        "seed": "(catalogue)",
        "claims": len(catalogue.claims),
        "spans": sum(len(c.evidence) for c in catalogue.claims),
        "actors": len(catalogue.actors),
        "named": len(named_anywhere),
    })
    return rows


def _actors_named_in(actors, text: str) -> set[str]:
    """Ids of actors any of whose names occurs in the text as a whole word (case-insensitive
    unless the name is marked case-sensitive). A coverage figure, not the matcher."""
    found = set()
    for actor in actors:
        for name in actor.names:
            flags = 0 if name.case_sensitive else re.IGNORECASE
            if re.search(r"(?<!\w)" + re.escape(name.text) + r"(?!\w)", text, flags):
                found.add(actor.id)
                break
    return found


def catalogue_to_dict(catalogue: Catalogue) -> dict:
    """The JSON export; the warehouse stores it with `version`."""
    return {
        "version": catalogue.version,
        "source": catalogue.source,
        "actors": [_actor_dict(a) for a in catalogue.actors],
        "claims": [_claim_dict(c) for c in catalogue.claims],
    }


def _actor_dict(actor: Actor) -> dict:
    return {
        "id": actor.id,
        "name": actor.name,
        "kind": actor.kind,
        "aliases": [n.text for n in actor.names if n.form != "name"],
        "names": [
            {"text": n.text, "form": n.form, "language": n.language, "case_sensitive": n.case_sensitive}
            for n in actor.names
        ],
        "parent": actor.parent,
        "role": actor.role,
        "ambiguous": actor.ambiguous,
        "note": actor.note,
    }


def _claim_dict(claim: Claim) -> dict:
    return {
        "id": claim.id,
        "statement": claim.statement,
        "actors": [{"id": a.actor_id, "role": a.role} for a in claim.actors],
        "evidence": [e.as_dict() for e in claim.evidence],
        "time_frame": claim.time_frame,
        "places": list(claim.places),
        "keywords": list(claim.keywords),
        "denies": claim.denies,
        "implies": list(claim.implies),
        "seed_stance": claim.seed_stance,
    }
