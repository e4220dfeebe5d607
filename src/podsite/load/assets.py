"""Asset values in YAML: a web address as it is, or a repository file with its public URL."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from ..layout import RECORDINGS_DIR, Paths, is_file, relative_to_repo
from ..model import Asset
from ..vocab import IMAGE_TYPES
from .artwork import artwork_errors, read_artwork
from .cache import Reads
from .fields import Fields


class Assets:
    """Turns a YAML value into an Asset: a web address as it is, or a repository file with its public URL."""

    def __init__(self, paths: Paths, site_url: str, reads: Reads | None = None):
        self.paths = paths
        self.site_url = site_url
        self.reads = reads  # an episode's: the files its validation looks at, for the episode cache

    def read(self, fields: Fields, key: str, *, required: bool = False, types: dict[str, str] | None = None,
             what: str = "a file path or an https:// URL") -> Asset | None:
        raw = fields.text(key, required=required, what=what, max_len=1000)
        return None if raw is None else self.resolve(fields, key, raw, types=types)

    def cover(self, fields: Fields, key: str, *, required: bool = False) -> Asset | None:
        """Cover art (the show's, an episode's): an image file, and one Apple accepts (load/artwork.py)."""
        asset = self.read(fields, key, required=required, types=IMAGE_TYPES)
        if asset is not None and asset.local is not None:
            for message in artwork_errors(read_artwork(asset.local)):
                fields.problem(key, f"{self.paths.show(asset.local)} {message}")
        return asset

    def resolve(self, fields: Fields, key: str, raw: str, *, types: dict[str, str] | None = None,
                line: int | None = None) -> Asset | None:
        if "://" in raw or raw.lower().startswith(("javascript:", "data:", "file:", "mailto:")):
            url = fields.check_url(key, raw, line)
            return Asset(url) if url else None
        local = relative_to_repo(self.paths.root, raw)
        if local is None:
            fields.problem(key, f"'{raw}' points outside the repository; use a path inside it, relative to "
                                f"the repository root (like docs/media/file.mp3)", line)
            return None
        if self.reads is not None:
            self.reads.note(local)
        if not is_file(local):
            fix = "check the path (relative to the repository root)"
            if local.resolve().is_relative_to((self.paths.root / RECORDINGS_DIR).resolve()):  # git ignores it
                fix = (f"{RECORDINGS_DIR}/ is not committed; upload the recording first (podsite upload "
                       f"{fields.file}), then commit")
            fields.problem(key, f"'{raw}' does not exist; {fix}", line)
            return None
        if types is not None and local.suffix.lower() not in types:
            fields.problem(key, f"'{raw}' has an unsupported extension; use one of {', '.join(sorted(types))}",
                           line)
            return None
        return self.local(local)

    def local(self, path: Path) -> Asset:
        """Files in docs/ are published by MkDocs where they are; others at their repository path."""
        if path.absolute().is_relative_to(self.paths.docs_dir):
            published = path.absolute().relative_to(self.paths.docs_dir).as_posix()
            return Asset(self.site_url + quote(published), path, None)
        published = path.absolute().relative_to(self.paths.root).as_posix()
        return Asset(self.site_url + quote(published), path, published)
