"""Commands: `podsite check`, `new`, `measure`, `upload`, `feed`, `import`, `export`."""

from .commands import main

__all__ = ["main"]
