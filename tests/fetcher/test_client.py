"""One polite, bounded exchange, against the local server: redirects checked hop by hop, the
timeouts, the size cap, retries, the pause between requests to a host, the connect-time guard."""

from __future__ import annotations

import dataclasses
import gzip
import ipaddress
import itertools
import socket
import time

import httpx
import pytest
from fetcher.client import PROJECT, Failed, Limits, user_agent
from fetcher.policy import Policy, Refused

from tests.conftest import PAGES
from tests.fetcher.conftest import LOOPBACK, QUICK, make_client
from tests.fetcher.server import dripping, endless, gzipped, in_turn, page, redirect, silent

PAGE = (PAGES / "cryptoslate-en-genius-act-stablecoins.html").read_bytes()


def get(client, site, path: str, **options):
    return client.get(httpx.URL(site.url(path)), **options)


def test_a_page_arrives_whole_with_what_was_sent(site, client):
    site.routes["/news.html"] = page(PAGE)
    exchange = get(client, site, "/news.html")
    assert (exchange.status, exchange.body, exchange.content) == (200, PAGE, PAGE)
    assert exchange.address == "127.0.0.1"
    sent = dict(exchange.request_headers)
    assert sent["User-Agent"] == site.seen[0].headers["User-Agent"] == user_agent()
    assert user_agent().startswith(PROJECT + "/") and "+mailto:" in user_agent()


def test_a_gzip_body_is_kept_as_sent_and_unpacked_for_reading(site, client):
    site.routes["/news.html"] = gzipped(PAGE)
    exchange = get(client, site, "/news.html")
    assert exchange.body == gzip.compress(PAGE) != PAGE  # the bytes on the wire, for the capture
    assert exchange.content == PAGE
    assert ("Content-Encoding", "gzip") in exchange.response_headers


def test_a_redirect_is_followed_and_the_final_address_kept(site, client):
    site.routes["/old"] = redirect("/moved")
    site.routes["/moved"] = redirect(site.url("/news.html#top"), status=301)
    site.routes["/news.html"] = page(PAGE)
    exchange = get(client, site, "/old")
    assert str(exchange.url) == site.url("/news.html")
    assert exchange.via == (site.url("/old"), site.url("/moved"))
    assert exchange.body == PAGE


def test_a_redirect_to_a_private_address_is_refused_before_it_is_requested(site, client):
    """The test server is let through (loopback 127.0.0.1 only); the cloud metadata address
    it redirects to is not, and no request is sent to it."""
    site.routes["/go"] = redirect("http://169.254.169.254/latest/meta-data/")
    with pytest.raises(Refused) as refused:
        get(client, site, "/go")
    assert refused.value.reason.startswith("redirected to http://169.254.169.254/latest/meta-data/: ")
    assert "link-local" in refused.value.reason


@pytest.mark.parametrize("target", ["file:///etc/passwd", "javascript:alert(1)", "ftp://127.0.0.1/x"])
def test_a_redirect_to_another_scheme_is_refused(site, client, target):
    site.routes["/go"] = redirect(target)
    with pytest.raises(Refused, match="only http and https"):
        get(client, site, "/go")


def test_redirects_stop_at_the_limit(site, client):
    site.routes["/loop"] = redirect("/loop")
    with pytest.raises(Failed, match="more than 3 redirects"):
        get(client, site, "/loop")
    assert len(site.seen) == 4  # the first request and three redirects followed


def test_a_silent_server_times_out(site, client):
    site.routes["/slow"] = silent(site, 5)
    started = time.monotonic()
    with pytest.raises(Failed, match=r"timed out: no answer within 0\.5 s"):
        get(client, site, "/slow")
    assert time.monotonic() - started < 2


def test_a_page_that_never_ends_hits_the_total_time(site):
    """Each byte comes within the read timeout; the page as a whole does not."""
    site.routes["/drip"] = dripping(site, 0.1)
    limits = dataclasses.replace(QUICK, total_time=1.0)
    started = time.monotonic()
    with make_client(limits) as client, pytest.raises(Failed, match="took too long"):
        get(client, site, "/drip")
    assert limits.total_time <= time.monotonic() - started < limits.total_time + 1.5


def test_a_declared_length_over_the_cap_is_refused_before_reading(site, client):
    """The server declares a gigabyte and sends 64 KB a little at a time: reading it would
    take the total time, refusing it takes a moment."""
    site.routes["/big"] = endless(site, declared=10**9)
    started = time.monotonic()
    with pytest.raises(Refused, match=r"larger than 195 KB \(it declares 954 MB\)"):
        get(client, site, "/big")
    assert time.monotonic() - started < QUICK.total_time


def test_a_body_with_no_length_is_refused_once_past_the_cap(site, client):
    """A chunked answer that never ends: only refusing while it streams can end the fetch."""
    site.routes["/endless"] = endless(site)
    with pytest.raises(Refused, match="larger than 195 KB: stopped reading"):
        get(client, site, "/endless")


def test_a_small_body_that_unpacks_past_the_cap_is_refused(site, client):
    site.routes["/bomb"] = gzipped(b"0" * 5_000_000)
    with pytest.raises(Refused, match="unpacks to more than 195 KB"):
        get(client, site, "/bomb")


def test_only_web_pages_are_accepted_when_asked(site, client):
    site.routes["/report.pdf"] = page(b"%PDF-1.7", "application/pdf")
    with pytest.raises(Refused, match=r"not a web page \(application/pdf\)"):
        get(client, site, "/report.pdf", accept_types=("text/html",))


def test_a_busy_server_is_asked_again_after_its_retry_after(site):
    site.routes["/busy"] = in_turn(page(b"busy", status=503, headers=[("Retry-After", "0")]),
                                   page(b"slow down", status=429), page(PAGE))
    with make_client(dataclasses.replace(QUICK, retries=2)) as client:
        exchange = get(client, site, "/busy")
    assert exchange.body == PAGE
    assert site.paths() == ["/busy"] * 3


def test_retries_run_out(site):
    site.routes["/down"] = page(b"down", status=500)
    with make_client(dataclasses.replace(QUICK, retries=1)) as client, \
            pytest.raises(Failed, match=r"HTTP 500 Internal Server Error \(after 2 attempts\)"):
        get(client, site, "/down")


def test_a_retry_after_beyond_the_cap_ends_the_fetch_at_once(site):
    site.routes["/later"] = page(b"later", status=429, headers=[("Retry-After", "3600")])
    started = time.monotonic()
    with make_client(dataclasses.replace(QUICK, retries=3)) as client, \
            pytest.raises(Failed, match="asks to wait 3600 s, more than the 1 s allowed"):
        get(client, site, "/later")
    assert time.monotonic() - started < 1
    assert site.paths() == ["/later"]


def test_a_refused_connection_is_tried_again_with_growing_pauses():
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    limits = dataclasses.replace(QUICK, retries=2, backoff=0.1)
    started = time.monotonic()
    with make_client(limits) as client, pytest.raises(Failed, match=r"could not connect.*after 3 attempts"):
        client.get(httpx.URL(f"http://127.0.0.1:{port}/"))
    assert time.monotonic() - started >= 0.1 + 0.2


def test_requests_to_one_host_are_spaced_by_the_delay(site):
    """Measured where the requests arrive: each at least `delay` after the one before."""
    for path in ("/a", "/b", "/c"):
        site.routes[path] = page(b"<p>page</p>")
    with make_client(dataclasses.replace(QUICK, delay=0.2)) as client:
        for path in ("/a", "/b", "/c"):
            get(client, site, path)
    arrivals = [request.at for request in site.seen]
    assert [later - earlier >= 0.2 for earlier, later in itertools.pairwise(arrivals)] == [True, True]


def test_a_loopback_server_is_refused_without_permission(site):
    site.routes["/news.html"] = page(PAGE)
    with make_client(policy=Policy()) as client, pytest.raises(Refused, match="loopback"):
        get(client, site, "/news.html")
    assert site.seen == []


def test_the_connection_itself_is_guarded(site):
    """A name that looks public when checked and is private when connected to (DNS
    rebinding) is refused by the guard that opens the connection."""
    answers = iter([[ipaddress.ip_address("93.184.216.34")], [ipaddress.ip_address("127.0.0.1")]])
    rebinding = Policy(resolver=lambda host, port: next(answers))
    site.routes["/news.html"] = page(PAGE)
    port = httpx.URL(site.base).port
    with make_client(policy=rebinding) as client, pytest.raises(Refused, match="loopback"):
        client.get(httpx.URL(f"http://news.example:{port}/news.html"))
    assert site.seen == []


def test_an_allowed_network_reaches_the_server_through_the_guard(site):
    site.routes["/news.html"] = page(PAGE)
    with make_client(policy=Policy(allowed_networks=(LOOPBACK,))) as client:
        assert get(client, site, "/news.html").body == PAGE


def test_limits_default_to_polite_values():
    limits = Limits()
    assert (limits.delay, limits.max_bytes, limits.max_redirects) == (1.0, 5 * 1024 * 1024, 5)
