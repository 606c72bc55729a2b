"""Many addresses: each checked, fetched and written on its own, each with a report entry.

One address's trouble (refused, disallowed, failed) costs its own entry and nothing else. The
entries have the converter's report shape ({input, status, output, reason}), `input` being the
address as the user gave it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import httpx
from converter.display import path_text

from .client import PAGE_TYPES, Client, Failed
from .policy import Refused, check_shape
from .robots import MAX_ROBOTS_BYTES, Disallowed, Robots
from .warcwrite import AlreadyCaptured, existing_capture, write_capture

Status = Literal["fetched", "skipped", "refused", "failed"]
# Statuses that leave the run's exit status at 0: the page is in scraped/, or the site said no.
FINE: frozenset[str] = frozenset({"fetched", "skipped"})


@dataclass(frozen=True)
class ReportEntry:
    input: str
    status: Status
    output: str | None
    reason: str

    def as_dict(self) -> dict:
        return dict(vars(self))


@dataclass(frozen=True)
class Options:
    out: Path
    force: bool = False


def fetch_all(addresses: Iterable[str], client: Client, options: Options,
              report: Callable[[ReportEntry], None] = lambda entry: None) -> list[ReportEntry]:
    """Fetch each address once (repeats dropped, order kept), calling `report` as each ends."""
    robots = Robots(lambda url: client.get(url, max_bytes=MAX_ROBOTS_BYTES))
    entries = []
    for address in dict.fromkeys(addresses):
        entry = fetch_one(address, client, robots, options)
        report(entry)
        entries.append(entry)
    return entries


def fetch_one(address: str, client: Client, robots: Robots, options: Options) -> ReportEntry:
    """Fetch `address` into a capture in `options.out`, or say why not."""
    def entry(status: Status, reason: str = "", output: Path | None = None) -> ReportEntry:
        return ReportEntry(address, status, path_text(output) if output else None, reason)

    try:
        url = parsed(address)
        earlier = existing_capture(options.out, url)
        if earlier and not options.force:
            return entry("skipped", "already captured (--force fetches it again)", earlier)
        exchange = client.get(url, admit=robots.check, accept_types=PAGE_TYPES)
        if not 200 <= exchange.status < 300:
            return entry("failed", exchange.status_text)
        path = write_capture(options.out, url, exchange, options.force)
    except Disallowed as disallowed:
        return entry("skipped", disallowed.reason)
    except AlreadyCaptured as captured:
        return entry("skipped", "already captured (--force fetches it again)", captured.path)
    except Refused as refusal:
        return entry("refused", refusal.reason)
    except Failed as failure:
        return entry("failed", failure.reason)
    except OSError as error:
        return entry("failed", f"cannot write the capture: {error.strerror or error}")
    reason = f"redirected to {exchange.url}" if exchange.via else ""
    return entry("fetched", reason, path)


def parsed(address: str) -> httpx.URL:
    """The address as a URL without its fragment; Refused when it cannot be one we fetch."""
    try:
        url = httpx.URL(address.strip())
    except (httpx.InvalidURL, TypeError, UnicodeError) as error:
        raise Refused(f"not a valid address ({error})") from None
    check_shape(url)
    return url.copy_with(fragment=None)
