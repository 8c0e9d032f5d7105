"""The claimwatch benchmark: the real nightly pipeline against a local news site built from the
shared corpus pages, side by side with trafilatura's own extraction of the same pages.

Run it with `python -m bench run --articles 2000` (see bench/README.md)."""
