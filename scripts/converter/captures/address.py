"""Where the capture's address goes in an article: the page's own address is a fact its
capture records, where a canonical link is only what the page says of itself.

- An aggregator's copy (the page names a site it is `via`, or the address is an aggregator's,
  such as Bitget's): the address is `Via_URL`, and the article keeps the publisher's address
  the page names as `Original_URL`.
- The publisher's own page: the address is `Original_URL`, unless the page names its own
  canonical address on the same host (cleaner: no tracking parameters, no mirror).
- A publisher's page captured on another host (a mirror, an AMP cache): `Via_URL`.
"""

from __future__ import annotations

from ..htmlpage import load_site_rules
from ..model import PageFacts
from ..sanitize import host_of, safe_url


def place_address(facts: PageFacts, address: str) -> None:
    """Put the capture's address into the facts, with a note when it is no web address."""
    if not address:
        return
    url = safe_url(address)
    if not url:
        facts.notes.append("the capture's address is not an http(s) address: not kept")
        return
    site = load_site_rules().site_for(url)
    if facts.via or (site is not None and site.aggregator):
        facts.via_url = url
        facts.via = facts.via or (site.name if site else "")
    elif not facts.original_url:
        facts.original_url = url
    elif host_of(facts.original_url) != host_of(url):
        facts.via_url = url
