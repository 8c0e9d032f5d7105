"""Decode a fetched page to text. The charset is taken from, in order of trust: the HTTP
Content-Type header, an XML declaration, a byte-order mark, a <meta> tag. A declared charset
that cannot decode the bytes (servers lie) gives way to the next source; with none left, UTF-8
if the bytes are valid UTF-8, else windows-1252, which decodes anything.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["decode_page", "header_charset"]

_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.I)
_XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']""", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Labels that browsers (WHATWG Encoding) read as a superset: decoding with the narrower one
# turns curly quotes and euro signs into control characters.
_SUPERSETS = {"iso-8859-1": "windows-1252", "latin-1": "windows-1252", "latin1": "windows-1252",
              "us-ascii": "windows-1252", "ascii": "windows-1252", "iso-8859-9": "windows-1254",
              "gb2312": "gb18030", "gbk": "gb18030", "x-sjis": "shift_jis"}


def header_charset(content_type: str) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def _bom(body: bytes) -> tuple[str | None, int]:
    for mark, name in _BOMS:
        if body.startswith(mark):
            return name, len(mark)
    return None, 0


def _candidates(body: bytes, content_type: str) -> list[tuple[str, str]]:
    """(charset, source) in order of trust."""
    head = body[:4096]
    found = []
    if header := header_charset(content_type):
        found.append((header, "header"))
    if match := _XML_DECLARATION.match(head):
        found.append((match.group(1).decode("ascii"), "xml-declaration"))
    bom, _ = _bom(body)
    if bom:
        found.append((bom, "bom"))
    if match := _META_CHARSET.search(body[:16384]):
        found.append((match.group(1).decode("ascii"), "meta"))
    return found


def _decode(body: bytes, charset: str) -> str | None:
    try:
        name = codecs.lookup(_SUPERSETS.get(charset.lower(), charset)).name
    except LookupError:
        return None
    bom, skip = _bom(body)
    if bom and codecs.lookup(bom).name != name and not (bom == "utf-8" and name == "utf-8"):
        skip = 0
    try:
        return body[skip:].decode(name)
    except UnicodeDecodeError:
        return None


def decode_page(body: bytes, content_type: str = "") -> tuple[str, str, str]:
    """(text, charset, source) where source is header, xml-declaration, bom, meta or fallback."""
    for charset, source in _candidates(body, content_type):
        text = _decode(body, charset)
        if text is not None:
            return text, charset.lower(), source
    try:
        return body.decode("utf-8-sig"), "utf-8", "fallback"
    except UnicodeDecodeError:
        return body.decode("windows-1252", errors="replace"), "windows-1252", "fallback"
