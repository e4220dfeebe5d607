"""Chapters as the Podcasting 2.0 JSON chapters file (`application/json+chapters`, version 1.2.0)."""

from __future__ import annotations

import json

from ..model import Episode


def chapters_json(episode: Episode) -> str:
    chapters = []
    for chapter in episode.chapters:
        entry: dict[str, object] = {"startTime": _number(chapter.start), "title": chapter.title}
        if chapter.url:
            entry["url"] = chapter.url
        if chapter.image:
            entry["img"] = chapter.image.url
        chapters.append(entry)
    return json.dumps({"version": "1.2.0", "chapters": chapters}, ensure_ascii=False, indent=2) + "\n"


def _number(seconds: float) -> int | float:
    return int(seconds) if float(seconds).is_integer() else round(seconds, 3)
