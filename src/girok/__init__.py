"""Girok (기록): documentation and accountability for human-rights violations in North Korea."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("girok")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = ["__version__"]
