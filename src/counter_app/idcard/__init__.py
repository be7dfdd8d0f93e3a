"""The resident ID card reader (居民身份证阅读器, GA 450-style, on a serial port): an adapter.

``protocol`` speaks bytes only; ``reader.IdCardReader`` drives a reader over pyserial; ``model.IdCardData``
is what the layers above see; ``watcher.IdCardWatcher`` notices cards laid and lifted. Imports only
``domain`` and the standard library besides pyserial; no Qt.
"""
