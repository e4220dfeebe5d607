"""Small copies of the show's artwork for pages: a listener's phone should not download a 1400-pixel cover to
show it 96 pixels wide.

Apple wants artwork of 1,400 to 3,000 pixels, so the files in the repository are large (the sample cover is
188 KB). The feed and the sharing tags keep the original; pages show a 320-pixel WebP copy (about 6 KB), enough
for the 72 to 160 CSS pixels the art and portraits take on a phone's high-density screen. Copies are made with
Pillow once per image content and kept in `.cache/podsite/art/`.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from ..cache import write_cache_file
from ..model import Asset

THUMBNAIL_PX = 320
SITE_FOLDER = "assets/podsite/art"
# What decides the bytes of a copy besides the source image: the size, the encoder and its settings.
_RECIPE = f"{THUMBNAIL_PX}\0{Image.__version__}\0webp q80 m6".encode()


@dataclass(frozen=True)
class Thumbnail:
    site_path: str  # where the site publishes it; the name carries the content hash, so caches never go stale
    data: bytes


def thumbnail(asset: Asset, cache_dir: Path | None) -> Thumbnail | None:
    """A WebP copy of a repository image, at most THUMBNAIL_PX a side. None for a remote image, and when
    Pillow cannot read the file (`podsite check` reports that; pages then show the original)."""
    if asset.local is None:
        return None
    try:
        source = asset.local.read_bytes()
    except OSError:
        return None
    key = hashlib.sha256(_RECIPE + source).hexdigest()
    site_path = f"{SITE_FOLDER}/{asset.local.stem}-{key[:16]}.webp"
    cached = cache_dir / f"{key}.webp" if cache_dir is not None else None
    if cached is not None and cached.is_file():
        return Thumbnail(site_path, cached.read_bytes())
    data = _resize(source)
    if data is not None and cached is not None:
        write_cache_file(cached, data)
    return Thumbnail(site_path, data) if data is not None else None


def _resize(source: bytes) -> bytes | None:
    """About 50 ms for a 1400-pixel PNG, most of it decoding."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)  # never decode a pixel bomb
            with Image.open(io.BytesIO(source)) as image:
                copy = ImageOps.exif_transpose(image)
                copy.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX), Image.Resampling.LANCZOS)
                if copy.mode not in ("RGB", "RGBA"):
                    copy = copy.convert("RGBA" if "A" in copy.getbands() or "transparency" in copy.info else "RGB")
                out = io.BytesIO()
                copy.save(out, "WEBP", quality=80, method=6)
    except Exception:  # Pillow fails in many ways on odd files (bad EXIF alone raises ZeroDivisionError or
        return None  # SyntaxError): a page then shows the original; a thumbnail never fails a build
    return out.getvalue()
