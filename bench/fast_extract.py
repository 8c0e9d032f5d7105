"""The optional fast extraction engine beside the default, measured in one process.

    python -m bench fast            (or: python bench/fast_extract.py)   [--corpus DIR] [--no-save]

1. Extraction, on the shared corpus pages that have expected snippets
   (../shared/corpus/html/expected.jsonl): CPU ms per page of the pipeline's own call
   (extract_article: parse, page metadata, text) and of the engine's text call alone; snippet
   recall (expected snippets found) and boilerplate leak (unwanted snippets found). The engines
   take turns page by page, so a change in the machine's load hits both alike.
2. Matching quality: the demo site's pages (flows/demo_site, with navigation, related links and
   footer) and the corpus pages, extracted by each engine and matched by the default matcher
   with the shipped catalogue; the claim matches one engine finds and the other does not, with
   their sentence, show whether the fast engine's extra boilerplate makes false matches.

Prints the tables and rewrites bench/FAST.md (--no-save: print only).
"""

from __future__ import annotations

import argparse
import html
import json
import shlex
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/fast_extract.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractors.articles import extract_article, extractor_version
from extractors.charset import decode_page
from extractors.fast_extract import ENGINES, main_text
from extractors.models import Article, FeedEntry

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "html"
FAST_MD = Path(__file__).resolve().parent / "FAST.md"
DEFAULT, FAST = ENGINES


def _normalise(text: str) -> str:
    return " ".join(html.unescape(text).split())


def _text_only(engine: str, page: str) -> str:
    """The engine's text call alone, parsing included (no page metadata)."""
    if engine == FAST:
        return main_text(page)
    import trafilatura
    from trafilatura.utils import load_html

    return trafilatura.extract(load_html(page), output_format="json", with_metadata=False, include_comments=False) or ""


@dataclass
class EngineScore:
    article_cpu: float = 0.0
    text_cpu: float = 0.0
    found: int = 0
    leaked: int = 0
    rejected: int = 0
    articles: list = field(default_factory=list)


def extraction(corpus: Path) -> tuple[dict[str, EngineScore], int, int, int]:
    rows = [json.loads(line) for line in (corpus / "expected.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    scores = {engine: EngineScore() for engine in ENGINES}
    expected = unwanted = 0
    for row in rows:
        page, _, _ = decode_page((corpus / row["file"]).read_bytes(), "text/html")
        entry = FeedEntry("corpus", row["file"], row["url"], title=row.get("title") or "")
        snippets, boilerplate = row.get("expected_text_snippets") or [], row.get("unwanted_snippets") or []
        expected, unwanted = expected + len(snippets), unwanted + len(boilerplate)
        for engine in ENGINES:
            score = scores[engine]
            started = time.process_time()
            outcome = extract_article(page, row["url"], entry, engine)
            score.article_cpu += time.process_time() - started
            started = time.process_time()
            _text_only(engine, page)
            score.text_cpu += time.process_time() - started
            text = _normalise(outcome.text) if isinstance(outcome, Article) else ""
            score.rejected += not isinstance(outcome, Article)
            score.found += sum(_normalise(s) in text for s in snippets)
            score.leaked += sum(_normalise(s) in text for s in boilerplate)
            score.articles.append(outcome if isinstance(outcome, Article) else None)
    return scores, len(rows), expected, unwanted


def demo_articles() -> tuple[dict[str, list[Article | None]], dict[str, list[str]]]:
    """Each demo article page, as the demo site serves it, extracted by each engine; and per
    engine the lines of its texts that are neither the article's title nor a body paragraph."""
    from datetime import datetime

    from flows.demo_server import _page, load_site  # the page markup the demo site serves

    site = load_site()
    outlets = {o["id"]: o for o in site.outlets}
    found: dict[str, list] = {engine: [] for engine in ENGINES}
    extra: dict[str, list] = {engine: [] for engine in ENGINES}
    for article in site.articles:
        outlet = outlets[article["outlet"]]
        url = f"http://127.0.0.1/{outlet['id']}/{article['slug']}"
        entry = FeedEntry(outlet["id"], article["slug"], url, title=article["title"], language=outlet["language"],
                          published=datetime.fromisoformat(article["published"].replace("Z", "+00:00")))
        page = _page(site, outlet, article)
        for engine in ENGINES:
            outcome = extract_article(page, url, entry, engine)
            found[engine].append(outcome if isinstance(outcome, Article) else None)
            article_lines = {article["title"], *article["body"]}
            text = outcome.text if isinstance(outcome, Article) else ""
            extra[engine] += [line for line in text.splitlines() if line.strip() not in article_lines]
    return found, extra


def matches(articles: list[Article | None], matcher) -> set[tuple[int, str, str, str]]:
    """(page index, claim id, stance, sentence) of every claim match."""
    found = set()
    for index, article in enumerate(articles):
        if article is None:
            continue
        result = matcher.match(article.text, article.language, article.title)
        found.update((index, m.claim_id, m.stance, " ".join(m.sentence.split())) for m in result.claims)
    return found


def _matcher():
    from extractors.catalogue import load_catalogue
    from flows.config import default_catalogue_path
    from flows.runner import shared_matcher

    return shared_matcher(load_catalogue(default_catalogue_path()))


def _machine() -> str:
    from bench.measure import load_average, machine_description

    m = machine_description()
    load = ", ".join(f"{x:.2f}" for x in load_average())
    return f"{m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, Python {m['python']}, {m['system']}; load average {load}; {m['time']}"


def extraction_table(scores: dict[str, EngineScore], pages: int, expected: int, unwanted: int) -> list[str]:
    lines = ["| engine | article CPU ms/page | text-only CPU ms/page | snippet recall | boilerplate leak | pages rejected |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for engine in ENGINES:
        s = scores[engine]
        lines.append(f"| {extractor_version(engine)} | {1000 * s.article_cpu / pages:.1f} | {1000 * s.text_cpu / pages:.1f} | "
                     f"{s.found}/{expected} = {s.found / expected:.3f} | {s.leaked}/{unwanted} = {s.leaked / unwanted:.3f} | "
                     f"{s.rejected} |")
    fast, default = scores[FAST], scores[DEFAULT]
    lines += ["", f"CPU ratio fast/trafilatura: {fast.article_cpu / default.article_cpu:.2f} for the article call "
                  f"(x{default.article_cpu / fast.article_cpu:.1f} cheaper), {fast.text_cpu / default.text_cpu:.3f} for the "
                  f"text call alone (x{default.text_cpu / fast.text_cpu:.1f})."]
    return lines


def matching_section(name: str, by_engine: dict[str, list], matcher, extra: dict[str, list] | None = None) -> list[str]:
    found = {engine: matches(by_engine[engine], matcher) for engine in ENGINES}
    pages = len(by_engine[DEFAULT])
    lines = [f"**{name}** ({pages} pages; articles kept: "
             + ", ".join(f"{e} {sum(a is not None for a in by_engine[e])}" for e in ENGINES) + ")", "",
             "| engine | claim matches | only this engine |", "| --- | ---: | ---: |"]
    for engine in ENGINES:
        other = found[FAST if engine == DEFAULT else DEFAULT]
        lines.append(f"| {engine} | {len(found[engine])} | {len(found[engine] - other)} |")
    for engine in ENGINES:
        other_engine = FAST if engine == DEFAULT else DEFAULT
        only = sorted(found[engine] - found[other_engine])
        if only:
            lines += ["", f"Only with {engine}:", ""]
        for index, claim, stance, sentence in only:
            article, other = by_engine[engine][index], by_engine[other_engine][index]
            where = ("the sentence is in both engines' texts" if other and sentence in " ".join(other.text.split())
                     else f"the sentence is not in {other_engine}'s text")
            lines.append(f"- {article.title[:70]} / `{claim}` ({stance}; {where}): \"{sentence[:240]}\"")
    if extra:
        lines += ["", "Lines kept that are neither the title nor a body paragraph (all pages; distinct):", ""]
        for engine in ENGINES:
            distinct = sorted(set(extra[engine]))
            shown = "; ".join(f"\"{line[:60]}\"" for line in distinct[:8])
            lines.append(f"- {engine}: {len(extra[engine])} lines, {len(distinct)} distinct{': ' + shown if shown else ''}"
                         f"{' ...' if len(distinct) > 8 else ''}")
    return lines


def _corpus_articles(scores: dict[str, EngineScore]) -> dict[str, list]:
    return {engine: scores[engine].articles for engine in ENGINES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench fast", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--no-save", action="store_true", help="print only; keep bench/FAST.md as it is")
    args = parser.parse_args(argv)
    command = "python -m bench fast " + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    machine_before = _machine()
    started = time.perf_counter()
    scores, pages, expected, unwanted = extraction(args.corpus)
    extraction_lines = extraction_table(scores, pages, expected, unwanted)
    matcher = _matcher()
    demo, demo_extra = demo_articles()
    matching_lines = [*matching_section("Demo site", demo, matcher, demo_extra), "",
                      *matching_section("Corpus pages", _corpus_articles(scores), matcher)]
    lines = [f"Machine: {machine_before}", f"Command: `{command.strip()}` ({time.perf_counter() - started:.0f} s)",
             f"Matcher: {matcher.version}", "",
             f"### Extraction ({pages} corpus pages with expected snippets)", "", *extraction_lines, "",
             "### Claim matches per engine", "", *matching_lines]
    print("\n".join(lines))
    if not args.no_save:
        _write(lines)
        print(f"\nwrote {FAST_MD}", file=sys.stderr)
    return 0


MARKER = "<!-- measured: python -m bench fast -->"


def _write(lines: list[str]) -> None:
    """Replace the measured section of FAST.md, keeping the hand-written notes above it."""
    notes = FAST_MD.read_text(encoding="utf-8").split(MARKER)[0].rstrip() if FAST_MD.exists() else "# Fast extraction"
    FAST_MD.write_text(f"{notes}\n\n{MARKER}\n## Measured\n\n" + "\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
