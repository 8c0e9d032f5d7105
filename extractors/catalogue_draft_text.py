"""Plain text and sentences for the catalogue bootstrap.

Offline: HTML pages go through the pipeline's own article extraction (extractors.articles), with
a standard-library fallback (html.parser: block elements become line breaks, scripts and styles
are dropped) for pages it finds no article in. The draft's evidence offsets must point into a
plain-text file the user can open, so the text is what gets written beside the draft.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["read_documents", "article_text", "html_to_text", "sentence_spans", "is_headline", "HTML_SUFFIXES"]

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section",
           "header", "footer", "blockquote", "figcaption", "title"}
_SKIPPED = {"script", "style", "noscript", "template", "svg"}

# A sentence ends at . ! or ? (optionally followed by a closing quote or bracket) before
# whitespace, or at a line break. Abbreviations below do not end a sentence.
_END = re.compile(r"[.!?][”\"’')\]]*(?=\s)|\n")
_ABBREVIATIONS = ("U.S.", "U.N.", "U.K.", "Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Gen.", "Lt.", "Col.",
                  "Sgt.", "Jr.", "Sr.", "No.", "vs.", "e.g.", "i.e.", "etc.", "approx.")


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIPPED and self._skipping:
            self._skipping -= 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    text = "".join(parser.parts)
    lines = (" ".join(line.split()) for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def article_text(html: str, path: Path) -> str:
    """The article's title and main text, extracted the way the pipeline extracts fetched pages
    (extractors.articles: no navigation, comments or scripts); when that finds no article, every
    visible text of the page."""
    from extractors.articles import extract_article  # trafilatura is heavy; only HTML needs it
    from extractors.models import FeedEntry

    entry = FeedEntry(feed_name="bootstrap", key=path.name, url=path.resolve().as_uri())
    article = extract_article(html, entry.url, entry)
    text = getattr(article, "text", "")
    if not text:
        return html_to_text(html)
    title = getattr(article, "title", "")
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return text.strip() + "\n"


def read_documents(folder: Path) -> tuple[dict[str, str], bool]:
    """{file name: text} of the articles in a folder, and whether any was HTML (then the text
    differs from the file and must be written out for the offsets to mean anything)."""
    documents, converted = {}, False
    for path in sorted(Path(folder).iterdir()):
        suffix = path.suffix.lower()
        if not path.is_file() or path.name.startswith("."):
            continue
        raw = path.read_bytes().decode("utf-8", errors="replace")
        if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and raw.lstrip().startswith("<")):
            documents[path.stem + ".txt"] = article_text(raw, path)
            converted = True
        elif suffix in TEXT_SUFFIXES:
            documents[path.name] = raw
    return documents, converted


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence or line, trimmed of surrounding whitespace."""
    spans, start = [], 0
    for match in _END.finditer(text):
        end = match.end()
        if match.group() != "\n" and text[start:end].endswith(_ABBREVIATIONS):
            continue
        spans.append(_trim(text, start, end))
        start = end
    spans.append(_trim(text, start, len(text)))
    return [(s, e) for s, e in spans if e > s]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def is_headline(sentence: str) -> bool:
    """Title-case lines ("Syrian Militants Join Conflict") capitalise ordinary words, so their
    capitals say nothing about names."""
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", sentence) if len(w) > 3]
    if len(words) < 3 or sentence.rstrip().endswith((".", "”", '"')):
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= 0.75
