"""yamlio: the one YAML reader. Safe loading, lines for every key, plain-language syntax errors naming the line
and field, and no way for a file to crash or exhaust the build (tags, alias bombs, impossible values)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from podsite.load.yamlio import MAX_YAML_BYTES, LinedList, LinedMap, YamlProblem, parse_yaml, read_yaml


def problem(text: str) -> tuple[int | None, str, str]:
    with pytest.raises(YamlProblem) as caught:
        parse_yaml(text)
    return caught.value.line, caught.value.field, caught.value.message


def test_lines_of_keys_and_list_items():
    data = parse_yaml("title: A\naudio:\n  url: https://x/a.mp3\n  bytes: 5\ntags:\n  - one\n  - two\n")
    assert isinstance(data, LinedMap) and data.line == 1
    assert [data.line_of(k) for k in ("title", "audio", "tags")] == [1, 2, 5]
    assert data["audio"].line_of("bytes") == 4
    assert isinstance(data["tags"], LinedList) and [data["tags"].line_of(i) for i in (0, 1)] == [6, 7]
    assert data.line_of("missing") == 1


def test_yaml_11_values_keep_their_source_text():
    data = parse_yaml("a: 1:30\nb: yes\nc: 007\nd: 2024-01-01\ne: 1.10\nf: '1:30'\ng: [no, 0x1F]\n")
    assert (data["a"], data["b"], data["c"], data["d"], data["e"]) == (90, True, 7, date(2024, 1, 1), 1.1)
    assert [data.source_of(k) for k in "abcde"] == ["1:30", "yes", "007", "2024-01-01", "1.10"]
    assert data["f"] == "1:30"
    assert data["g"] == [False, 31] and [data["g"].source_of(i) for i in (0, 1)] == ["no", "0x1F"]


def test_timestamps_with_zones_are_aware_and_bare_dates_are_dates():
    data = parse_yaml("a: 2024-01-10T08:00:00+02:00\nb: 2024-01-10\nc: 2024-01-10 08:00:00\n")
    assert data["a"].utcoffset() == timedelta(hours=2)
    assert type(data["b"]) is date
    assert isinstance(data["c"], datetime) and data["c"].tzinfo is None  # the loader refuses this one


@pytest.mark.parametrize(("text", "line", "field", "says"), [
    ("title: ok\n\tsummary: x\n", 2, "summary", "indented with a tab; YAML needs spaces"),
    ('title: "abc\nx: 1\n', 1, "title", "a quote opened on this line is never closed"),
    ("a: 1\ntitle: Part 2: Return\n", 2, "title", "a second ': ' on one line; put the value in quotes"),
    ("a:\n  b: 1\n c: 2\n", 3, "c", "indentation does not match"),
    ("tags: [1, 2\n", 1, "tags", "never closed with ]"),
    ("a: {b: 1\n", 1, "a", "never closed with }"),
    ("a: 1\nb\nc: 2\n", 3, "c", "a line without `field: value`"),
    ("email: @me\n", 1, "email", "cannot start with @; put it in quotes"),
    ("a: *nope\n", 1, "a", "no matching anchor"),
    ("a: &x 1\nb: &x 2\n", 2, "b", "the same anchor (&name) is defined twice"),
    ("a: 1\n---\nb: 2\n", 2, "", "a second document (---)"),
    ("a: 1\naudio:\n  url: x\n  url: y\n", 4, "url", "appears twice in this mapping (first on line 3)"),
    ("? [a]\n: b\n", 1, "", "a key must be a plain word"),
    ("a: !!python/object/apply:os.system ['ls']\n", 1, "a", "the YAML tag !!python/object/apply:os.system is "
                                                            "not allowed"),
    ("a: !!python/name:os.system\n", 1, "a", "!!python/name:os.system is not allowed"),
    ("a: !ENV HOME\n", 1, "a", "the YAML tag !ENV is not allowed"),
    ("date: 2024-02-30\n", 1, "date", "'2024-02-30' is not a real date (day is out of range for month)"),
    ("date: 2024-01-01T24:00:00Z\n", 1, "date", "not a real date (hour must be in 0..23)"),
    ("date: 2024-01-01T08:00:00+24:30\n", 1, "date", "the time zone must be between -23:59 and +23:59"),
    ("a: 1\nb: x\x07y\n", 2, "b", "contains the control character #x0007"),
    ("a: 1\nb: x\x85\x00y\n", 2, "b", "contains the control character #x0000"),
])
def test_syntax_errors_name_the_line_the_field_and_the_fix(text, line, field, says):
    got_line, got_field, message = problem(text)
    assert (got_line, got_field) == (line, field)
    assert says in message


def test_billion_laughs_is_refused_before_it_expands():
    bomb = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9) if i else ', '.join(['lol'] * 9)}]\n"
                   for i in range(10))
    line, field, message = problem(bomb)
    assert "alias bomb" in message and field.startswith("l") and line == int(field[1:]) + 1


def test_many_small_aliases_are_refused():
    text = "a: &a x\nlist: [" + ", ".join(["*a"] * 101) + "]\n"
    assert "more than 100 YAML aliases" in problem(text)[2]


def test_a_few_aliases_are_fine():
    data = parse_yaml("host: &h {id: amy}\npeople: [*h, *h]\n")
    assert data["people"] == [{"id": "amy"}, {"id": "amy"}]


def test_merge_keys_still_work():
    data = parse_yaml("base: &b {type: audio/mpeg}\naudio:\n  <<: *b\n  bytes: 5\n")
    assert data["audio"] == {"type": "audio/mpeg", "bytes": 5}


def test_empty_and_comment_only_documents_are_none():
    assert parse_yaml("") is None
    assert parse_yaml("# nothing\n") is None


def test_read_yaml_refuses_invalid_utf8_with_the_line(tmp_path):
    path = tmp_path / "a.yml"
    path.write_bytes(b"title: ok\nsummary: caf\xe9\n")
    with pytest.raises(YamlProblem) as caught:
        read_yaml(path)
    assert (caught.value.line, caught.value.field) == (2, "summary")
    assert "not valid UTF-8" in caught.value.message


def test_read_yaml_refuses_huge_files_before_parsing(tmp_path):
    path = tmp_path / "a.yml"
    path.write_bytes(b"summary: " + b"x" * MAX_YAML_BYTES)
    with pytest.raises(YamlProblem) as caught:
        read_yaml(path)
    assert caught.value.line == 1 and "metadata files must stay under" in caught.value.message


def test_read_yaml_accepts_a_byte_order_mark(tmp_path):
    path = tmp_path / "a.yml"
    path.write_bytes("\ufefftitle: Café\n".encode())
    assert read_yaml(path) == {"title": "Café"}
