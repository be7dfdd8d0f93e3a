"""The counter's side of the central ledger: signed requests (:mod:`.client`), the counter's key
(:mod:`.keys`), one sync pass over the outbox (:mod:`.engine`), card-number blocks
(:mod:`.card_blocks`) and the background worker (:mod:`.worker`). The contract is
``docs/ledger-api.md``."""
