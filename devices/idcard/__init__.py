"""The simulated resident ID card reader on a pseudo-terminal pair (see README.md)."""
