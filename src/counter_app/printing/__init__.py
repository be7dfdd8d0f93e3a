"""Card-face printing: the layout as data, one QPainter path for preview and printer, the CUPS job.

- :mod:`.template`  the card-face templates (``resources/card_faces/<layout>.toml``), no Qt;
- :mod:`.fonts`     the bundled CJK fonts and the check that every character has a glyph;
- :mod:`.face`      painting a face (or the technician's test page) in millimetres on any device;
- :mod:`.job`       QPrinter on the chosen queue, then following the job through CUPS;
- :mod:`.cups`      the CUPS side (pycups): printer state, job state, cups-pdf output;
- :mod:`.errors`    the adapter's exceptions, each with a clerk-facing message.
"""
