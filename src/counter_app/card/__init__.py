"""The chip side of issuance: APDUs, the SSC 3.0 profile, the PSAM, personalization, and the PC/SC transport.

Only :mod:`counter_app.card.pcsc` imports pyscard; everything else works on a
:class:`~counter_app.card.connection.SmartCardConnection` (bytes out, ``(data, sw)`` back).
"""

from counter_app.card.errors import CardError
from counter_app.card.personalize import CardReading, PersonalizationResult, Step, personalize, read_card
from counter_app.card.profile import CardProfile, load_profile
from counter_app.card.records import CardPersonalData

__all__ = [
    "CardError", "CardPersonalData", "CardProfile", "CardReading", "PersonalizationResult", "Step",
    "load_profile", "personalize", "read_card",
]
