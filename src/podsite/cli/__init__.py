"""Commands: `podsite check`, `new`, `measure`, `feed`, `import`, `export`."""

from .commands import main

__all__ = ["main"]
