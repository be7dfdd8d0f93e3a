"""Counter application for on-the-spot issuance of third-generation social security cards."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("counter-app")
except PackageNotFoundError:  # frozen build or source tree without metadata
    __version__ = "0.1.0"
