"""Moved to :mod:`tests.support.gui` (with the encoder to :mod:`tests.support.encoders`); this name stays for
the GUI tests that import their helpers from here."""

from tests.support.encoders import SlotEncoder  # noqa: F401
from tests.support.gui import *  # noqa: F403
from tests.support.gui import (  # noqa: F401 - named for readers and linters
    CLERK,
    HOLDER_PIN,
    PASSWORD,
    PHOTO,
    SAMPLE,
    TIMEOUT_MS,
    close_shell,
    fill_applicant,
    log_in,
    make_counter,
    pad_types,
    set_holder_pin,
    through_photo,
    wait_step,
)
