"""Facts about the values podcast directories accept."""

from __future__ import annotations

import re

# A BCP 47 language tag as RSS and Apple take it: en, en-GB, pt-BR, zh-Hant.
LANGUAGE_CODE = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")
# Words for yes and no: YAML 1.1's, and the ones feeds write for itunes:explicit.
YES_WORDS = frozenset({"true", "yes", "on", "explicit"})
NO_WORDS = frozenset({"false", "no", "off", "clean"})

# Apple Podcasts categories as revised in 2019 (the list Apple, Spotify and the Podcast Index use).
APPLE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": ("Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": ("Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality"),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": ("Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies", "Home & Garden",
                "Video Games"),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": ("Business News", "Daily News", "Entertainment News", "News Commentary", "Politics", "Sports News",
             "Tech News"),
    "Religion & Spirituality": ("Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion",
                                "Spirituality"),
    "Science": ("Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics", "Natural Sciences",
                "Nature", "Physics", "Social Sciences"),
    "Society & Culture": ("Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships"),
    "Sports": ("Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey", "Rugby",
               "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness", "Wrestling"),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}

# MIME types podcast apps expect for each audio file extension (Apple's own list where it has one).
AUDIO_TYPES: dict[str, str] = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/x-m4a",
    ".mp4": "audio/mp4",
    ".aac": "audio/aac",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".opus": "audio/opus",
    ".flac": "audio/flac",
    ".wav": "audio/wav",
}

TRANSCRIPT_TYPES: dict[str, str] = {
    ".vtt": "text/vtt",
    ".srt": "application/x-subrip",
    ".json": "application/json",
    ".html": "text/html",
    ".txt": "text/plain",
}

IMAGE_TYPES: dict[str, str] = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}

# Roles of the Podcasting 2.0 person taxonomy that shows use most (lower case, as the namespace writes them).
PERSON_ROLES = frozenset({
    "host", "co-host", "guest", "guest host", "producer", "editor", "composer", "announcer", "narrator",
    "writer", "director", "audio engineer", "sound designer", "cover art designer", "social media manager",
    "researcher", "translator", "booking coordinator", "executive producer", "assistant producer",
    "voice actor", "music contributor",
})

# Values of `podcast:medium` (the "L" forms mark a feed that lists other feeds of that medium).
MEDIUMS = ("podcast", "music", "video", "film", "audiobook", "newsletter", "blog", "publisher", "course",
           "podcastL", "musicL", "videoL", "filmL", "audiobookL", "newsletterL", "blogL", "publisherL", "courseL",
           "mixed")

# Subscribe buttons the site knows how to label, in the order it shows them.
SUBSCRIBE_PLATFORMS: dict[str, str] = {
    "apple": "Apple Podcasts",
    "spotify": "Spotify",
    "overcast": "Overcast",
    "pocketcasts": "Pocket Casts",
    "antennapod": "AntennaPod",
    "castro": "Castro",
    "youtube": "YouTube",
    "podcastaddict": "Podcast Addict",
    "castbox": "Castbox",
}
