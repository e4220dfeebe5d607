"""Files a careless or hostile host could commit: each is a clear one-line problem, never a traceback."""

from __future__ import annotations

import os
import struct
import sys
import zlib
from pathlib import Path

from helpers import MEDIA, build_show, mkdocs_build, run


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims `width` x `height` pixels in a few dozen bytes (what a decompression bomb looks like
    until something decodes it)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    pixels = chunk(b"IDAT", zlib.compress(b"\0" * 64))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + pixels + chunk(b"IEND", b"")


def test_a_pixel_bomb_as_cover_art_is_one_error_in_check_and_in_the_build(show_copy) -> None:
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
    built = mkdocs_build(repo)
    assert built.returncode == 1 and line.removeprefix("ERROR ") in built.output, built.output
    assert not (repo / "site").exists()


def same_site(site: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_what_check_calls_an_error_is_never_published_by_a_build(show_copy) -> None:
    """Rules that only `podsite check` enforced (artwork, a shared enclosure, markup that apps would run) stop
    `mkdocs build` too, with check's own line, and the last good site stays."""
    repo: Path = show_copy("minimal")
    site = build_show(repo)
    before = same_site(site)
    from PIL import Image

    Image.new("RGB", (1400, 1500), "white").save(repo / "media/tall.png")
    show = repo / "episodes/_show.yml"
    second = repo / "episodes/002-remote.yml"
    good_show, good_second = show.read_text(encoding="utf-8"), second.read_text(encoding="utf-8")
    scenarios = [
        (show, good_show.replace("image: media/cover.png", "image: media/tall.png"),
         ["ERROR episodes/_show.yml:11: image: media/tall.png is 1400x1500 pixels; artwork must be square"]),
        (second, good_second.replace("summary: The second", "summary: <script>alert(1)</script> The second"),
         ["ERROR episodes/002-remote.yml:7: summary: contains a <script> element, which apps that show "
          "descriptions as HTML would run; it is plain text, so remove it (formatted notes belong in the "
          "write-up)"]),
        (second, good_second.replace("url: https://cdn.example.com/minimal/002.mp3\n  bytes: 31415926\n"
                                     "  type: audio/mpeg\n  duration: 1:02:03", "file: media/tone-6s.mp3"),
         ["ERROR episodes/002-remote.yml:8: audio: the same audio URL as episodes/001-first.yml; every episode "
          "needs its own, so give each its own recording"]),
    ]
    for path, text, expected in scenarios:
        show.write_text(good_show, encoding="utf-8")
        second.write_text(good_second, encoding="utf-8")
        path.write_text(text, encoding="utf-8")
        result = run([sys.executable, "-m", "podsite.cli", "check"], cwd=repo)
        assert [line for line in result.output.splitlines() if "ERROR" in line or ": audio:" in line] in (
            expected, [line.removeprefix("ERROR ") for line in expected]), result.output
        built = mkdocs_build(repo)
        assert built.returncode == 1, built.output
        for line in expected:
            assert line.removeprefix("ERROR ") in built.output
        assert same_site(site) == before


def problems_of(repo: Path) -> list[str]:
    result = run([sys.executable, "-m", "podsite.cli", "check"], cwd=repo)
    assert result.returncode == 1 and "Traceback" not in result.output, result.output
    return [line for line in result.stdout.splitlines() if line.startswith("ERROR")]


def test_an_episode_file_or_write_up_linking_out_of_the_repository_is_refused(show_copy, tmp_path: Path) -> None:
    repo = show_copy("minimal")
    secret = tmp_path / "secret.md"
    secret.write_text("Not for publishing.\n", encoding="utf-8")
    writeup = repo / "docs/episodes/001-first.md"
    writeup.unlink()
    writeup.symlink_to(secret)
    outside_yaml = tmp_path / "outside.yml"
    outside_yaml.write_text((repo / "episodes/002-remote.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (repo / "episodes/002-remote.yml").unlink()
    (repo / "episodes/002-remote.yml").symlink_to(outside_yaml)
    assert problems_of(repo) == [
        "ERROR docs/episodes/001-first.md: is a link to a file outside the repository, which podsite does not "
        "publish; copy the file in",
        "ERROR episodes/002-remote.yml: is a link to a file outside the repository, which podsite does not "
        "publish; copy the file in",
    ]
    build = run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=repo)
    assert build.returncode == 1 and "Not for publishing" not in build.output
    assert not (repo / "site").exists()


def test_yml_entries_that_are_not_files_are_named_not_skipped(show_copy) -> None:
    repo = show_copy("minimal")
    episodes = repo / "episodes"
    (episodes / "005-folder.yml").mkdir()
    (episodes / "006-dangling.yml").symlink_to(episodes / "nowhere.yml")
    os.mkfifo(episodes / "007-pipe.yml")
    assert problems_of(repo) == [
        "ERROR episodes/005-folder.yml: is not a file (a folder or a pipe); remove it, or rename it so podsite "
        "does not read it",
        "ERROR episodes/006-dangling.yml: is a link to a file that does not exist; fix the link or remove it",
        "ERROR episodes/007-pipe.yml: is not a file (a folder or a pipe); remove it, or rename it so podsite "
        "does not read it",
    ]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_quoted_bare_date_is_the_same_date_as_an_unquoted_one(show_copy) -> None:
    repo = show_copy("minimal")
    edit(repo / "episodes/002-remote.yml", "date: 2024-02-14", 'date: "2024-02-14"')
    result = run([sys.executable, "-m", "podsite.cli", "check"], cwd=repo)
    assert result.returncode == 0, result.output
    feed = run([sys.executable, "-m", "podsite.cli", "feed", "-o", "feed.xml"], cwd=repo)
    assert feed.returncode == 0 and "<pubDate>Wed, 14 Feb 2024 00:00:00 +0000</pubDate>" in (
        repo / "feed.xml").read_text(encoding="utf-8")


def test_absurd_numbers_are_refused_with_their_line(show_copy) -> None:
    repo = show_copy("minimal")
    edit(repo / "episodes/002-remote.yml", "number: 2", "number: " + "1" + "0" * 40)
    edit(repo / "episodes/002-remote.yml", "bytes: 31415926", "bytes: 31415926000000000")
    edit(repo / "episodes/_show.yml", "category: Technology", "category:\n" + "  - Technology\n" * 1000)
    assert problems_of(repo) == [
        "ERROR episodes/_show.yml:7: category[2]: 'Technology' is listed more than once; list each category once",
        "ERROR episodes/002-remote.yml:10: audio.bytes: is 31,415,926,000,000,000, more than podcast apps can "
        "store; write at most 1,000,000,000,000",
        "ERROR episodes/002-remote.yml:4: number: is a number of more than 30 digits, more than podcast apps can "
        "store; write at most 2,147,483,647",
    ]


def test_transcript_times_past_the_audio_or_beyond_reason_are_refused(show_copy) -> None:
    repo = show_copy("minimal")
    episode = repo / "episodes/002-remote.yml"  # its audio plays 1:02:03
    (repo / "media/late.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n"
                                         "2\n27:46:40,000 --> 27:46:41,000\nLate.\n", encoding="utf-8")
    (repo / "media/huge.srt").write_text("1\n" + "9" * 5000 + ":00:00,000 --> 00:00:02,000\nHello.\n",
                                         encoding="utf-8")
    (repo / "media/far.json").write_text('{"segments": [{"startTime": 1e300, "body": "Far."}]}', encoding="utf-8")
    episode.write_text(episode.read_text(encoding="utf-8") + "transcripts:\n"
                       "  - {file: media/late.srt, language: en}\n  - {file: media/huge.srt, language: en}\n"
                       "  - {file: media/far.json, language: en}\n", encoding="utf-8")
    assert problems_of(repo) == [
        "ERROR episodes/002-remote.yml:16: transcripts[1].file: media/late.srt has a line at 27:46:40, after the "
        "audio ends (1:02:03); fix its times",
        "ERROR media/huge.srt:2: transcript: cannot read the timing " + repr("9" * 60)
        + "; write it like 00:01:02,500 --> 00:01:05,000",
        "ERROR episodes/002-remote.yml:18: transcripts[3].file: media/far.json has a line at 1e+300 seconds, after "
        "the audio ends (1:02:03); fix its times",
    ]


def test_a_runaway_transcript_is_a_warning(show_copy) -> None:
    repo = show_copy("minimal")
    sentence = "and then we talked about the long night shift and what it does to you. " * 3
    cues = [f"{n}\n00:{n // 60000:02d}:{n // 1000 % 60:02d},{n % 1000:03d} --> 00:{n // 60000:02d}:"
            f"{n // 1000 % 60:02d},{n % 1000:03d}\n{sentence}\n" for n in range(1, 5001)]
    (repo / "media/runaway.srt").write_text("\n".join(cues), encoding="utf-8")
    edit(repo / "episodes/002-remote.yml", "explicit: yes", "explicit: yes\ntranscripts:\n"
                                                             "  - {file: media/runaway.srt, language: en}")
    result = run([sys.executable, "-m", "podsite.cli", "check"], cwd=repo)
    assert result.returncode == 0, result.output
    [warning] = [line for line in result.stdout.splitlines() if "runaway" in line]
    assert warning.startswith("WARNING episodes/002-remote.yml:15: transcripts[1]: media/runaway.srt holds 1.1 MB "
                              "of text, about 21 hours of speech, all on one page of the site")


def test_two_sources_for_one_site_path_are_named_by_check_and_build(show_copy) -> None:
    """A JSON transcript saved as the episode's chapters file, and a stray file where a transcript page goes."""
    repo = show_copy("minimal")  # 001-first has chapters, published at episodes/001-first.chapters.json
    (repo / "docs/episodes/001-first.chapters.json").write_text(
        '{"version": "1.0.0", "segments": [{"startTime": 1, "endTime": 2, "body": "Hello."}]}', encoding="utf-8")
    edit(repo / "episodes/001-first.yml", "tags: [testing, first]", "tags: [testing, first]\ntranscripts:\n"
         "  - file: docs/episodes/001-first.chapters.json\n    language: en\n    type: application/json")
    expected = ("ERROR episodes/001-first.yml:15: transcripts[1].file: docs/episodes/001-first.chapters.json would "
                "be published at episodes/001-first.chapters.json, where podsite writes the chapters of "
                "episodes/001-first.yml; rename the file")
    assert problems_of(repo) == [expected]
    built = mkdocs_build(repo)
    assert built.returncode == 1 and expected.removeprefix("ERROR ") in built.output, built.output

    edit(repo / "episodes/001-first.yml", "docs/episodes/001-first.chapters.json", "docs/episodes/001-first.json")
    (repo / "docs/episodes/001-first.chapters.json").rename(repo / "docs/episodes/001-first.json")
    (repo / "docs/episodes/001-first").mkdir()
    (repo / "docs/episodes/001-first/transcript.md").write_text("My own page.\n", encoding="utf-8")
    assert problems_of(repo) == [
        "ERROR docs/episodes/001-first/transcript.md: is where podsite writes the transcript page of "
        "episodes/001-first.yml; rename or remove it"]


def test_media_an_episode_names_is_published_even_where_mkdocs_would_leave_it_out(show_copy) -> None:
    """A dot-folder and exclude_docs keep files off the site; a file an episode links to must be there, or apps
    get a 404 for the enclosure."""
    repo = show_copy("minimal")
    (repo / "docs/.recordings").mkdir(parents=True)
    (repo / "docs/private").mkdir()
    (repo / "media/tone-6s.mp3").rename(repo / "docs/.recordings/001.mp3")
    (repo / "media/cover.png").rename(repo / "docs/private/cover.png")
    (repo / "docs/private/notes.txt").write_text("Not for the site.\n", encoding="utf-8")
    edit(repo / "episodes/001-first.yml", "file: media/tone-6s.mp3", "file: docs/.recordings/001.mp3")
    edit(repo / "episodes/_show.yml", "image: media/cover.png", "image: docs/private/cover.png")
    edit(repo / "mkdocs.yml", "site_name: Minimal Show", "site_name: Minimal Show\nexclude_docs: private/")
    site = build_show(repo)
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    for published in (".recordings/001.mp3", "private/cover.png"):
        assert f"https://minimal.example.com/{published}" in feed
        assert (site / published).read_bytes() == (repo / "docs" / published).read_bytes()
    assert not (site / "private/notes.txt").exists()  # exclude_docs still holds for everything else


def sparse_mp3(path: Path, size: int) -> None:
    """A real MP3's header followed by zeros, `size` bytes long, taking no disk (a sparse file)."""
    path.write_bytes((MEDIA / "tone-6s.mp3").read_bytes())
    os.truncate(path, size)


def test_media_too_big_for_github_is_reported_before_a_push_fails(show_copy) -> None:
    repo = show_copy("minimal")
    sparse_mp3(repo / "media/long.mp3", 120_000_000)
    edit(repo / "episodes/001-first.yml", "file: media/tone-6s.mp3", "file: media/long.mp3")
    [line] = [p for p in problems_of(repo) if "long.mp3" in p]
    assert line.startswith("ERROR media/long.mp3: is 120 MB; GitHub refuses files over 100 MB, so it cannot be "
                           "committed or published: put the recording in object storage (R2, S3, B2) with "
                           "`podsite upload`")

    sparse_mp3(repo / "media/long.mp3", 60_000_000)
    result = run([sys.executable, "-m", "podsite.cli", "check"], cwd=repo)
    assert result.returncode == 0, result.output
    assert "WARNING media/long.mp3: is 60 MB; GitHub warns above 50 MB and refuses 100 MB" in result.stdout


def test_a_site_over_a_gigabyte_of_media_is_an_error(show_copy) -> None:
    repo = show_copy("minimal")
    for n in range(11):
        sparse_mp3(repo / f"media/{n}.mp3", 95_000_000)
        (repo / f"episodes/1{n:02d}-big.yml").write_text(
            f"title: Big {n}\nguid: 6f1b2c3d-0000-4000-8000-0000000001{n:02d}\ndate: 2024-01-{n + 1:02d}\n"
            f"summary: A long one.\naudio:\n  file: media/{n}.mp3\n", encoding="utf-8")
    errors = problems_of(repo)
    assert [e for e in errors if e.startswith("ERROR the site:")] == [
        "ERROR the site: would publish 1.05 GB of media; GitHub Pages publishes at most 1 GB: move the audio to "
        "object storage with `podsite upload` (see README, Where to keep audio)"]
