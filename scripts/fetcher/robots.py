"""robots.txt, honoured per site (scheme, host and port), read once a run.

The rules are matched as RFC 9309 says, not with the standard library's urllib.robotparser,
which gets two common cases wrong (Python 3.11, checked in tests/fetcher/test_robots.py):
- it takes the first rule that matches in file order, where RFC 9309 takes the longest (the
  most specific) and lets Allow win a tie: under `Disallow: /` then `Allow: /news/` it refuses
  /news/a, which the site allows;
- it has no wildcards: `Disallow: /*?session=` or `Disallow: /*.pdf$` are read as literal
  paths, so it allows what the site forbids.

What the site's answer for /robots.txt means (RFC 9309, 2.3.1): a 2xx is the rules; any 4xx
(401 and 403 too) means no rules, every page allowed; a 5xx, 429 or no answer means the site
cannot say, so none of its pages is fetched this run (reported as failed, to try later).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from .client import Exchange, Failed
from .policy import Refused

# The product token robots.txt groups are matched against (the start of our User-Agent).
PRODUCT_TOKEN = "crypto-news-archive"
# RFC 9309 asks crawlers to read at least 500 KiB of a robots.txt.
MAX_ROBOTS_BYTES = 512 * 1024
UNRESERVED = re.compile(r"%([0-9A-Fa-f]{2})")
UNRESERVED_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


class Disallowed(Exception):
    """robots.txt forbids the address."""

    def __init__(self, reason: str = "disallowed by robots.txt") -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Rule:
    allow: bool
    pattern: str  # normalised path pattern: `*` any characters, a final `$` the end


@dataclass(frozen=True)
class RobotsRules:
    """The rules of one site that apply to us; no rules: everything allowed."""

    rules: tuple[Rule, ...] = ()

    def allows(self, target: str) -> bool:
        """Whether the path and query `target` ("/news/a?x=1") may be fetched: the longest
        matching pattern decides, Allow winning a tie; /robots.txt itself is always allowed."""
        path = normalised(target or "/")
        if path == "/robots.txt":
            return True
        best: Rule | None = None
        for rule in self.rules:
            if matches(rule.pattern, path) and (
                best is None or (len(rule.pattern), rule.allow) > (len(best.pattern), best.allow)
            ):
                best = rule
        return best is None or best.allow


def parse(text: str, token: str = PRODUCT_TOKEN) -> RobotsRules:
    """The rules of the groups naming `token` (all of them, merged), else of the `*` groups."""
    groups: list[tuple[list[str], list[Rule]]] = []
    in_agents = False
    for line in text.splitlines():
        key, _, value = line.split("#", 1)[0].partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "user-agent":
            if not in_agents:
                groups.append(([], []))
            groups[-1][0].append(value.split("/")[0].strip().lower())
            in_agents = True
        elif key in ("allow", "disallow") and groups:
            in_agents = False
            if value:  # an empty Disallow forbids nothing
                groups[-1][1].append(Rule(key == "allow", normalised(_rooted(value))))
        elif key in ("allow", "disallow"):
            in_agents = False  # rules before any user-agent line belong to no group
    ours = [rules for agents, rules in groups if token.lower() in agents]
    chosen = ours or [rules for agents, rules in groups if "*" in agents]
    return RobotsRules(tuple(rule for rules in chosen for rule in rules))


def _rooted(pattern: str) -> str:
    return pattern if pattern.startswith(("/", "*")) else "/" + pattern


def normalised(text: str) -> str:
    """`text` with one spelling per character (RFC 9309, 2.2.2): a percent-escaped unreserved
    character unescaped, other escapes in capitals, characters outside ASCII escaped."""
    text = UNRESERVED.sub(_unescape_unreserved, text)
    return "".join(char if char.isascii() else _escaped(char) for char in text)


def _unescape_unreserved(match: re.Match[str]) -> str:
    char = chr(int(match[1], 16))
    return char if char in UNRESERVED_CHARS else f"%{match[1].upper()}"


def _escaped(char: str) -> str:
    return "".join(f"%{byte:02X}" for byte in char.encode("utf-8"))


def matches(pattern: str, path: str) -> bool:
    """Whether `pattern` matches the start of `path` (all of it when it ends in `$`).

    A wildcard match by two pointers, going back only to the last `*`: at most
    len(pattern) x len(path) steps, so a hostile pattern of many `*` cannot stall the run
    as a backtracking regular expression would."""
    if pattern.endswith("$"):
        pattern = pattern[:-1]
    else:
        pattern += "*"
    p = s = 0
    star, mark = -1, 0
    while s < len(path):
        if p < len(pattern) and pattern[p] == "*":
            star, mark = p, s
            p += 1
        elif p < len(pattern) and pattern[p] == path[s]:
            p += 1
            s += 1
        elif star >= 0:
            p, mark = star + 1, mark + 1
            s = mark
        else:
            return False
    return all(char == "*" for char in pattern[p:])


Fetch = Callable[[httpx.URL], Exchange]


@dataclass
class Robots:
    """Each site's rules, fetched with `fetch` the first time one of its pages is asked
    about; a site whose robots.txt could not be read stays unread (and unfetched) this run."""

    fetch: Fetch
    sites: dict[str, RobotsRules | Failed | Refused] = field(default_factory=dict)

    def check(self, url: httpx.URL) -> None:
        """Raise Disallowed when robots.txt forbids `url`, Failed or Refused (the reason
        beginning "robots.txt") when the site's robots.txt could not be read."""
        site = f"{url.scheme}://{url.netloc.decode('ascii')}"
        if site not in self.sites:
            self.sites[site] = self._read(httpx.URL(site + "/robots.txt"))
        known = self.sites[site]
        if isinstance(known, Failed | Refused):
            raise type(known)(known.reason)
        if not known.allows(url.raw_path.decode("ascii")):
            raise Disallowed()

    def _read(self, robots_url: httpx.URL) -> RobotsRules | Failed | Refused:
        try:
            exchange = self.fetch(robots_url)
        except (Failed, Refused) as problem:
            return type(problem)(f"robots.txt: {problem.reason}")
        if 200 <= exchange.status < 300:
            return parse(exchange.content.decode("utf-8", errors="replace"))
        if 400 <= exchange.status < 500 and exchange.status != 429:
            return RobotsRules()
        return Failed(f"robots.txt could not be read ({exchange.status_text}); the site's pages "
                      "are not fetched this run")
