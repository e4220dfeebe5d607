"""podsite: a podcast episode companion site and feed generator."""

__version__ = "0.1.0"
