"""Which addresses may be fetched: http(s) only, and only hosts on the public internet.

An address typed by a user, listed in a file or sent back by a server in a redirect can name
the machine itself (`localhost`, 127.0.0.1), the local network (10.x, 192.168.x), a cloud's
metadata service (169.254.169.254) or a multicast group; fetching it would read what only this
machine may read and file it into scraped/, the archive people publish. So a host is refused
when any address it resolves to is not global, unless the user allows private addresses
(`--allow-private`, for a test server on loopback).

The check is made twice for every hop: `check` before the request (a clear reason, nothing
sent), and `vetted` when the connection is opened (GuardedBackend in client.py), on the
addresses the socket then connects to, so a name that resolves to a public address for the
first look and to a private one a moment later (DNS rebinding) is still refused.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[IPAddress]]

SCHEMES = ("http", "https")
# IPv6 addresses that carry an IPv4 address a gateway will reach (NAT64's well-known prefix).
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class Refused(Exception):
    """The address may not be fetched; `reason` says why, for the report."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address `host` resolves to, in the resolver's order, each once."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Refused(f"the host name does not resolve ({error})") from None
    found = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class Policy:
    """What may be fetched in this run.

    `allowed_networks` are private networks fetched anyway (an intranet mirror, a test server);
    `allow_private` allows them all. `resolver` is the DNS lookup (replaceable in tests)."""

    allow_private: bool = False
    allowed_networks: Sequence[IPNetwork] = ()
    resolver: Resolver = resolve

    def check(self, url: httpx.URL) -> list[IPAddress]:
        """The addresses `url`'s host may be reached at; raises Refused with the reason."""
        check_shape(url)
        return self.vetted(host_of(url), url.port or default_port(url))

    def vetted(self, host: str, port: int) -> list[IPAddress]:
        """`host`'s addresses when every one of them is allowed; raises Refused otherwise
        (a name resolving to one public and one private address is refused: the choice
        between them is not ours)."""
        addresses = self.resolver(host, port)
        if not addresses:
            raise Refused("the host name does not resolve")
        for address in addresses:
            problem = self.address_problem(address)
            if problem:
                raise Refused(f"{host} is {problem} ({address}); --allow-private fetches it")
        return addresses

    def address_problem(self, address: IPAddress) -> str:
        """What makes `address` private ("" when it may be fetched)."""
        if self.allow_private or any(address in network for network in self.allowed_networks):
            return ""
        return non_public(address)


def check_shape(url: httpx.URL) -> None:
    """Refuse what no resolution can make right: another scheme, no host, a password."""
    if url.scheme not in SCHEMES:
        raise Refused(f"only http and https addresses are fetched, not {url.scheme or 'no scheme'}")
    if not url.raw_host:
        raise Refused("the address names no host")
    if url.userinfo:
        raise Refused("the address holds a user name or password, which the capture would keep")


def host_of(url: httpx.URL) -> str:
    """The host as DNS knows it (an international name in its xn-- form): httpx's `host`
    decodes that form, and raises on one that IDNA forbids."""
    return url.raw_host.decode("ascii")


def default_port(url: httpx.URL) -> int:
    return 443 if url.scheme == "https" else 80


def non_public(address: IPAddress) -> str:
    """Why `address` is not on the public internet ("" when it is), looking through IPv6
    forms that carry an IPv4 address (::ffff:127.0.0.1, 64:ff9b::7f00:1, 6to4, Teredo)."""
    for inner in embedded(address):
        problem = non_public(inner)
        if problem:
            return problem
    kinds = (("loopback", address.is_loopback), ("link-local", address.is_link_local),
             ("multicast", address.is_multicast), ("unspecified", address.is_unspecified),
             ("reserved", address.is_reserved), ("private", address.is_private))
    for name, applies in kinds:
        if applies:
            return f"a {name} address"
    return "" if address.is_global else "not a public address"


def embedded(address: IPAddress) -> list[IPAddress]:
    """The IPv4 addresses an IPv6 address carries and a packet to it would reach."""
    if not isinstance(address, ipaddress.IPv6Address):
        return []
    found: list[IPAddress] = []
    if address.ipv4_mapped:
        found.append(address.ipv4_mapped)
    if address.sixtofour:
        found.append(address.sixtofour)
    if address.teredo:
        found.extend(address.teredo)
    if address in NAT64:
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found
