"""The rules of issuance: pure Python, no Qt, no I/O, nothing else of the project imported."""
