"""`podsite upload`: put each episode's recording in the show's S3-compatible bucket, then point its YAML there.

The order protects listeners: measure the local file (it must be audio), upload it, read the stored object back
(its size), fetch it at its public address (size, type, range requests), and only then rewrite `audio:` from
`file:` to `url:`, `bytes:`, `type:` and `duration:`. Any failure before the last step leaves the YAML as it was.

A published enclosure never changes under its URL: apps that downloaded it keep their copy, and the feed's
length must stay that object's size. So a key that already holds other bytes is refused (unless `--replace`),
and the same bytes are not sent twice: the command can be run again after any failure. Large files go up in
parts; an interrupted upload is found again in the bucket (S3 keeps the parts of an unfinished multipart upload)
and resumed after checking each stored part against the local file.
"""

from __future__ import annotations

import base64
import hashlib
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..errors import PodsiteError, Problem
from ..feed.writer import enclosure_url
from ..files import write_atomically
from ..layout import RECORDINGS_DIR, SHOW_FILE
from ..load.audio import AudioError, Measurement, measure_file
from ..model import Episode, Storage
from ..timefmt import format_duration
from .feedread import FETCH_TIMEOUT
from .measure import same_type
from .yamledit import open_for_edit

if TYPE_CHECKING:
    from .commands import Site

# 8 MiB parts: above S3's 5 MiB minimum, and 10,000 parts (S3's maximum) make 80 GB, far beyond any episode.
PART_SIZE = 8 * 1024 * 1024
# An enclosure's bytes never change under its URL (see above), so caches may keep it for a year.
CACHE_CONTROL = "public, max-age=31536000, immutable"
SHA256_METADATA = "sha256"  # x-amz-meta-sha256: how a later run knows the bytes without downloading them


@dataclass(frozen=True)
class Recording:
    """One local file, read once: what it is (measured) and what it holds (hashes S3 can be compared with)."""

    path: Path
    measurement: Measurement
    sha256: str
    md5: str  # the ETag of a single-part object
    multipart_etag: str  # the ETag S3 gives an object uploaded in PART_SIZE parts

    @property
    def size(self) -> int:
        return self.measurement.bytes

    @property
    def parts(self) -> int:
        return max(1, -(-self.size // PART_SIZE))


@dataclass(frozen=True)
class Planned:
    """An episode's recording and where it goes."""

    episode: Episode
    shown: str  # the episode file as the host types it
    recording: Recording
    key: str
    url: str  # the object's public address: the episode's new audio.url
    moved_from: str | None  # the enclosure the published feed lists now, which the new URL replaces


@dataclass
class Uploaded:
    planned: Planned
    sent: int = 0  # bytes sent this run
    resumed_from: int = 0  # bytes an interrupted upload had already stored
    replaced: bool = False
    notes: list[str] = field(default_factory=list)


class Failed(Exception):
    """One episode could not be uploaded; its YAML is untouched."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


# -- what to upload -------------------------------------------------------------------------------------------
def storage_of(site: Site) -> Storage:
    storage = site.catalog.show.storage
    if storage is None:
        shown = site.paths.show(site.paths.episodes_dir / SHOW_FILE)
        raise PodsiteError([Problem(shown, None, "storage", "missing; add the bucket podsite upload puts "
                                    "recordings in (bucket:, public_url:, and endpoint: for R2, B2 and the "
                                    "others): see README, Where to keep audio")])
    return storage


def plan_uploads(site: Site, named: list[Path]) -> tuple[list[Planned], list[str]]:
    """The episodes to upload (those named, or every episode with a local recording) and notes on the ones
    that are already in the bucket. PodsiteError (nothing uploaded) for anything that cannot be uploaded."""
    storage = storage_of(site)
    catalog = site.catalog
    episodes = {e.source.resolve(): e for e in (*catalog.episodes, *catalog.unpublished)}
    published = {e.guid for e in catalog.episodes}
    problems: list[Problem] = []
    notes: list[str] = []
    chosen: list[Episode] = []
    for path in named:
        episode = episodes.get(path.resolve())
        if episode is None:
            problems.append(Problem(str(path), None, "", "is not an episode of this show; name a file in "
                                    f"{site.paths.show(site.paths.episodes_dir)}/"))
        elif episode.audio.asset.local is not None:
            chosen.append(episode)
        elif episode.audio.asset.url.startswith(storage.public_url):
            notes.append(f"{site.paths.show(episode.source)}: already in the bucket ({episode.audio.asset.url})")
        else:
            why = episode.audio.pending or f"its audio.url is {episode.audio.asset.url}"
            problems.append(Problem(site.paths.show(episode.source), episode.lines.get("audio"), "audio.file",
                                    f"no local recording to upload ({why}); give audio.file: the recording's path, "
                                    f"like {RECORDINGS_DIR}/{episode.stem}.mp3"))
    if not named:
        chosen = sorted((e for e in episodes.values() if e.audio.asset.local is not None), key=lambda e: e.stem)
    planned = []
    for episode in chosen:
        try:
            planned.append(_plan(site, storage, episode, episode.guid in published))
        except Failed as failed:
            problems.append(failed.problem)
    if problems:
        raise PodsiteError(problems)
    return planned, notes


def _plan(site: Site, storage: Storage, episode: Episode, published: bool) -> Planned:
    local = episode.audio.asset.local
    assert local is not None
    shown = site.paths.show(episode.source)
    recording = read_recording(local, shown, episode.lines.get("audio"))
    name = episode.slug if storage.keys == "slug" else recording.sha256[:20]
    key = storage.prefix + name + local.suffix.lower()
    url = storage.public_url + urllib.parse.quote(key)
    # Its enclosure was in the feed if the episode is out and the file was committed (recordings/ never is).
    waiting = local.resolve().is_relative_to((site.paths.root / RECORDINGS_DIR).resolve())
    old = enclosure_url(site.catalog.show, episode.audio.asset.url) if published and not waiting else None
    return Planned(episode, shown, recording, key, url, old)


def read_recording(path: Path, shown: str, line: int | None = None) -> Recording:
    try:
        measurement = measure_file(path)
    except AudioError as err:
        raise Failed(Problem(shown, line, "audio.file", f"{err}; nothing was uploaded")) from None
    sha256, md5, part_md5s = hashlib.sha256(), hashlib.md5(), []
    for part in _parts(path):
        sha256.update(part)
        md5.update(part)
        part_md5s.append(hashlib.md5(part).digest())
    multipart = f"{hashlib.md5(b''.join(part_md5s)).hexdigest()}-{len(part_md5s)}"
    return Recording(path, measurement, sha256.hexdigest(), md5.hexdigest(), multipart)


def _parts(path: Path) -> Iterator[bytes]:
    with path.open("rb") as stream:
        while part := stream.read(PART_SIZE):
            yield part


# -- the bucket -----------------------------------------------------------------------------------------------
class Bucket:
    """The show's bucket through boto3; every failure becomes one sentence a host can act on."""

    def __init__(self, storage: Storage, where: str):
        try:
            import boto3
            from botocore.config import Config
        except ImportError:
            raise PodsiteError([Problem(where, None, "storage", "podsite upload needs boto3: pip install "
                                        "'podsite[storage]' (or pip install boto3)")]) from None
        self.storage = storage
        self.where = where  # _show.yml, named in bucket-wide errors
        config = Config(connect_timeout=10, read_timeout=120, retries={"max_attempts": 4, "mode": "standard"},
                        # Other S3s (R2, B2, MinIO) serve path-style everywhere; AWS picks its own style.
                        s3={"addressing_style": "path" if storage.endpoint else "auto"},
                        # Not every S3-compatible store accepts the newer default checksums; we send Content-MD5.
                        request_checksum_calculation="when_required", response_checksum_validation="when_required")
        self.client: Any = self._call(lambda: boto3.client("s3", endpoint_url=storage.endpoint,
                                                           region_name=storage.region, config=config), "")

    def check_access(self) -> None:
        """Fail once, before any episode, on what would fail them all: credentials, bucket, endpoint. A 403
        passes: a token limited to reading and writing objects may not look at the bucket itself (on AWS that
        takes s3:ListBucket), and the first object request says whether it may write."""
        from botocore.exceptions import ClientError

        try:
            self._call(lambda: self.client.head_bucket(Bucket=self.storage.bucket), "", passing=(ClientError,))
        except ClientError as err:
            if _status(err) != 403:
                raise PodsiteError([self._problem(err, "")]) from None

    def stored(self, key: str, shown: str) -> dict[str, Any] | None:
        """The object at `key` (its HEAD), or None."""
        from botocore.exceptions import ClientError

        try:
            return self._call(lambda: self.client.head_object(Bucket=self.storage.bucket, Key=key), shown,
                              passing=(ClientError,))
        except ClientError as err:
            if _status(err) == 404:
                return None
            raise Failed(self._problem(err, shown)) from None

    def _call(self, action: Callable[[], Any], shown: str, passing: tuple[type[Exception], ...] = ()) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return action()
        except passing:
            raise
        except (BotoCoreError, ClientError) as err:
            problem = self._problem(err, shown)
            if shown:
                raise Failed(problem) from None
            raise PodsiteError([problem]) from None

    def _problem(self, err: Exception, shown: str) -> Problem:
        from botocore.exceptions import (
            ClientError,
            EndpointConnectionError,
            NoCredentialsError,
            PartialCredentialsError,
        )

        bucket, where = self.storage.bucket, self.storage.endpoint or "AWS S3"
        from botocore.exceptions import InvalidRegionError, ProfileNotFound

        if isinstance(err, ProfileNotFound):
            why = f"{err}; set AWS_PROFILE to a profile in your AWS config, or unset it"
        elif isinstance(err, InvalidRegionError):
            why = f"'{self.storage.region}' is not a region name; check storage.region (R2 takes auto)"
        elif isinstance(err, NoCredentialsError | PartialCredentialsError):
            why = ("no storage credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to an API token of the "
                   "bucket (for R2: R2 > Manage API tokens), or AWS_PROFILE; they never go in the repository")
        elif isinstance(err, EndpointConnectionError):
            why = f"cannot reach {where}; check storage.endpoint and your connection"
        elif isinstance(err, ClientError):
            status, code = _status(err), err.response.get("Error", {}).get("Code", "")
            if status == 404 or code == "NoSuchBucket":
                why = f"there is no bucket '{bucket}' at {where}; check storage.bucket and storage.endpoint"
            elif status in (401, 403) or code in ("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"):
                why = (f"{where} refused the credentials for bucket '{bucket}' ({status} {code}); check that "
                       f"AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY belong to a token that may read and write it")
            else:
                why = f"{where} answered {status} {code} for bucket '{bucket}'"
        else:
            why = f"the upload to {where} failed ({type(err).__name__}: {err})"
        if shown:
            return Problem(shown, None, "audio.file", f"{why}; the YAML is unchanged")
        return Problem(self.where, None, "storage", f"{why}; nothing was uploaded")

    # -- sending ----------------------------------------------------------------------------------------------
    def put(self, planned: Planned, progress: Progress) -> Uploaded:
        """Send the recording (in parts when large, resuming an interrupted upload) to its key."""
        done = Uploaded(planned)
        recording = planned.recording
        extra = planned_headers(planned)
        if recording.parts == 1:
            body = recording.path.read_bytes()
            _same_as_measured(planned, hashlib.sha256(body).hexdigest())
            self._call(lambda: self.client.put_object(Bucket=self.storage.bucket, Key=planned.key, Body=body,
                                                      ContentMD5=_b64md5(body), **extra), planned.shown)
            progress.advance(len(body))
            done.sent = len(body)
            return done
        self._put_parts(planned, extra, done, progress)
        return done

    def _put_parts(self, planned: Planned, extra: dict[str, Any], done: Uploaded, progress: Progress) -> None:
        bucket, key, shown = self.storage.bucket, planned.key, planned.shown
        upload_id, kept = self._interrupted(planned, done)
        if upload_id is None:
            upload_id = self._call(lambda: self.client.create_multipart_upload(Bucket=bucket, Key=key, **extra),
                                   shown)["UploadId"]
        parts, sent = [], hashlib.sha256()
        for number, data in enumerate(_parts(planned.recording.path), start=1):
            sent.update(data)
            if number in kept:
                parts.append({"PartNumber": number, "ETag": kept[number]})
                done.resumed_from += len(data)
                progress.advance(len(data), sent=False)
                continue
            # Content-MD5 makes the store refuse a part damaged on the way (BadDigest); its ETag is not always
            # an MD5 (AWS's KMS encryption), so it is not compared.
            answer = self._call(partial(self.client.upload_part, Bucket=bucket, Key=key, UploadId=upload_id,
                                        PartNumber=number, Body=data, ContentMD5=_b64md5(data)), shown)
            parts.append({"PartNumber": number, "ETag": answer["ETag"]})
            done.sent += len(data)
            progress.advance(len(data))
        try:
            _same_as_measured(planned, sent.hexdigest())
        except Failed:
            self._call(partial(self.client.abort_multipart_upload, Bucket=bucket, Key=key, UploadId=upload_id),
                       shown)
            raise
        self._call(lambda: self.client.complete_multipart_upload(
            Bucket=bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts}), shown)

    def _interrupted(self, planned: Planned, done: Uploaded) -> tuple[str | None, dict[int, str]]:
        """An unfinished multipart upload to this key whose stored parts all match the local file: its id and
        those parts. An unfinished upload of other bytes is aborted (its parts cost storage and are useless)."""
        bucket, key, shown = self.storage.bucket, planned.key, planned.shown
        from botocore.exceptions import ClientError

        try:
            unfinished = self._unfinished(key, shown)
        except ClientError as err:
            if _status(err) != 403:
                raise Failed(self._problem(err, shown)) from None
            return None, {}  # a token that may not list uploads (s3:ListBucketMultipartUploads): start afresh
        candidates = sorted((u for u in unfinished if u["Key"] == key), key=lambda u: u["Initiated"], reverse=True)
        local = [hashlib.md5(part).hexdigest() for part in _parts(planned.recording.path)] if candidates else []
        sizes = [min(PART_SIZE, planned.recording.size - i * PART_SIZE) for i in range(len(local))]
        chosen: tuple[str | None, dict[int, str]] = (None, {})
        for upload in candidates:
            stored = self._stored_parts(bucket, key, upload["UploadId"], shown)
            # An ETag that is not an MD5 (KMS encryption) cannot be checked: such an upload starts afresh.
            matches = all(0 < n <= len(local) and size == sizes[n - 1] and etag.strip('"') == local[n - 1]
                          for n, (etag, size) in stored.items())
            if matches and chosen[0] is None:
                chosen = (upload["UploadId"], {n: etag for n, (etag, _) in stored.items()})
            else:
                self._call(partial(self.client.abort_multipart_upload, Bucket=bucket, Key=key,
                                   UploadId=upload["UploadId"]), shown)
                done.notes.append(f"discarded an unfinished upload of other bytes to {key}")
        return chosen

    def _unfinished(self, key: str, shown: str) -> list[dict[str, Any]]:
        """Every unfinished multipart upload under `key` (S3 lists 1,000 per page)."""
        from botocore.exceptions import ClientError

        found: list[dict[str, Any]] = []
        markers: dict[str, str] = {}
        while True:
            page = self._call(partial(self.client.list_multipart_uploads, Bucket=self.storage.bucket, Prefix=key,
                                      **markers), shown, passing=(ClientError,))
            found += page.get("Uploads", [])
            if not page.get("IsTruncated") or not page.get("NextKeyMarker"):
                return found
            markers = {"KeyMarker": page["NextKeyMarker"], "UploadIdMarker": page.get("NextUploadIdMarker", "")}

    def _stored_parts(self, bucket: str, key: str, upload_id: str, shown: str) -> dict[int, tuple[str, int]]:
        parts: dict[int, tuple[str, int]] = {}
        marker = 0
        while True:
            page = self._call(partial(self.client.list_parts, Bucket=bucket, Key=key, UploadId=upload_id,
                                      PartNumberMarker=marker), shown)
            for part in page.get("Parts", []):
                parts[part["PartNumber"]] = (part["ETag"], part["Size"])
            if not page.get("IsTruncated") or not page.get("NextPartNumberMarker"):
                return parts
            marker = page["NextPartNumberMarker"]


    def set_headers(self, planned: Planned, stored: dict[str, Any]) -> bool:
        """Give the object this recording's type, cache lifetime, file name and SHA-256 where they differ (a
        resumed upload keeps the headers it was started with; another tool may have stored the same bytes with
        other ones): copied onto itself with new metadata, no bytes sent. True when anything changed."""
        wanted = planned_headers(planned)
        current = {"ContentType": stored.get("ContentType"), "CacheControl": stored.get("CacheControl"),
                   "ContentDisposition": stored.get("ContentDisposition"), "Metadata": stored.get("Metadata") or {}}
        if current == wanted:
            return False
        bucket, key = self.storage.bucket, planned.key
        self._call(partial(self.client.copy_object, Bucket=bucket, Key=key, CopySource={"Bucket": bucket, "Key": key},
                           MetadataDirective="REPLACE", **wanted), planned.shown)
        return True


def planned_headers(planned: Planned) -> dict[str, Any]:
    return {"ContentType": planned.recording.measurement.mime_type, "CacheControl": CACHE_CONTROL,
            "ContentDisposition": f'attachment; filename="{Path(planned.key).name}"',
            "Metadata": {SHA256_METADATA: planned.recording.sha256}}


def _same_as_measured(planned: Planned, sha256: str) -> None:
    """The bytes sent are the ones measured: a recording re-exported during the run is not published with the
    old one's length and duration."""
    if sha256 != planned.recording.sha256:
        raise Failed(Problem(planned.shown, None, "audio.file", f"{planned.recording.path.name} changed while it "
                             f"was being uploaded; run podsite upload again when it is finished; the YAML is "
                             f"unchanged"))


def _status(err: Any) -> int:
    return int(err.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0)


def _b64md5(data: bytes) -> str:
    return base64.b64encode(hashlib.md5(data).digest()).decode()


def holds_same_bytes(stored: dict[str, Any], recording: Recording) -> bool:
    """Whether the object is this recording: same size, and the same SHA-256 (ours, in its metadata) or the
    same ETag (an object another tool uploaded whole, or in parts of our size)."""
    if stored.get("ContentLength") != recording.size:
        return False
    ours = (stored.get("Metadata") or {}).get(SHA256_METADATA)
    if ours:
        return bool(ours == recording.sha256)
    return str(stored.get("ETag", "")).strip('"') in (recording.md5, recording.multipart_etag)


# -- one episode, start to end ----------------------------------------------------------------------------------
def upload_one(bucket: Bucket, planned: Planned, *, replace: bool, progress: Progress) -> Uploaded:
    """Upload (unless the bucket has these bytes already), verify, then rewrite the episode's YAML."""
    stored = bucket.stored(planned.key, planned.shown)
    if stored is not None and holds_same_bytes(stored, planned.recording):
        done = Uploaded(planned, notes=[f"{planned.key} already holds these bytes; nothing sent"])
    elif stored is not None and not replace:
        raise Failed(Problem(planned.shown, None, "audio.file",
                             f"the bucket already holds different bytes at {planned.key} ({stored['ContentLength']:,} "
                             f"bytes, not {planned.recording.size:,}, or not the same ones); a published enclosure "
                             f"must never change under its URL: give this recording its own name (keys: hash in "
                             f"storage:), or pass --replace if no app has downloaded the old one; the YAML is "
                             f"unchanged"))
    else:
        progress.start(planned)
        done = bucket.put(planned, progress)
        progress.finish()
        done.replaced = stored is not None
        if done.replaced:
            done.notes.append(f"replaced the object at {planned.key}: apps that downloaded the old file keep it, "
                              f"and some will not fetch the new one; purge it from your CDN's cache (objects are "
                              f"cached for a year)")
    if _verify(bucket, planned):
        done.notes.append(f"set {planned.key}'s type, cache lifetime and file name")
    rewrite_audio(planned)
    return done


def _verify(bucket: Bucket, planned: Planned) -> bool:
    """The stored object has the recording's size and headers (set here when they differ; True then), and its
    public address serves it: the same size and type, with range requests (Apple requires them, browsers seek
    with them)."""
    recording, shown = planned.recording, planned.shown
    stored = bucket.stored(planned.key, shown)
    if stored is None or stored.get("ContentLength") != recording.size:
        raise Failed(Problem(shown, None, "audio.file", f"the bucket does not hold {recording.size:,} bytes at "
                             f"{planned.key} after the upload; run podsite upload again; the YAML is unchanged"))
    headers_set = bucket.set_headers(planned, stored)
    size, served_as = _public_head(planned)
    problem = None
    if size != recording.size:
        problem = f"{planned.url} serves {size if size is not None else 'an unknown number of'} bytes, not the " \
                  f"{recording.size:,} uploaded; check storage.public_url (or, after --replace, purge the CDN's cache)"
    elif not same_type(served_as or "", recording.measurement.mime_type):
        problem = (f"{planned.url} is served as {served_as or 'no type'}, not {recording.measurement.mime_type}; "
                   f"podcast apps go by it")
    if problem is None:
        from .remote import measure_url

        try:
            measure_url(planned.url)  # range requests work, and what they read is audio
        except PodsiteError as err:
            problem = err.problems[0].message
    if problem:
        raise Failed(Problem(shown, None, "storage.public_url", f"{problem}; the file is uploaded, the YAML is "
                             f"unchanged; fix it and run podsite upload again"))
    return headers_set


def _public_head(planned: Planned) -> tuple[int | None, str | None]:
    request = urllib.request.Request(planned.url, method="HEAD", headers={"User-Agent": "podsite upload"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as answer:
            length = answer.headers.get("Content-Length")
            served_as = (answer.headers.get("Content-Type") or "").split(";")[0].strip().lower() or None
            return (int(length) if length and length.isdigit() else None), served_as
    except urllib.error.HTTPError as err:
        fix = ("make the bucket's files public (R2: a custom domain or the r2.dev address; S3: a bucket policy "
               "allowing s3:GetObject)" if err.code in (401, 403) else "check storage.public_url")
        why = f"{planned.url} answered {err.code} {err.reason}; {fix}"
    except (urllib.error.URLError, TimeoutError, OSError) as err:
        why = f"{planned.url} could not be reached ({getattr(err, 'reason', err)}); check storage.public_url"
    raise Failed(Problem(planned.shown, None, "storage.public_url", f"{why}; the file is uploaded, the YAML is "
                         f"unchanged; run podsite upload again once it is reachable"))


# -- the YAML -------------------------------------------------------------------------------------------------
def rewrite_audio(planned: Planned, *, write: bool = True) -> str:
    """The episode file with audio: pointing at the uploaded object (comments and order kept)."""
    doc = open_for_edit(planned.episode.source, planned.shown)
    audio = doc.data["audio"]
    assert isinstance(audio, CommentedMap)
    recording = planned.recording.measurement
    position = list(audio).index("file") if "file" in audio else 0
    audio.pop("file", None)
    audio.insert(position, "url", planned.url)
    audio["bytes"] = recording.bytes
    audio["type"] = recording.mime_type
    audio["duration"] = (round(recording.duration) if isinstance(audio.get("duration"), int)
                         else format_duration(round(recording.duration)))
    if planned.moved_from and planned.moved_from != planned.url:
        _add_moved_from(audio, planned.moved_from)
    text = doc.text(lambda key: key == "audio")
    if write:
        write_atomically(planned.episode.source, text.encode())
    return text


def _add_moved_from(audio: CommentedMap, old: str) -> None:
    current = audio.get("moved_from")
    if current is None:
        audio["moved_from"] = old
    elif isinstance(current, list):
        if old not in current:
            current.append(old)
    elif current != old:
        audio["moved_from"] = CommentedSeq([current, old])


# -- progress -------------------------------------------------------------------------------------------------
class Progress:
    """Bytes and rate on stderr: redrawn in place on a terminal, a line per tenth otherwise (CI logs)."""

    def __init__(self, out: TextIO = sys.stderr):
        self.out = out
        self.live = out.isatty()
        self.total = self.done = self.sent = 0
        self.shown = ""
        self.started = time.monotonic()
        self.tenth = 0

    def start(self, planned: Planned) -> None:
        self.total, self.done, self.sent, self.tenth = planned.recording.size, 0, 0, 0
        self.shown, self.started = planned.shown, time.monotonic()

    def advance(self, size: int, *, sent: bool = True) -> None:
        self.done += size
        if sent:
            self.sent += size
        tenth = self.done * 10 // max(1, self.total)
        if self.live or tenth > self.tenth:
            self.tenth = tenth
            self._draw()

    def _draw(self) -> None:
        rate = self.sent / max(1e-3, time.monotonic() - self.started)
        line = (f"podsite: {self.shown}: {self.done / 1e6:,.1f} of {self.total / 1e6:,.1f} MB "
                f"({self.done * 100 // max(1, self.total)} %), {rate / 1e6:,.1f} MB/s")
        self.out.write(f"\r{line}\x1b[K" if self.live else line + "\n")
        self.out.flush()

    def finish(self) -> None:
        if self.live:
            self.out.write("\n")
            self.out.flush()
