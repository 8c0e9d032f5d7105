"""Command groups of the `claimwatch` CLI; each module exposes ``register(subparsers)``."""
