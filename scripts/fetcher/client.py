"""One polite, bounded HTTP exchange per page, with httpx.

Polite: a User-Agent that names the project and a contact, and a pause of `delay` seconds
after each answer from a host before the next request to it (counted from the end of the
answer, so a slow site is not asked faster); connection errors, 429 and 5xx are tried again
after an exponentially growing pause, or the pause the server asks for in Retry-After when it
is within `max_wait`.

Bounded: every read has a timeout and a page a total time; the body is refused when it
declares more than `max_bytes` before a byte of it is read, and while it streams when it turns
out larger (or unpacks to more). Redirects are followed by hand, so each hop is checked by the
policy (and by robots.txt) before it is requested, and at most `max_redirects` of them.

Stateless: no proxy from the environment (the policy must see the address it connects to),
no cookies kept from one answer to the next request: requests go to httpx's transport
directly, each built afresh.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpcore
import httpx

from .policy import Policy, Refused, host_of

MB = 1024 * 1024
PROJECT = "crypto-news-archive"
VERSION = "0.1"
DEFAULT_CONTACT = "mailto:archive-owner@example.invalid"
REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRIED = frozenset({429, 500, 502, 503, 504})
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
# Content codings the body may arrive in (asked for, and unpacked to check its size).
ENCODINGS = ("gzip", "deflate", "x-gzip")
INFLATE_STEP = 64 * 1024


def user_agent(contact: str = DEFAULT_CONTACT) -> str:
    """`crypto-news-archive/0.1 (fetch.py; +CONTACT)`: the project, then who to write to."""
    return f"{PROJECT}/{VERSION} (fetch.py; +{contact})"


class Failed(Exception):
    """The page could not be fetched (no answer, an error status, a timeout); `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Limits:
    """The run's politeness and safety settings (the CLI's options)."""

    delay: float = 1.0
    timeout: float = 30.0
    total_time: float = 120.0
    max_bytes: int = 5 * MB
    retries: int = 3
    backoff: float = 1.0
    max_wait: float = 60.0
    max_redirects: int = 5


@dataclass(frozen=True)
class Exchange:
    """One request and the answer to it, as sent and received: what a WARC capture records."""

    url: httpx.URL
    date: datetime  # when the request was sent (UTC)
    address: str  # the IP address the connection reached ("" when unknown)
    http_version: str
    request_headers: list[tuple[str, str]]
    status: int
    reason_phrase: str
    response_headers: list[tuple[str, str]]
    body: bytes = b""  # as received (a gzip body stays gzip); read only for a 2xx answer
    content: bytes = b""  # the body unpacked
    via: tuple[str, ...] = ()  # the addresses that redirected here, first first

    @property
    def status_text(self) -> str:
        return f"HTTP {self.status} {self.reason_phrase[:80]}".rstrip()

    @property
    def target(self) -> str:
        """The request line's target: path and query."""
        return self.url.raw_path.decode("ascii")


class HostGate:
    """Spaces requests to one host: the next may start `delay` seconds after the last ended."""

    def __init__(self, delay: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.delay, self.clock, self.sleep = delay, clock, sleep
        self.last: dict[str, float] = {}

    def wait(self, host: str) -> None:
        if host in self.last:
            pause = self.last[host] + self.delay - self.clock()
            if pause > 0:
                self.sleep(pause)

    def done(self, host: str) -> None:
        self.last[host] = self.clock()


class GuardedBackend(httpcore.SyncBackend):
    """Opens connections only to addresses the policy vets at that moment, and connects to
    those very addresses (the socket never resolves the name again)."""

    def __init__(self, policy: Policy) -> None:
        super().__init__()
        self.policy = policy

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None, socket_options: Iterable | None = None):
        error: Exception | None = None
        for address in self.policy.vetted(host, port):
            try:
                return super().connect_tcp(str(address), port, timeout, local_address, socket_options)
            except httpcore.ConnectError as failure:
                error = failure
        raise error or httpcore.ConnectError(f"no address to connect to for {host}")


def guarded_transport(policy: Policy) -> httpx.HTTPTransport:
    """httpx's transport with its connection pool built on GuardedBackend. httpx 0.28 (pinned)
    takes no network backend, so the pool its __init__ built is replaced by one that has it;
    tests/fetcher/test_client.py fails if the guard is ever not the one connecting."""
    transport = httpx.HTTPTransport(trust_env=False)
    transport._pool.close()
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        network_backend=GuardedBackend(policy),
    )
    return transport


class _Retry(Exception):
    """An attempt worth making again; `after`: the seconds the server asked to wait (Retry-After)."""

    def __init__(self, reason: str, after: float | None = None) -> None:
        super().__init__(reason)
        self.reason, self.after = reason, after


@dataclass
class Client:
    """Fetches pages one at a time within `limits`, every hop checked by `policy`."""

    policy: Policy
    limits: Limits = field(default_factory=Limits)
    agent: str = field(default_factory=user_agent)
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep

    def __post_init__(self) -> None:
        self.gate = HostGate(self.limits.delay, self.clock, self.sleep)
        # Requests go straight to the transport: httpx.Client would work out where each
        # redirect leads (and raise on a Location it cannot read) and keep cookies.
        self.transport = guarded_transport(self.policy)
        self.headers = {"User-Agent": self.agent, "Accept-Encoding": ", ".join(ENCODINGS[:2]),
                        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1"}

    def close(self) -> None:
        self.transport.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def get(self, url: httpx.URL, admit: Callable[[httpx.URL], None] | None = None,
            accept_types: tuple[str, ...] | None = None, max_bytes: int | None = None) -> Exchange:
        """The answer at `url` after its redirects. Each hop is checked by the policy and by
        `admit` (robots.txt) first; raises Refused, Failed, or what `admit` raises. A 2xx
        answer of another type than `accept_types` is refused unread."""
        via: list[str] = []
        while True:
            try:
                self.policy.check(url)
                if admit:
                    admit(url)
            except Refused as refusal:
                raise Refused(_after(via, url, refusal.reason)) from None
            exchange = self._hop(url, accept_types, max_bytes or self.limits.max_bytes)
            location = exchange.status in REDIRECTS and _header(exchange.response_headers, "location")
            if not location:
                return replace(exchange, via=tuple(via))
            if len(via) >= self.limits.max_redirects:
                raise Failed(f"more than {self.limits.max_redirects} redirects")
            via.append(str(url))
            url = _joined(url, location)

    def _hop(self, url: httpx.URL, accept_types: tuple[str, ...] | None, max_bytes: int) -> Exchange:
        """One request, tried again after a connection error, a 429 or a 5xx."""
        attempts = self.limits.retries + 1
        for attempt in range(attempts):
            try:
                return self._attempt(url, accept_types, max_bytes)
            except _Retry as retry:
                if attempt + 1 == attempts:
                    raise Failed(f"{retry.reason} (after {attempts} attempts)") from None
                pause = self.limits.backoff * 2**attempt if retry.after is None else retry.after
                if pause > self.limits.max_wait:
                    raise Failed(f"{retry.reason}: the server asks to wait {pause:g} s, more than "
                                 f"the {self.limits.max_wait:g} s allowed") from None
                self.sleep(pause)
        raise AssertionError("unreachable")

    def _attempt(self, url: httpx.URL, accept_types: tuple[str, ...] | None, max_bytes: int) -> Exchange:
        self.gate.wait(host_of(url))
        started, date = self.clock(), datetime.now(UTC)
        request = httpx.Request("GET", url, headers=self.headers,
                                extensions={"timeout": httpx.Timeout(self.limits.timeout).as_dict()})
        try:
            response = self.transport.handle_request(request)
            response.request = request
            try:
                exchange = _exchange_of(url, date, response)
                if response.status_code in RETRIED:
                    raise _Retry(exchange.status_text, _retry_after(response.headers.get("retry-after")))
                if not 200 <= response.status_code < 300:
                    return exchange
                _check_type(response, accept_types)
                body, content = _read_body(response, max_bytes, started + self.limits.total_time, self.clock)
                return replace(exchange, body=body, content=content)
            finally:
                response.close()
        except (httpx.ConnectError, httpx.ConnectTimeout) as error:
            raise _Retry(f"could not connect: {error}") from None
        except httpx.TimeoutException:
            raise Failed(f"timed out: no answer within {self.limits.timeout:g} s") from None
        except httpx.HTTPError as error:
            raise Failed(f"the connection broke: {error}") from None
        finally:
            self.gate.done(host_of(url))


def _after(via: list[str], url: httpx.URL, reason: str) -> str:
    return f"redirected to {url}: {reason}" if via else reason


def _joined(base: httpx.URL, location: str) -> httpx.URL:
    try:
        joined = base.join(location.strip())
        return joined.copy_with(fragment=None) if joined.fragment else joined
    except httpx.InvalidURL:
        raise Refused("the server redirects to an address that is not valid") from None


def _header(headers: list[tuple[str, str]], name: str) -> str:
    return next((value for key, value in headers if key.lower() == name), "")


def _exchange_of(url: httpx.URL, date: datetime, response: httpx.Response) -> Exchange:
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream else None
    return Exchange(
        url=url, date=date, address=str(peer[0]) if peer else "", http_version=response.http_version,
        request_headers=_text_headers(response.request.headers.raw), status=response.status_code,
        reason_phrase=response.reason_phrase, response_headers=_text_headers(response.headers.raw),
    )


def _text_headers(raw: list[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    return [(key.decode("latin-1"), value.decode("latin-1")) for key, value in raw]


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds (it is a number of seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _check_type(response: httpx.Response, accept_types: tuple[str, ...] | None) -> None:
    media = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if accept_types and media and media not in accept_types:
        raise Refused(f"not a web page ({media[:60]})")


def _read_body(response: httpx.Response, max_bytes: int, deadline: float,
               clock: Callable[[], float]) -> tuple[bytes, bytes]:
    """The body as received and unpacked, refused as soon as either passes `max_bytes`."""
    declared = response.headers.get("content-length", "")
    if declared.strip().isdigit() and int(declared) > max_bytes:
        raise Refused(f"the page is larger than {size_text(max_bytes)} "
                      f"(it declares {size_text(int(declared))})")
    inflater = Inflater.for_coding(response.headers.get("content-encoding", ""))
    received = bytearray()
    for chunk in response.iter_raw():
        received += chunk
        if len(received) > max_bytes:
            raise Refused(f"the page is larger than {size_text(max_bytes)}: stopped reading it")
        inflater.feed(chunk, max_bytes)
        if clock() > deadline:
            raise Failed("the page took too long to arrive; stopped reading it")
    body = bytes(received)
    return body, inflater.result(body)


class Inflater:
    """Unpacks a gzip or deflate body a step at a time, to refuse one that unpacks to more
    than the size cap (a few kilobytes can unpack to gigabytes) before it has."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self.engine = zlib.decompressobj(wbits=47) if coding else None  # 47: gzip or zlib header
        self.parts: list[bytes] = []
        self.size = 0

    @classmethod
    def for_coding(cls, header: str) -> Inflater:
        coding = header.strip().lower()
        if coding in ("", "identity"):
            return cls("")
        if coding not in ENCODINGS:
            raise Refused(f"the page is sent in an encoding that was not asked for ({coding[:40]})")
        return cls(coding)

    def feed(self, chunk: bytes, max_bytes: int) -> None:
        if self.engine is None:
            return
        try:
            while chunk:
                part = self.engine.decompress(chunk, INFLATE_STEP)
                self.size += len(part)
                if self.size > max_bytes:
                    raise Refused(f"the page unpacks to more than {size_text(max_bytes)}")
                self.parts.append(part)
                chunk = self.engine.unconsumed_tail
                if self.engine.eof and self.engine.unused_data:  # a second gzip member
                    chunk, self.engine = self.engine.unused_data, zlib.decompressobj(wbits=47)
        except zlib.error as error:
            raise Failed(f"the page's {self.coding} encoding is broken ({error})") from None

    def result(self, body: bytes) -> bytes:
        return body if self.engine is None else b"".join(self.parts)


def size_text(size: int) -> str:
    if size >= MB:
        return f"{size / MB:.3g} MB"
    return f"{size / 1024:.3g} KB" if size >= 1024 else f"{size} bytes"
