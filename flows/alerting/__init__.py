"""Alerting internals: rules, payloads, messages, rendering, channels, delivery.

The flow and the commands use the facade flows.alerts; these modules stay importable on their
own (no module here imports the others at package import time).
"""
