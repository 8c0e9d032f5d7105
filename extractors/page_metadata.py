"""The few page metadata an article needs: title, canonical URL, site name and, only when the
feed gave none, the publication date.

trafilatura's `with_metadata=True` also looks for authors, categories, tags, licence and image,
which claimwatch never stores, and always runs htmldate's date search, the dearest part (about
8 ms of CPU on a typical news page here, a quarter of the whole extraction). A feed entry's own
date wins over the page's anyway, so the search runs only for entries without one. The parts
that are kept are trafilatura's own functions, in the order `extract_metadata` calls them, so the
values are the same (tests/test_page_metadata.py compares them on the shared corpus).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from htmldate import find_date
from trafilatura.metadata import META_URL, examine_meta, extract_meta_json, extract_sitename, extract_title, extract_url
from trafilatura.settings import Document, set_date_params

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["page_metadata"]


def page_metadata(tree: HtmlElement, url: str | None, want_date: bool) -> dict:
    """{"title", "source", "source-hostname", "date"} as in trafilatura's JSON output."""
    document = examine_meta(tree)
    try:
        document = extract_meta_json(tree, document)
    except Exception:  # trafilatura guards its JSON-LD reader the same way
        pass
    document.title = document.title or extract_title(tree)
    document.url = document.url or extract_url(tree, url)
    document.sitename = _sitename(tree, document)
    if want_date:
        document.date = find_date(tree, **{**set_date_params(True), "url": document.url})
    document.clean_and_trim()  # as extract_metadata ends: entities, spaces, control characters
    return {"title": document.title, "source": document.url, "source-hostname": document.sitename, "date": document.date}


def _sitename(tree: HtmlElement, document: Document) -> str | None:
    sitename = document.sitename or extract_sitename(tree)
    if sitename:
        sitename = sitename.lstrip("@")
        if sitename and "." not in sitename and not sitename[0].isupper():
            sitename = sitename.title()
        return sitename
    match = META_URL.match(document.url) if document.url else None
    return match[1] if match else None
