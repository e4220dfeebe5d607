"""Files a careless or hostile host could commit: each is a clear one-line problem, never a traceback."""

from __future__ import annotations

import struct
import sys
import zlib
from pathlib import Path

from helpers import build_show, run


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims `width` x `height` pixels in a few dozen bytes (what a decompression bomb looks like
    until something decodes it)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    pixels = chunk(b"IDAT", zlib.compress(b"\0" * 64))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + pixels + chunk(b"IEND", b"")


def test_a_pixel_bomb_as_cover_art_is_one_error_in_check_and_never_decoded_by_the_build(show_copy) -> None:
    repo: Path = show_copy("minimal")
    (repo / "media/bomb.png").write_bytes(png_header(50_000, 50_000))
    show = repo / "episodes/_show.yml"
    show.write_text(show.read_text(encoding="utf-8").replace("image: media/cover.png", "image: media/bomb.png"),
                    encoding="utf-8")
    result = run([sys.executable, "-m", "podsite.cli", "check"], cwd=repo)
    assert result.returncode == 1 and "Traceback" not in result.output, result.output
    [line] = [line for line in result.stdout.splitlines() if "bomb.png" in line]
    assert line.startswith("ERROR episodes/_show.yml:") and "image: media/bomb.png has more than" in line
    assert "too many to open safely" in line
    site = build_show(repo)  # pages show the original: no thumbnail is made from it
    assert not list((site / "assets/podsite/art").glob("bomb-*.webp"))
