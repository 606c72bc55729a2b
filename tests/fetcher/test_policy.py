"""Which addresses may be fetched. The resolver is replaced, so nothing here looks a name up
or connects anywhere; tests/fetcher/test_client.py shows the same checks on real connections."""

from __future__ import annotations

import ipaddress

import httpx
import pytest
from fetcher.policy import Policy, Refused, non_public

PUBLIC = "93.184.216.34"


def resolving(table: dict[str, list[str]]):
    def resolver(host: str, port: int):
        return [ipaddress.ip_address(address) for address in table.get(host, [host])]

    return resolver


def refusal(url: str, policy: Policy | None = None) -> str:
    with pytest.raises(Refused) as refused:
        (policy or Policy(resolver=resolving({}))).check(httpx.URL(url))
    return refused.value.reason


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "ftp://example.com/a.html",
                                 "data:text/html,<p>hi</p>", "gopher://example.com/"])
def test_only_http_and_https_are_fetched(url):
    assert refusal(url).startswith("only http and https addresses are fetched")


def test_an_address_with_a_password_is_refused():
    """It would be sent, and written into the capture, in an Authorization header."""
    assert "password" in refusal(f"https://user:secret@{PUBLIC}/page")


@pytest.mark.parametrize(("host", "kind"), [
    ("127.0.0.1", "loopback"), ("[::1]", "loopback"), ("10.1.2.3", "private"), ("192.168.0.10", "private"),
    ("169.254.169.254", "link-local"), ("[fe80::1]", "link-local"), ("224.0.0.251", "multicast"),
    ("0.0.0.0", "unspecified"), ("240.0.0.1", "reserved"), ("100.64.0.1", "not a public"),
    ("192.0.2.7", "private"),  # documentation range
    ("[::ffff:127.0.0.1]", "loopback"),  # IPv4-mapped IPv6
    ("[64:ff9b::a00:1]", "private"),  # NAT64 of 10.0.0.1
])
def test_non_public_addresses_are_refused(host, kind):
    assert kind in refusal(f"http://{host}/news")


def test_a_name_is_judged_by_the_addresses_it_resolves_to():
    policy = Policy(resolver=resolving({"intranet.example": ["10.0.0.5"], "news.example": [PUBLIC]}))
    assert "intranet.example is a private address (10.0.0.5)" in refusal("https://intranet.example/", policy)
    assert policy.check(httpx.URL("https://news.example/a")) == [ipaddress.ip_address(PUBLIC)]


def test_one_private_address_among_public_ones_refuses_the_name():
    """Which of its addresses a connection would use is not ours to choose."""
    policy = Policy(resolver=resolving({"mixed.example": [PUBLIC, "127.0.0.1"]}))
    assert "loopback" in refusal("https://mixed.example/", policy)


def test_allow_private_lets_every_address_through():
    policy = Policy(allow_private=True, resolver=resolving({}))
    assert policy.check(httpx.URL("http://127.0.0.1:8000/")) == [ipaddress.ip_address("127.0.0.1")]
    assert policy.check(httpx.URL("http://10.0.0.1/"))


def test_allowed_networks_let_only_themselves_through():
    policy = Policy(allowed_networks=(ipaddress.ip_network("127.0.0.1/32"),), resolver=resolving({}))
    assert policy.check(httpx.URL("http://127.0.0.1:8000/"))
    assert "loopback" in refusal("http://127.0.0.2/", policy)
    assert "link-local" in refusal("http://169.254.169.254/latest/meta-data/", policy)
    with pytest.raises(Refused):  # the allowed network does not lift the scheme rule
        policy.check(httpx.URL("file:///etc/passwd"))


def test_an_unresolvable_name_is_refused():
    policy = Policy(resolver=lambda host, port: [])
    assert refusal("https://nowhere.example/", policy) == "the host name does not resolve"


def test_public_addresses_pass():
    assert non_public(ipaddress.ip_address(PUBLIC)) == ""
    assert non_public(ipaddress.ip_address("2606:4700:4700::1111")) == ""
