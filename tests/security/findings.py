"""What the security checks found, kept for the end-of-run summary and test-artifacts/.

Each check records its findings (an empty list when it passed), so the summary can say how
many payload × field pairs were tried and how many got through, and where.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest


@dataclass(frozen=True, order=True)
class Finding:
    """One hole: which hostile page (kind/payload), where it surfaced, and what surfaced."""

    page: str  # HostilePage.label, or the output file when no page can be named
    where: str  # "title", "byline", "original", "via", "body", "head", "listing", "feed", file...
    what: str

    def __str__(self) -> str:
        return f"{self.page} | {self.where} | {self.what}"


@dataclass
class Ledger:
    tried: dict[str, int] = field(default_factory=dict)
    checks: dict[str, list[Finding]] = field(default_factory=dict)

    def record(self, check: str, found: list[Finding]) -> list[Finding]:
        self.checks[check] = sorted(set(found))
        return self.checks[check]

    def payloads_through(self, checks: list[str] | None = None) -> set[str]:
        """Payload ids with at least one finding (in `checks`, or in any check)."""
        names = checks if checks is not None else list(self.checks)
        return {f.page.split("/", 1)[1].split(" ")[0] for name in names
                for f in self.checks.get(name, []) if "/" in f.page}


LEDGER = Ledger()
BROWSER_CHECKS = ["browser: dialogs", "browser: requests to other hosts", "browser: scripts not shipped",
                  "browser: script URLs in links"]


def fail_if(found: list[Finding], title: str) -> None:
    """Fail the test with the findings as its whole message (no traceback of locals)."""
    if found:
        pytest.fail(failure_message(title, found), pytrace=False)


def failure_message(check: str, found: list[Finding], limit: int = 60) -> str:
    lines = [f"{check}: {len(found)} finding(s) (page kind/payload | where | what)"]
    lines += [f"  {finding}" for finding in found[:limit]]
    if len(found) > limit:
        lines.append(f"  ... and {len(found) - limit} more (test-artifacts/security-findings.txt)")
    return "\n".join(lines)
