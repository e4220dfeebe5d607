"""`podsite upload` (issue 16, item 1): recordings go to an S3-compatible bucket and the episode's YAML points
there. Real parts: boto3 talks HTTP to moto's standalone S3 server, started here on a free local port (path-style
addressing, as with R2 or MinIO), and the public address is fetched over HTTP like any listener's app would."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import boto3
import feedparser
import pytest

from helpers import long_mp3, run

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "podsite-test", "AWS_SECRET_ACCESS_KEY": "podsite-test-secret",
               "AWS_DEFAULT_REGION": "us-east-1"}
# No host's own AWS set-up may leak in, and no lookup of cloud-instance credentials may stall a test.
ISOLATED = {"AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "AWS_EC2_METADATA_DISABLED": "true"}
EPISODE = "episodes/001-small-wins.yml"
CLIP = "docs/media/001-small-wins.mp3"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_s3(extra_env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, **(extra_env or {})})
    endpoint = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1).close()
            return server, endpoint
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("moto's S3 server did not start")


@pytest.fixture(scope="module")
def s3() -> Iterator[str]:
    server, endpoint = _start_s3()
    yield endpoint
    server.terminate()
    server.wait(10)


def client(endpoint: str):
    return boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
                        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"], region_name="us-east-1")


def make_bucket(endpoint: str, *, public: bool = True) -> str:
    """A fresh bucket; public reads allowed by a bucket policy, as a host sets one up (moto checks a HEAD against
    s3:HeadObject, where AWS uses s3:GetObject for both, so the policy names both)."""
    name = f"show-{uuid.uuid4().hex[:12]}"
    s3 = client(endpoint)
    s3.create_bucket(Bucket=name)
    if public:
        allow_public_reads(endpoint, name)
    return name


def allow_public_reads(endpoint: str, bucket: str) -> None:
    policy = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "s3:HeadObject"],
        "Resource": f"arn:aws:s3:::{bucket}/*"}]}
    client(endpoint).put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))


def add_storage(repo: Path, endpoint: str, bucket: str, extra: str = "") -> str:
    """Give the show a storage: block; returns the public base URL."""
    public = f"{endpoint}/{bucket}/"
    with (repo / "episodes/_show.yml").open("a", encoding="utf-8") as show:
        show.write(f"storage:\n  endpoint: {endpoint}\n  bucket: {bucket}\n  prefix: audio/\n"
                   f"  public_url: {public}\n{extra}")
    return public


def podsite(repo: Path, *args: str, env: dict[str, str] | None = None):
    return run([sys.executable, "-m", "podsite.cli", *args], cwd=repo,
               env={**CREDENTIALS, **ISOLATED, **(env or {})})


@pytest.fixture
def show(show_copy, s3) -> tuple[Path, str, str]:
    """The sample show with a public bucket: (repository, bucket, public base URL)."""
    repo = show_copy("sample")
    bucket = make_bucket(s3)
    return repo, bucket, add_storage(repo, s3, bucket)


def test_upload_puts_the_recording_in_the_bucket_and_the_feed_points_at_it(show, s3) -> None:
    repo, bucket, public = show
    local = (repo / CLIP).read_bytes()
    before = (repo / EPISODE).read_text()
    result = podsite(repo, "upload")
    assert result.returncode == 0, result.output
    url = f"{public}audio/001-small-wins.mp3"
    assert f"audio is now {url}" in result.output
    stored = client(s3).get_object(Bucket=bucket, Key="audio/001-small-wins.mp3")
    assert stored["Body"].read() == local
    assert stored["ContentType"] == "audio/mpeg"
    assert stored["ContentLength"] == len(local)
    assert "max-age=31536000" in stored["CacheControl"]
    assert stored["ContentDisposition"] == 'attachment; filename="001-small-wins.mp3"'
    assert stored["Metadata"]["sha256"] == hashlib.sha256(local).hexdigest()

    after = (repo / EPISODE).read_text()
    assert "file:" not in after.split("audio:")[1].split("image:")[0]
    assert f"url: {url}" in after and f"bytes: {len(local)}" in after and "type: audio/mpeg" in after
    # Published before: the guard must accept the new enclosure, so the move is recorded.
    assert "moved_from: https://betweencandles.example.org/media/001-small-wins.mp3" in after
    kept = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert kept and all(line in after for line in kept), "the host's comments are kept"
    assert "no longer needs docs/media/001-small-wins.mp3" in result.output

    # The build no longer needs the local file: delete it, and the feed's enclosure is the stored object.
    (repo / CLIP).unlink()
    assert podsite(repo, "check").returncode == 0
    feed_run = podsite(repo, "feed", "-o", "feed.xml")
    assert feed_run.returncode == 0, feed_run.output
    enclosure = feedparser.parse((repo / "feed.xml").read_bytes()).entries[0].enclosures[0]
    assert enclosure.href == url
    assert int(enclosure.length) == stored["ContentLength"]


def test_the_same_bytes_are_never_sent_twice(show, s3) -> None:
    repo, bucket, _ = show
    original = (repo / EPISODE).read_text()
    assert podsite(repo, "upload", EPISODE).returncode == 0
    first = client(s3).head_object(Bucket=bucket, Key="audio/001-small-wins.mp3")
    (repo / EPISODE).write_text(original)  # e.g. the YAML edit was lost: run again
    again = podsite(repo, "upload", EPISODE)
    assert again.returncode == 0, again.output
    assert "already holds these bytes; nothing sent" in again.output
    assert "sent nothing" in again.output
    second = client(s3).head_object(Bucket=bucket, Key="audio/001-small-wins.mp3")
    assert second["LastModified"] == first["LastModified"]
    # And once the episode points at the bucket, there is nothing left to do.
    third = podsite(repo, "upload", EPISODE)
    assert third.returncode == 0 and "already in the bucket" in third.output


def test_different_bytes_under_a_published_key_are_refused_unless_replace(show, s3) -> None:
    repo, bucket, _ = show
    s3c = client(s3)
    s3c.put_object(Bucket=bucket, Key="audio/001-small-wins.mp3", Body=b"an older recording")
    before = (repo / EPISODE).read_text()
    refused = podsite(repo, "upload")
    assert refused.returncode == 1
    assert f"{EPISODE}: audio.file: the bucket already holds different bytes at audio/001-small-wins.mp3" \
           in refused.stderr
    assert "Traceback" not in refused.output
    assert (repo / EPISODE).read_text() == before
    assert s3c.get_object(Bucket=bucket, Key="audio/001-small-wins.mp3")["Body"].read() == b"an older recording"

    replaced = podsite(repo, "upload", "--replace")
    assert replaced.returncode == 0, replaced.output
    assert "apps that downloaded the old file keep it" in replaced.output
    assert s3c.get_object(Bucket=bucket, Key="audio/001-small-wins.mp3")["Body"].read() == (repo / CLIP).read_bytes()


def test_hash_keys_give_other_bytes_their_own_address(show_copy, s3) -> None:
    repo = show_copy("sample")
    bucket = make_bucket(s3)
    public = add_storage(repo, s3, bucket, "  keys: hash\n")
    result = podsite(repo, "upload")
    assert result.returncode == 0, result.output
    digest = hashlib.sha256((repo / CLIP).read_bytes()).hexdigest()
    assert f"url: {public}audio/{digest[:20]}.mp3" in (repo / EPISODE).read_text()


def test_dry_run_sends_and_writes_nothing(show, s3) -> None:
    repo, bucket, public = show
    before = (repo / EPISODE).read_text()
    result = podsite(repo, "upload", "--dry-run")
    assert result.returncode == 0, result.output
    assert f"would upload {CLIP} (341,926 bytes) to {bucket}/audio/001-small-wins.mp3" in result.output
    assert f"url: {public}audio/001-small-wins.mp3" in result.output
    assert (repo / EPISODE).read_text() == before
    assert client(s3).list_objects_v2(Bucket=bucket).get("KeyCount") == 0


def test_a_bucket_without_public_reads_is_found_before_the_yaml_changes(show_copy, s3) -> None:
    repo = show_copy("sample")
    bucket = make_bucket(s3, public=False)
    add_storage(repo, s3, bucket)
    before = (repo / EPISODE).read_text()
    private = podsite(repo, "upload")
    assert private.returncode == 1
    assert f"{EPISODE}: storage.public_url:" in private.stderr and "403" in private.stderr
    assert "make the bucket's files public" in private.stderr
    assert (repo / EPISODE).read_text() == before
    allow_public_reads(s3, bucket)  # the host fixes the bucket and runs the command again
    fixed = podsite(repo, "upload")
    assert fixed.returncode == 0, fixed.output
    assert "nothing sent" in fixed.output and "audio/001-small-wins.mp3" in (repo / EPISODE).read_text()


@pytest.mark.parametrize("case", ["no credentials", "no such profile", "bad region", "no such bucket", "no storage",
                                  "credentials in yaml", "not an episode", "no local audio", "not audio"])
def test_bad_input_is_one_line_and_nothing_is_written(show, s3, case: str) -> None:
    repo, bucket, _ = show
    env: dict[str, str] = {}
    args = ["upload"]
    expected = {
        "no credentials": "_show.yml: storage: no storage credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
        "no such profile": "_show.yml: storage: The config profile (nobody) could not be found; set AWS_PROFILE",
        "bad region": "_show.yml: storage: 'us east' is not a region name; check storage.region",
        "no such bucket": "_show.yml: storage: there is no bucket 'not-a-bucket' at",
        "no storage": "_show.yml: storage: missing; add the bucket podsite upload puts recordings in",
        "credentials in yaml": "storage.secret_access_key: credentials never go in the repository",
        "not an episode": "docs/index.md: is not an episode of this show",
        "no local audio": "002-burnout.yml:6: audio.file: no local recording to upload (its audio.url is "
                          "https://cdn.example.com/002.mp3)",
        "not audio": "001-small-wins.yml:13: audio.file: 001-small-wins.mp3 is not an audio file podsite can read "
                     "(can't sync to MPEG frame); nothing was uploaded",
    }[case]
    show_file = repo / "episodes/_show.yml"
    if case == "no credentials":
        env = {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""}
    elif case == "no such profile":
        env = {"AWS_PROFILE": "nobody"}
    elif case == "bad region":
        show_file.write_text(show_file.read_text() + "  region: us east\n")
    elif case == "no such bucket":
        show_file.write_text(show_file.read_text().replace(f"bucket: {bucket}", "bucket: not-a-bucket"))
    elif case == "no storage":
        show_file.write_text(show_file.read_text().split("storage:")[0])
    elif case == "credentials in yaml":
        show_file.write_text(show_file.read_text() + "  secret_access_key: hunter2\n")
    elif case == "not an episode":
        args.append("docs/index.md")
    elif case == "no local audio":
        (repo / "episodes/002-burnout.yml").write_text(
            f"title: Burnout\nguid: {uuid.uuid4()}\ndate: 2024-06-19\nnumber: 2\nsummary: Night shifts.\n"
            "audio:\n  url: https://cdn.example.com/002.mp3\n  bytes: 1000000\n  type: audio/mpeg\n"
            "  duration: 1:00\n")
        args.append("episodes/002-burnout.yml")
    elif case == "not audio":  # the YAML states its facts, so only reading the file can tell
        (repo / CLIP).write_bytes(b"<html>not a recording</html>" * 100)
        episode = repo / EPISODE
        episode.write_text(episode.read_text().replace(f"file: {CLIP}", f"file: {CLIP}\n  bytes: 2800\n"
                                                                          "  type: audio/mpeg\n  duration: 1:54"))
    before = {p: p.read_bytes() for p in (repo / "episodes").iterdir()}
    result = podsite(repo, *args, env=env)
    assert result.returncode == 1, result.output
    assert "Traceback" not in result.output
    assert expected in result.stderr, result.stderr
    assert {p: p.read_bytes() for p in (repo / "episodes").iterdir()} == before
    assert client(s3).list_objects_v2(Bucket=bucket).get("KeyCount") == 0


def test_a_store_that_refuses_the_credentials_is_one_line(show_copy) -> None:
    """A server that checks signatures against its own users (ours are unknown to it): 403 InvalidAccessKeyId."""
    server, endpoint = _start_s3({"INITIAL_NO_AUTH_ACTION_COUNT": "0"})
    try:
        repo = show_copy("sample")
        add_storage(repo, endpoint, "show-audio")
        result = podsite(repo, "upload")
    finally:
        server.terminate()
        server.wait(10)
    assert result.returncode == 1
    assert f"{EPISODE}: audio.file: http://127.0.0.1:" in result.stderr
    assert "refused the credentials for bucket 'show-audio' (403" in result.stderr, result.stderr
    assert "the YAML is unchanged" in result.stderr
    assert "Traceback" not in result.output


def test_new_with_storage_keeps_the_recording_out_of_git(show_copy, s3, tmp_path) -> None:
    repo = show_copy("sample")
    bucket = make_bucket(s3)
    add_storage(repo, s3, bucket)
    recording = tmp_path / "desktop.mp3"
    recording.write_bytes((repo / CLIP).read_bytes())
    made = podsite(repo, "new", "Night shift", "--audio", str(recording))
    assert made.returncode == 0, made.output
    assert (repo / "recordings/002-night-shift.mp3").is_file()
    assert "podsite upload episodes/002-night-shift.yml" in made.output
    uploaded = podsite(repo, "upload", "episodes/002-night-shift.yml")
    assert uploaded.returncode == 0, uploaded.output
    text = (repo / "episodes/002-night-shift.yml").read_text()
    assert "recordings/" not in text and "/audio/002-night-shift.mp3" in text
    assert "moved_from" not in text  # never published before: nothing moved
    # Committed without uploading, the episode names the missing recording and the fix.
    (repo / "recordings/002-night-shift.mp3").unlink()
    (repo / "episodes/003-x.yml").write_text(text.replace(f"url: {s3}/{bucket}/audio/002-night-shift.mp3",
                                                          "file: recordings/003-x.mp3")
                                             .replace("number: 2", "number: 3")
                                             .replace(_guid(text), str(uuid.uuid4())))
    check = podsite(repo, "check")
    assert check.returncode == 1
    assert "'recordings/003-x.mp3' does not exist; recordings/ is not committed; upload the recording first " \
           "(podsite upload episodes/003-x.yml)" in check.output


def _guid(text: str) -> str:
    return next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("guid:"))


def test_the_template_ignores_recordings() -> None:
    from helpers import REPO

    ignored = subprocess.run(["git", "check-ignore", "-q", "recordings/001.mp3"], cwd=REPO)
    assert ignored.returncode == 0


@pytest.mark.slow
def test_a_150_mb_recording_goes_up_in_parts_and_resumes_after_an_interruption(show, s3) -> None:
    repo, bucket, public = show
    (repo / "recordings").mkdir()
    frames, local = long_mp3(1_000), hashlib.sha256()  # a real MP3 of about 150 MB: its frames repeated
    with (repo / "recordings/001.mp3").open("wb") as recording:
        for _ in range(45):
            recording.write(frames)
            local.update(frames)
    size = (repo / "recordings/001.mp3").stat().st_size
    assert size > 150_000_000
    episode = repo / EPISODE
    episode.write_text(episode.read_text().replace(f"file: {CLIP}", "file: recordings/001.mp3"))
    before = episode.read_text()

    first = subprocess.Popen([sys.executable, "-m", "podsite.cli", "upload"], cwd=repo, stderr=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True, env={**os.environ, **CREDENTIALS, **ISOLATED})
    assert first.stderr is not None
    progress = []
    for line in first.stderr:  # a line per tenth: kill it once a third is up
        progress.append(line)
        if " (3" in line or " (4" in line:
            first.send_signal(signal.SIGKILL)
            break
    first.wait(60)
    assert first.returncode == -signal.SIGKILL, "".join(progress)
    assert re.search(r"MB/s$", progress[-1].strip())
    assert episode.read_text() == before, "an interrupted upload leaves the YAML as it was"

    second = podsite(repo, "upload")
    assert second.returncode == 0, second.output
    resumed = re.search(r"sent ([\d.]+) MB, resumed after ([\d.]+) MB already stored", second.output)
    assert resumed, second.output
    sent, kept = float(resumed.group(1)), float(resumed.group(2))
    assert kept >= 30 and abs(sent + kept - size / 1e6) < 0.2

    stored = client(s3).get_object(Bucket=bucket, Key="audio/001-small-wins.mp3")
    digest = hashlib.sha256()
    for chunk in iter(lambda: stored["Body"].read(1 << 20), b""):
        digest.update(chunk)
    assert digest.hexdigest() == local.hexdigest()
    assert stored["ETag"].strip('"').endswith(f"-{-(-size // (8 << 20))}")  # went up in 8 MiB parts
    assert f"url: {public}audio/001-small-wins.mp3" in episode.read_text()
    assert f"bytes: {size}" in episode.read_text()
    assert client(s3).list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


def test_a_resumed_upload_of_a_re_exported_recording_carries_the_new_files_facts(show, s3) -> None:
    """An upload interrupted, then the recording re-exported with a new ending: the parts that still match are
    kept, the rest sent, and the object's type and SHA-256 are the new file's, not the first attempt's."""
    repo, bucket, _ = show
    s3c = client(s3)
    (repo / "recordings").mkdir()
    recording = repo / "recordings/001.mp3"
    frames = long_mp3(6_000)  # about 20 MB: three parts
    recording.write_bytes(frames)
    episode = repo / EPISODE
    episode.write_text(episode.read_text().replace(f"file: {CLIP}", "file: recordings/001.mp3"))
    key = "audio/001-small-wins.mp3"
    started = s3c.create_multipart_upload(Bucket=bucket, Key=key, ContentType="application/octet-stream",
                                          Metadata={"sha256": "0" * 64})
    part = 8 * 1024 * 1024
    for number in (1, 2):
        s3c.upload_part(Bucket=bucket, Key=key, UploadId=started["UploadId"], PartNumber=number,
                        Body=frames[(number - 1) * part: number * part])
    new = frames[: 2 * part] + long_mp3(100)  # the outro changed
    recording.write_bytes(new)
    result = podsite(repo, "upload")
    assert result.returncode == 0, result.output
    assert re.search(r"resumed after 16\.8 MB already stored", result.output), result.output
    stored = s3c.head_object(Bucket=bucket, Key=key)
    assert stored["Metadata"]["sha256"] == hashlib.sha256(new).hexdigest()
    assert stored["ContentType"] == "audio/mpeg" and "immutable" in stored["CacheControl"]
    assert s3c.get_object(Bucket=bucket, Key=key)["Body"].read() == new
    again = podsite(repo, "upload", EPISODE)  # and nothing is refused or sent on a second run
    assert again.returncode == 0 and "already in the bucket" in again.output


def test_same_bytes_stored_by_another_tool_get_the_right_headers(show, s3) -> None:
    repo, bucket, _ = show
    s3c = client(s3)
    s3c.put_object(Bucket=bucket, Key="audio/001-small-wins.mp3", Body=(repo / CLIP).read_bytes(),
                   ContentType="application/octet-stream")
    result = podsite(repo, "upload")
    assert result.returncode == 0, result.output
    assert "nothing sent" in result.output and "set audio/001-small-wins.mp3's type" in result.output
    stored = s3c.head_object(Bucket=bucket, Key="audio/001-small-wins.mp3")
    assert stored["ContentType"] == "audio/mpeg" and "immutable" in stored["CacheControl"]
