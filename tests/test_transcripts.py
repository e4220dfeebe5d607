"""Transcripts in the three formats podcast apps use, read into cues; broken files reported at their line."""

from __future__ import annotations

import pytest

from helpers import copy_show, mkdocs_build, run
from podsite.load.transcripts import Cue, TranscriptError, load_cues, parse_transcript
from podsite.site.pages import readable

VTT = """\ufeffWEBVTT - a title
Kind: captions
Language: en

NOTE written by hand,
over two lines

STYLE
::cue { color: yellow }

intro
00:01.000 --> 00:04.500 align:start position:10%
<v.loud Ana Host>Hello &amp; <i>welcome</i>,
second line.</v>

00:00:04.500 --> 01:00:06.250
<v Bo>Thanks &lt;3 <00:00:05.000><c.x>karaoke</c>

00:00:00.000 --> 00:00:00.900
- Earlier, but listed last.
"""


def test_webvtt_cues_with_speakers_markup_and_settings():
    cues = parse_transcript(VTT, "text/vtt")
    assert cues == (
        Cue(0.0, 0.9, "- Earlier, but listed last.", None),
        Cue(1.0, 4.5, "Hello & welcome, second line.", "Ana Host"),
        Cue(4.5, 3606.25, "Thanks <3 karaoke", "Bo"),
    )


def test_srt_with_crlf_bom_and_comma_decimals():
    srt = ("\ufeff1\r\n00:00:01,000 --> 00:00:02,250\r\n<v Ana>One &amp; two\r\n\r\n"
           "2\r\n00:01:02,5 --> 00:01:03,000\r\n<b>Three</b>\r\nfour\r\n")
    assert parse_transcript(srt, "application/x-subrip") == (
        Cue(1.0, 2.25, "One & two", "Ana"), Cue(62.5, 63.0, "Three four", None))
    assert parse_transcript(srt, "application/srt") == parse_transcript(srt, "text/srt")


def test_podcasting20_json_segments_keep_angle_brackets_as_text():
    data = ('{"version": "1.0.0", "segments": [{"speaker": "Ana", "startTime": 0.5, "endTime": 0.75, "body": "I"},'
            '{"speaker": "Ana", "startTime": 1, "body": "<am>"}, {"startTime": 2, "endTime": 3, "body": "  "}]}')
    assert parse_transcript(data, "application/json") == (Cue(0.5, 0.75, "I", "Ana"), Cue(1.0, None, "<am>", "Ana"))


def test_readable_joins_word_level_pieces_into_sentences_per_speaker():
    cues = (Cue(0, 1, "Words", "A"), Cue(1, 2, "come", "A"), Cue(2, 3, "slowly.", "A"), Cue(3, 4, "Next", "A"),
            Cue(4, 5, "other", "B"), Cue(5, 6, "Done.", None))
    assert readable(cues) == (Cue(0, 3, "Words come slowly.", "A"), Cue(3, 4, "Next", "A"),
                              Cue(4, 5, "other", "B"), Cue(5, 6, "Done.", None))
    long = tuple(Cue(i, i + 1, "word " * 30, "A") for i in range(3))
    assert len(readable(long)) == 2  # joined only while shorter than a readable line


@pytest.mark.parametrize(("text", "mime", "line", "words"), [
    ("WEBVTT\n\n00:01.000 --> 00:02.000\nok\n\nnot a timing\nline\n", "text/vtt", 6, "expected a timing line"),
    ("WEBVTT\n\n00:01.000 -> 00:02.000\nok\n", "text/vtt", 3, "expected a timing line"),
    ("WEBVTT\n\n00:01.000 --> 00:0x.000\nok\n", "text/vtt", 3, "cannot read the timing"),
    ("WEBVTT\n\n00:05.000 --> 00:02.000\nok\n", "text/vtt", 3, "ends (00:02.000) before it starts (00:05.000)"),
    ("00:01.000 --> 00:02.000\nok\n", "text/vtt", 1, "must be WEBVTT"),
    ("WEBVTT\n\nNOTE nothing else\n", "text/vtt", None, "no cues"),
    ("1\n00:00:01,000 --> later\nok\n", "application/x-subrip", 2, "write it like 00:01:02,500 --> 00:01:05,000"),
    ("1\nhello\n", "application/x-subrip", 1, "expected a cue number and a timing line"),
    ('{"segments": [\n{"startTime": 1, "body": "a"},\n]}', "application/json", 3, "not valid JSON"),
    ('{"version": "1.0.0"}', "application/json", None, 'no "segments" list'),
    ('{"segments": [{"body": "a"}]}', "application/json", None, 'segment 1 needs "startTime"'),
    ('{"segments": [{"startTime": 2, "endTime": 1, "body": "a"}]}', "application/json", None, "before its"),
    ('{"segments": [{"startTime": 1, "body": 5}]}', "application/json", None, 'needs "body"'),
    ("WEBVTT\n", "text/html", None, "cannot read text/html"),
])
def test_broken_transcripts_say_what_and_where(text, mime, line, words):
    with pytest.raises(TranscriptError) as caught:
        parse_transcript(text, mime)
    assert caught.value.line == line
    assert words in caught.value.message


def test_transcript_problems_name_the_file_and_line(tmp_path):
    def transcript_problems(path, mime_type, shown):
        return load_cues(path, mime_type, shown)[1]

    broken = tmp_path / "ep.vtt"
    broken.write_text("WEBVTT\n\n00:01.000 --> 00:02.000\nok\n\n00:03.000 --> 00:02.000\nbad\n", encoding="utf-8")
    [problem] = transcript_problems(broken, "text/vtt", "episodes/ep.vtt")
    assert str(problem) == ("episodes/ep.vtt:6: transcript: the cue ends (00:02.000) before it starts (00:03.000)")
    latin = tmp_path / "latin.srt"
    latin.write_bytes("1\n00:00:01,000 --> 00:00:02,000\ncaf\xe9\n".encode("latin-1"))
    assert "UTF-8" in transcript_problems(latin, "application/x-subrip", "latin.srt")[0].message
    good = tmp_path / "good.vtt"
    good.write_text("WEBVTT\n\n00:01.000 --> 00:02.000\nok\n", encoding="utf-8")
    assert transcript_problems(good, "text/vtt", "good.vtt") == []
    assert transcript_problems(broken, "text/plain", "ep.txt") == []  # only offered for download


def test_a_broken_transcript_stops_check_and_build_with_one_clear_line(tmp_path):
    repo = copy_show("listener", tmp_path)
    srt = repo / "episodes" / "001-pilot.srt"
    srt.write_text(srt.read_text(encoding="utf-8").replace("00:00:02,500 --> 00:00:04,000", "00:00:02,500 --> 4"),
                   encoding="utf-8")
    expected = "episodes/001-pilot.srt:6: transcript: cannot read the timing '00:00:02,500 --> 4'"
    build = mkdocs_build(repo)
    assert build.returncode != 0
    assert expected in build.output
    assert "Traceback" not in build.output
    check = run(["podsite", "check"], cwd=repo)
    assert check.returncode == 1
    assert expected in check.output
