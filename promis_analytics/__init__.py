"""promis_analytics: M&E data toolkit for Ukrainian municipal projects; one embedded dataset."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("promis_analytics")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
