"""The simulated card printer: a CUPS queue backed by cups-pdf that leaves one PDF per job.

See README.md. Never imports ``counter_app``: it is the outside world the app prints to.
"""
