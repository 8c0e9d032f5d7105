"""The optional fast extraction engine: resiliparse's main-content plain text (the `fast` extra).

About ten times cheaper in CPU than trafilatura on the shared corpus, finding nearly as much of
the article text but letting more boilerplate through (related-link headlines, bylines): see
bench/FAST.md. Only the text comes from here; the page metadata come from the same
page_metadata() as with trafilatura, so an article's identity never depends on the engine.
resiliparse is imported on first use, so the default install never needs it.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

__all__ = ["ENGINES", "DEFAULT_ENGINE", "FAST_EXTRA_HINT", "engine_problem", "resiliparse_version", "main_text"]

DEFAULT_ENGINE = "trafilatura"
ENGINES = (DEFAULT_ENGINE, "resiliparse")
FAST_EXTRA_HINT = "pip install 'claimwatch[fast]'"

# Paragraphs and headings as lines (like trafilatura's text); no alt texts, link targets, form
# fields, <noscript> or comment sections, which are never article text.
_OPTIONS = dict(preserve_formatting=True, main_content=True, list_bullets=False, alt_texts=False, links=False,
                form_fields=False, noscript=False, comments=False)


def resiliparse_version() -> str | None:
    try:
        return version("resiliparse")
    except PackageNotFoundError:
        return None


def engine_problem(engine: str) -> str | None:
    """Why `engine` cannot be used in this install, or None."""
    if engine not in ENGINES:
        return f"unknown extraction engine {engine!r} (known: {', '.join(ENGINES)})"
    if engine == "resiliparse":
        try:
            import_module("resiliparse.extract.html2text")
        except ImportError:
            return f"the 'resiliparse' extraction engine is not installed: {FAST_EXTRA_HINT}"
    return None


def main_text(html: bytes | str) -> str:
    """The page's main-content text, one paragraph per line."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    tree = HTMLTree.parse_from_bytes(html) if isinstance(html, bytes) else HTMLTree.parse(html)
    text = extract_plain_text(tree, **_OPTIONS)
    # resiliparse separates paragraphs by blank lines; trafilatura's text has one per line.
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())
