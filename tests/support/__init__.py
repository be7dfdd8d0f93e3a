"""What the tests share: fixtures and fakes, in one place, imported as ``tests.support.<module>``.

- :mod:`tests.support.fixtures` — the pytest plugin (registered in ``tests/conftest.py``) that gives every
  test the fixtures ``fresh_store``, ``applicant``, ``vdevices``, ``inprocess_encoder``, ``pcscd`` and
  ``devices``. A test that needs the real pcscd says so by taking ``pcscd`` (or ``devices``, or any fixture
  built on them): ``tests/conftest.py`` marks every such test ``pcsc`` from its fixtures, never from its
  folder or file name.
- :mod:`tests.support.store` — the counter database of one test, and the sample applicant.
- :mod:`tests.support.encoders` — the encoder's two slots over the simulated card and PSAM in this process
  (``InProcessEncoder``; ``SlotEncoder`` with a slot the test fills and empties and a card that can be
  pulled mid-write; ``PortEncoder`` over named readers).
- :mod:`tests.support.devices` — the simulated devices on the real pcscd (``Devices``, the devices CLI).
- :mod:`tests.support.card_inprocess`, :mod:`tests.support.pinpad_reader` — connections to the simulated
  card (a plain reader, a keypad reader); :mod:`tests.support.photo_samples` — photographs for the photo tests.
- :mod:`tests.support.gui` — the GUI tests' app over in-process devices (needs pytest-qt).
"""
