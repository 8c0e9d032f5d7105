"""Reading a response body within bounds: raw bytes on the wire and decoded bytes after
Content-Encoding are capped separately, and decompression never produces more than the cap.

httpx's own decoders inflate each network chunk in one go, so a 64 KiB chunk of a gzip bomb
becomes tens of megabytes before anyone can count it. Here the raw stream is read with
`iter_raw` and inflated with zlib's `max_length`, so memory stays bounded whatever arrives.
"""

from __future__ import annotations

import zlib
from typing import Iterable, Iterator

from extractors.errors import PermanentFetchError, TooLarge

__all__ = ["BoundedDecoder", "read_bounded", "ACCEPT_ENCODING"]

# Only what we can inflate with bounds; brotli and zstd are not advertised.
ACCEPT_ENCODING = "gzip, deflate"
_STEP = 64 * 1024


class _Inflater:
    """One gzip or deflate layer, inflating at most _STEP bytes per call."""

    def __init__(self, encoding: str):
        self.encoding = encoding
        self.wbits = 16 + zlib.MAX_WBITS if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self.engine = zlib.decompressobj(self.wbits)
        self.first = True

    def feed(self, data: bytes) -> Iterator[bytes]:
        while data:
            try:
                out = self.engine.decompress(data, _STEP)
            except zlib.error as exc:
                if self.first and self.encoding == "deflate":
                    # Some servers send raw deflate without the zlib header.
                    self.engine, self.first = zlib.decompressobj(-zlib.MAX_WBITS), False
                    continue
                raise PermanentFetchError(f"undecodable {self.encoding} body: {exc}") from exc
            self.first = False
            if out:
                yield out
            data = self.engine.unconsumed_tail
            if self.engine.eof and self.engine.unused_data:
                # Concatenated gzip members: start a new one with what is left.
                data, self.engine = self.engine.unused_data, zlib.decompressobj(self.wbits)

    def flush(self) -> Iterator[bytes]:
        out = self.engine.flush(_STEP)
        if out:
            yield out


class BoundedDecoder:
    """Applies a Content-Encoding chain ("gzip", "deflate", "identity", or a comma list of them)."""

    def __init__(self, content_encoding: str):
        names = [n.strip().lower() for n in (content_encoding or "").split(",") if n.strip()]
        names = [n for n in names if n != "identity"]
        unknown = [n for n in names if n not in ("gzip", "x-gzip", "deflate")]
        if unknown:
            raise PermanentFetchError(f"unsupported content-encoding {', '.join(unknown)}")
        # Encodings are listed in the order they were applied; undo them last-first.
        self.layers = [_Inflater(n) for n in reversed(names)]

    def feed(self, chunk: bytes) -> Iterator[bytes]:
        yield from self._through(0, [chunk])

    def flush(self) -> Iterator[bytes]:
        for index, layer in enumerate(self.layers):
            yield from self._through(index + 1, layer.flush())

    def _through(self, start: int, chunks: Iterable[bytes]) -> Iterator[bytes]:
        if start == len(self.layers):
            yield from chunks
            return
        for chunk in chunks:
            yield from self._through(start + 1, self.layers[start].feed(chunk))


def read_bounded(raw_chunks: Iterable[bytes], content_encoding: str, *, max_raw: int, max_decoded: int,
                 on_chunk=None) -> bytes:
    """Read and decode a body; TooLarge as soon as either cap is passed.

    `on_chunk` is called after every raw chunk (the caller checks its total deadline there)."""
    decoder = BoundedDecoder(content_encoding)
    parts: list[bytes] = []
    raw_size = decoded_size = 0

    def keep(pieces: Iterable[bytes]) -> None:
        nonlocal decoded_size
        for piece in pieces:
            decoded_size += len(piece)
            if decoded_size > max_decoded:
                raise TooLarge(f"decoded body exceeds the {max_decoded}-byte cap")
            parts.append(piece)

    for chunk in raw_chunks:
        raw_size += len(chunk)
        if raw_size > max_raw:
            raise TooLarge(f"body exceeds the {max_raw}-byte cap")
        keep(decoder.feed(chunk))
        if on_chunk is not None:
            on_chunk()
    keep(decoder.flush())
    return b"".join(parts)
