"""Load: the only code that reads a show's files. YAML in, a validated, frozen `Catalog` out."""

from .catalog import load_catalog

__all__ = ["load_catalog"]
