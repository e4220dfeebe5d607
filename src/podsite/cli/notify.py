"""`podsite notify`: after a deploy, tell the services that fan out feed updates that the feed changed, so apps
fetch it in seconds instead of at their next poll. Both are off unless `notify:` in _show.yml names them.

- WebSub (W3C): a POST to the hub, `hub.mode=publish` and `hub.url=` the feed. The feed names the hub
  (atom:link rel="hub"), so apps that support it subscribe there.
- Podping (podping.cloud): a GET with the feed's address, authorized by a token the Podcast Index gives each
  host, read from the environment (PODPING_TOKEN: in CI, a repository secret), never from the repository.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from .. import __version__
from ..errors import PodsiteError, Problem
from ..model import Show

TIMEOUT = 30  # seconds; a ping that hangs should fail the job clearly, not hold it
TOKEN_VARIABLE = "PODPING_TOKEN"
AGENT = f"podsite/{__version__}"


@dataclass(frozen=True)
class Ping:
    service: str
    request: urllib.request.Request

    def describe(self) -> str:
        return f"{self.service} ({self.request.get_method()} {self.request.full_url.split('?')[0]})"


def pings(show: Show, environ: dict[str, str] | None = None) -> list[Ping]:
    """The requests to send for `show`; PodsiteError when Podping is on but its token is missing."""
    environ = dict(os.environ) if environ is None else environ
    notify = show.notify
    found: list[Ping] = []
    if notify is None:
        return found
    if notify.websub:
        body = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": show.feed_url}).encode()
        found.append(Ping("WebSub", urllib.request.Request(
            notify.websub, data=body, method="POST", headers={
                "Content-Type": "application/x-www-form-urlencoded", "User-Agent": AGENT})))
    if notify.podping:
        token = environ.get(TOKEN_VARIABLE, "").strip()
        if not token:
            raise PodsiteError([Problem("podsite notify", None, "", f"notify: podping is on, but {TOKEN_VARIABLE} is "
                                        f"not set; give it the token from podping.cloud (in GitHub: a repository "
                                        f"secret, passed to the notify step)")])
        query = urllib.parse.urlencode({"url": show.feed_url, "reason": "update", "medium": "podcast"})
        separator = "&" if "?" in notify.podping else "?"
        found.append(Ping("Podping", urllib.request.Request(
            notify.podping + separator + query, method="GET", headers={
                "Authorization": token, "User-Agent": AGENT})))
    return found


def send(ping: Ping) -> str | None:
    """Send one ping; None when the service took it, else why not, in a sentence."""
    try:
        with urllib.request.urlopen(ping.request, timeout=TIMEOUT) as answer:
            status = answer.status
    except urllib.error.HTTPError as err:
        return f"{ping.describe()} answered {err.code} {err.reason}"
    except (urllib.error.URLError, TimeoutError, OSError) as err:
        reason = getattr(err, "reason", err)
        return f"{ping.describe()} could not be reached ({reason})"
    return None if 200 <= status < 300 else f"{ping.describe()} answered {status}"
