#!/usr/bin/env python3
"""Regenerate the sample media for the demo show *Between Candles*.

Writes, relative to the repository root:

* ``docs/media/001-small-wins.mp3`` - a clearly labelled placeholder recording: espeak-ng narration of a
  short episode summary in five chapters, each starting at a fixed whole second (``CHAPTERS``).
* ``episodes/001-small-wins.vtt`` - a WebVTT transcript of exactly what the placeholder says.
* ``docs/assets/cover.png`` - 1400x1400 RGB show cover art.
* ``docs/assets/people/jen.png`` and ``docs/assets/people/amy-l.png`` - 400x400 RGB avatars.

This is a maintainer tool, not run by CI. It needs ``espeak-ng``, ``ffmpeg`` (with libmp3lame) and Pillow.
The output is byte-for-byte deterministic for a given version of those tools.

Usage: ``python3 scripts/make_sample_media.py``
"""

from __future__ import annotations

import array
import math
import shutil
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

ROOT = Path(__file__).resolve().parent.parent
MP3_PATH = ROOT / "docs/media/001-small-wins.mp3"
VTT_PATH = ROOT / "episodes/001-small-wins.vtt"
COVER_PATH = ROOT / "docs/assets/cover.png"
PEOPLE_DIR = ROOT / "docs/assets/people"

# -- audio ---------------------------------------------------------------------------------------------------

VOICE = "en-us"
WORDS_PER_MINUTE = 150
RATE = 22050  # espeak-ng's native sample rate; the MP3 keeps it
CUE_GAP = 0.45  # seconds of silence between cues
TAIL = 1.5  # seconds of silence after the last cue
SILENCE_THRESHOLD = 200  # |sample| at or below this counts as silence when trimming espeak's padding
SPEAKER = "Narrator"

NOTICE = (
    "This is a placeholder recording for Between Candles, episode one. "
    "A host replaces it with the real episode."
)


@dataclass(frozen=True)
class Chapter:
    """One chapter of the placeholder: where it starts, its title, and the cues spoken after the title."""

    start: int  # whole seconds
    title: str
    cues: tuple[str, ...]

    def spoken(self) -> tuple[str, ...]:
        """Every cue of the chapter, starting with its title."""
        title = self.title if self.title[-1] in ".?!" else f"{self.title}."
        return (title, *self.cues)


# Each cue is one or two sentences and becomes one WebVTT cue.
CHAPTERS: tuple[Chapter, ...] = (
    Chapter(0, "Welcome and introductions", (
        "In this episode, host Jen talks with her guest, Amy L., "
        "who works in acute trauma crisis management in British Columbia.",
        "Their conversation covers two things: why small wins matter in trauma recovery, "
        "and how burnout affects therapists.",
    )),
    Chapter(27, "Small wins: how do I even get groceries?", (
        "Amy hears one question again and again: \"How do I even get groceries?\"",
        "After a crisis, ordinary chores can feel completely out of reach.",
        "So she helps people with small, simple daily things, like one errand or one meal.",
        "Every task that gets done is proof that life can move again.",
    )),
    Chapter(52, "The myth of the big bang", (
        "Jen and Amy talk about the big bang that society expects: "
        "one dramatic moment when everything changes for good.",
        "Recovery rarely works that way.",
        "Amy describes the relief people feel when they stop needing the big win, "
        "and start to notice the small ones.",
    )),
    Chapter(72, "Burnout on both sides of the room", (
        "Then the conversation turns to the helpers.",
        "Therapists and crisis workers carry heavy stories, and many of them burn out.",
        "Amy argues that self care is part of doing the work well, not a luxury.",
        "The small wins that help clients can help the people who support them, too.",
    )),
    Chapter(95, "Taking small steps forward", (
        "To close, Jen asks what listeners can take away.",
        "Amy's answer is simple: pick one small thing, do it, and let it count.",
        "That was the placeholder for Between Candles, episode one. Thank you for listening.",
    )),
)


@dataclass(frozen=True)
class Cue:
    """A span of the recording and the sentence(s) spoken in it."""

    start: float
    end: float
    text: str


def require(*tools: str) -> None:
    """Exit with a helpful message when a command-line tool is missing."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        sys.exit(f"missing tools: {', '.join(missing)} (try: apt-get install -y espeak-ng ffmpeg)")


def speak(text: str, workdir: Path) -> array.array[int]:
    """Synthesize `text` with espeak-ng; return its 16-bit mono samples with leading/trailing silence trimmed."""
    wav_path = workdir / "cue.wav"
    subprocess.run(["espeak-ng", "-v", VOICE, "-s", str(WORDS_PER_MINUTE), "-w", str(wav_path), text], check=True)
    with wave.open(str(wav_path), "rb") as wav:
        if (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) != (1, 2, RATE):
            raise RuntimeError(f"unexpected espeak-ng output format: {wav.getparams()}")
        samples = array.array("h", wav.readframes(wav.getnframes()))
    if sys.byteorder != "little":
        samples.byteswap()
    loud = [i for i, sample in enumerate(samples) if abs(sample) > SILENCE_THRESHOLD]
    return samples[loud[0]:loud[-1] + 1]


def silence(frames: int) -> array.array[int]:
    """`frames` samples of digital silence."""
    return array.array("h", bytes(2 * frames))


def render_narration(workdir: Path) -> tuple[array.array[int], list[Cue]]:
    """Speak every chapter, padding with silence so each one starts exactly at its start second."""
    pcm: array.array[int] = array.array("h")
    cues: list[Cue] = []
    for number, chapter in enumerate(CHAPTERS, start=1):
        start_frame = chapter.start * RATE
        if len(pcm) > start_frame:
            raise RuntimeError(f"chapter {number - 1} runs to {len(pcm) / RATE:.2f}s, past chapter {number} "
                               f"at {chapter.start}s; move the start times")
        pcm.extend(silence(start_frame - len(pcm)))
        texts = (NOTICE, *chapter.spoken()) if number == 1 else chapter.spoken()
        for index, text in enumerate(texts):
            if index:
                pcm.extend(silence(round(CUE_GAP * RATE)))
            begin = len(pcm)
            pcm.extend(speak(text, workdir))
            cues.append(Cue(begin / RATE, len(pcm) / RATE, text))
    pcm.extend(silence(round(TAIL * RATE)))
    return pcm, cues


def write_mp3(pcm: array.array[int], path: Path, workdir: Path) -> None:
    """Encode mono PCM to a small constant-bitrate MP3 with a Xing header and no cover art or timestamps."""
    wav_path = workdir / "narration.wav"
    if sys.byteorder != "little":
        pcm = array.array("h", pcm)
        pcm.byteswap()
    with wave.open(str(wav_path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(pcm.tobytes())
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([
        "ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", str(wav_path),
        "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact",
        "-ac", "1", "-ar", str(RATE), "-c:a", "libmp3lame", "-b:a", "24k", "-write_xing", "1",
        "-id3v2_version", "3",
        "-metadata", "title=Between Candles 001: Small wins (PLACEHOLDER recording)",
        "-metadata", "artist=Between Candles",
        "-metadata", "album=Between Candles",
        str(path),
    ], check=True)


def timestamp(seconds: float) -> str:
    """Format seconds as a WebVTT timestamp, HH:MM:SS.mmm."""
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def write_vtt(cues: list[Cue], path: Path) -> None:
    """Write the cues as a WebVTT transcript with voice tags."""
    lines = [
        "WEBVTT",
        "",
        "NOTE This transcribes the placeholder narration in docs/media/001-small-wins.mp3, not a real "
        "conversation. Regenerate both with scripts/make_sample_media.py.",
        "",
    ]
    for cue in cues:
        text = cue.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        lines += [f"{timestamp(cue.start)} --> {timestamp(cue.end)}", f"<v {SPEAKER}>{text}", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


# -- images --------------------------------------------------------------------------------------------------

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SERIF_BOLD = FONT_DIR / "DejaVuSerif-Bold.ttf"
SANS = FONT_DIR / "DejaVuSans.ttf"
SANS_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
COVER_SIZE = 1400
SCALE = 2  # draw shapes at twice the size, then downsample, for smooth edges

Color = tuple[int, int, int]
BG_TOP: Color = (46, 28, 20)
BG_BOTTOM: Color = (16, 10, 8)
GLOW: Color = (255, 150, 60)
WAX: Color = (236, 222, 198)
WAX_SHADE: Color = (205, 184, 152)
WICK: Color = (40, 26, 18)
FLAME_OUTER: Color = (245, 140, 50)
FLAME_MIDDLE: Color = (255, 200, 90)
FLAME_CORE: Color = (255, 246, 222)
TITLE: Color = (246, 230, 200)
SUBTITLE: Color = (222, 184, 134)


@dataclass(frozen=True)
class Candle:
    """A candle on the cover, in cover pixels: centre x, width and height above the shelf."""

    x: int
    width: int
    height: int


CANDLES = (Candle(470, 150, 330), Candle(700, 170, 470), Candle(930, 140, 250))
SHELF_Y = 1230


def teardrop(cx: float, base_y: float, width: float, height: float, steps: int = 90) -> list[tuple[float, float]]:
    """Points of a flame shape: round at the bottom (`base_y`), pointed at the top."""
    points = []
    for i in range(steps):
        t = 2 * math.pi * i / steps
        x = cx + width / 2 * math.sin(t) * math.sin(t / 2)
        y = base_y - height / 2 * (1 + math.cos(t))
        points.append((x, y))
    return points


def fit_font(path: Path, text: str, max_width: int, size: int) -> ImageFont.FreeTypeFont:
    """The largest font of at most `size` points that fits `text` in `max_width` pixels."""
    while size > 8:
        font = ImageFont.truetype(str(path), size)
        if font.getlength(text) <= max_width:
            return font
        size -= 2
    return ImageFont.truetype(str(path), size)


def draw_centered(draw: ImageDraw.ImageDraw, y: int, text: str, font: ImageFont.FreeTypeFont, fill: Color) -> None:
    """Draw `text` horizontally centred with its top at `y`."""
    width = draw.textlength(text, font=font)
    draw.text(((draw.im.size[0] - width) / 2, y), text, font=font, fill=fill)


def make_cover(path: Path) -> None:
    """Draw the show cover: candles with glowing flames on a dark warm background, plus the title."""
    size = COVER_SIZE * SCALE
    gradient = Image.linear_gradient("L").resize((size, size))
    image = ImageOps.colorize(gradient, black=BG_TOP, white=BG_BOTTOM)

    # a wide, soft warm glow around all the flames, then a brighter halo around each one
    for radius, strength, blur in ((230, 70, 110), (70, 110, 40)):
        glow = Image.new("L", (size, size), 0)
        glow_draw = ImageDraw.Draw(glow)
        for candle in CANDLES:
            cx, cy = candle.x * SCALE, (SHELF_Y - candle.height - 70) * SCALE
            r = radius * SCALE
            glow_draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=strength)
        glow = glow.filter(ImageFilter.GaussianBlur(blur * SCALE))
        image = Image.composite(Image.new("RGB", (size, size), GLOW), image, glow)

    draw = ImageDraw.Draw(image)
    # shelf shadow
    draw.ellipse((250 * SCALE, (SHELF_Y - 18) * SCALE, 1150 * SCALE, (SHELF_Y + 30) * SCALE), fill=(10, 6, 4))
    for candle in CANDLES:
        left, right = (candle.x - candle.width // 2) * SCALE, (candle.x + candle.width // 2) * SCALE
        top, bottom = (SHELF_Y - candle.height) * SCALE, SHELF_Y * SCALE
        rim = 22 * SCALE
        draw.rounded_rectangle((left, top, right, bottom), radius=14 * SCALE, fill=WAX)
        draw.rectangle((right - candle.width * SCALE // 4, top + rim // 2, right - 6 * SCALE, bottom - 6 * SCALE),
                       fill=WAX_SHADE)
        draw.ellipse((left, top - rim // 2, right, top + rim // 2), fill=WAX_SHADE)
        # wick and flame
        cx = candle.x * SCALE
        draw.line((cx, top, cx, top - 26 * SCALE), fill=WICK, width=6 * SCALE)
        base = top - 16 * SCALE
        draw.polygon(teardrop(cx, base, 64 * SCALE, 150 * SCALE), fill=FLAME_OUTER)
        draw.polygon(teardrop(cx, base - 6 * SCALE, 42 * SCALE, 108 * SCALE), fill=FLAME_MIDDLE)
        draw.polygon(teardrop(cx, base - 10 * SCALE, 22 * SCALE, 62 * SCALE), fill=FLAME_CORE)

    image = image.resize((COVER_SIZE, COVER_SIZE), Image.Resampling.LANCZOS)
    draw = ImageDraw.Draw(image)
    title_font = fit_font(SERIF_BOLD, "Between Candles", COVER_SIZE - 220, 150)
    draw_centered(draw, 170, "Between Candles", title_font, TITLE)
    subtitle = "conversations on burnout, trauma and small wins"
    draw_centered(draw, 370, subtitle, fit_font(SANS, subtitle, COVER_SIZE - 260, 48), SUBTITLE)

    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, optimize=True)


def make_avatar(path: Path, initials: str, color: Color) -> None:
    """Draw a 400x400 avatar: white initials on a coloured circle."""
    size = 400 * SCALE
    image = Image.new("RGB", (size, size), (250, 244, 234))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8 * SCALE, 8 * SCALE, size - 8 * SCALE, size - 8 * SCALE), fill=color)
    font = ImageFont.truetype(str(SANS_BOLD), 150 * SCALE)
    draw.text((size / 2, size / 2), initials, font=font, fill=(255, 255, 255), anchor="mm")
    image = image.resize((400, 400), Image.Resampling.LANCZOS)
    image = image.quantize(colors=64, dither=Image.Dither.NONE).convert("RGB")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, optimize=True)


def main() -> None:
    """Regenerate every sample file."""
    require("espeak-ng", "ffmpeg")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        pcm, cues = render_narration(workdir)
        write_mp3(pcm, MP3_PATH, workdir)
    write_vtt(cues, VTT_PATH)
    make_cover(COVER_PATH)
    make_avatar(PEOPLE_DIR / "jen.png", "J", (46, 112, 106))
    make_avatar(PEOPLE_DIR / "amy-l.png", "AL", (128, 60, 92))
    for path in (MP3_PATH, VTT_PATH, COVER_PATH, PEOPLE_DIR / "jen.png", PEOPLE_DIR / "amy-l.png"):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes")
    print(f"{len(pcm) / RATE:.3f} s of audio; chapters at " + ", ".join(f"{c.start}s" for c in CHAPTERS))


if __name__ == "__main__":
    main()
