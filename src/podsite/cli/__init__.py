"""Commands: `podsite check`, `new`, `measure`, `feed`, `import`, `export`."""

from .main import main

__all__ = ["main"]
