"""Apple's rules for cover art (the show's and an episode's), read from the image file itself: JPEG or PNG, RGB,
square, 1400 to 3000 pixels a side. The loader refuses what breaks them, so `podsite check` lists art problems
with every other problem and no build publishes them; the lint adds what apps cope with (a misleading file
name, transparency, the placeholder `podsite init` made)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

ARTWORK_MIN, ARTWORK_MAX = 1400, 3000  # Apple's artwork size range, in pixels, square
# `podsite init` writes this in the placeholder cover's PNG text, so check can ask for the real one.
PLACEHOLDER_KEY, PLACEHOLDER_VALUE = "Software", "podsite init placeholder cover"


@dataclass(frozen=True)
class Artwork:
    kind: str  # "JPEG", "PNG", ...
    width: int
    height: int
    mode: str  # Pillow's color mode: "RGB", "RGBA", "CMYK", ...
    placeholder: bool


def read_artwork(path: Path) -> Artwork | str:
    """The image's format, size and color mode from its header (no pixel is decoded), or why it cannot be read."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its pixel limit; either way the image is far too big.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                placeholder = image.info.get(PLACEHOLDER_KEY) == PLACEHOLDER_VALUE
                return Artwork(str(image.format), image.size[0], image.size[1], image.mode, placeholder)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return (f"has more than {Image.MAX_IMAGE_PIXELS:,} pixels, too many to open safely; Apple needs "
                f"{ARTWORK_MIN} to {ARTWORK_MAX} pixels a side")
    except (OSError, UnidentifiedImageError):
        return "is not an image podsite can read; save it as JPEG or PNG"


def artwork_errors(art: Artwork | str) -> list[str]:
    """What keeps directories from listing the show, each a sentence that follows the file's name."""
    if isinstance(art, str):
        return [art]
    found = []
    if art.kind not in ("JPEG", "PNG"):
        found.append(f"is a {art.kind} image; Apple accepts JPEG or PNG only")
    if art.width != art.height:
        found.append(f"is {art.width}x{art.height} pixels; artwork must be square")
    elif not ARTWORK_MIN <= art.width <= ARTWORK_MAX:
        found.append(f"is {art.width}x{art.height} pixels; Apple needs {ARTWORK_MIN} to {ARTWORK_MAX} pixels a side")
    if art.mode in ("CMYK", "I", "F", "I;16"):
        found.append(f"uses the {art.mode} color space; save it as RGB")
    return found


def artwork_warnings(art: Artwork | str, name: str) -> list[str]:
    """What apps cope with but a host should hear about (`name` is the file's name, for its extension)."""
    if isinstance(art, str):
        return []
    found = []
    suffix = Path(name).suffix.lower()
    if art.kind in ("JPEG", "PNG") and suffix not in ((".jpg", ".jpeg") if art.kind == "JPEG" else (".png",)):
        found.append(f"is a {art.kind} image with a {Path(name).suffix} name; rename it")
    if art.mode in ("RGBA", "LA", "PA"):
        found.append("has transparency; Apple asks for flat artwork (save without alpha)")
    if art.placeholder:
        found.append("is the placeholder cover `podsite init` made; replace it with your show's art")
    return found
