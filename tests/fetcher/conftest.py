"""The fetcher's tests: a local web server, and a client made for it (tiny pauses and timeouts)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

import pytest
from fetcher.client import Client, Limits
from fetcher.policy import Policy

from tests.fetcher.server import LocalSite, serve

LOOPBACK = ipaddress.ip_network("127.0.0.1/32")
# Small enough to keep the whole folder fast, large enough for a loopback answer under load.
QUICK = Limits(delay=0.0, timeout=0.5, total_time=2.0, max_bytes=200_000, retries=0, backoff=0.05,
               max_wait=1.0, max_redirects=3)


@pytest.fixture
def site() -> Iterator[LocalSite]:
    with serve() as local:
        yield local


def make_client(limits: Limits = QUICK, policy: Policy | None = None) -> Client:
    """A client allowed to reach the test server on 127.0.0.1 only (no other private address)."""
    return Client(policy or Policy(allowed_networks=(LOOPBACK,)), limits)


@pytest.fixture
def client() -> Iterator[Client]:
    made = make_client()
    yield made
    made.close()
