"""axe-core on a page in the light and the dark colour scheme, as the site tests run it.

The dark scheme changes colours only (test_browser.py checks the stylesheets say so): the
`prefers-color-scheme: dark` block of archive.css sets colour variables, and code-dark.css differs
from code-light.css in colours alone. So every rule runs in the light scheme, and in the dark one
only the rules whose outcome a colour can change.
"""

from __future__ import annotations

from pathlib import Path

# axe's rules that read colours: text contrast, and a link told from its sentence by colour alone.
COLOUR_RULES = ("color-contrast", "link-in-text-block")
SCHEMES = ("light", "dark")


def axe_in_both_schemes(page, axe_script: Path, rules: dict | None = None) -> dict[str, dict]:
    """Inject axe once, run it in each scheme (the stylesheet follows the switch live); returns
    axe's result per scheme. `rules` turns rules on or off (e.g. WCAG 2.2's `target-size`)."""
    page.add_script_tag(path=str(axe_script))
    results = {}
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (scheme == "dark")
        options = {"rules": rules or {}}
        if scheme == "dark":
            options = {"runOnly": {"type": "rule", "values": list(COLOUR_RULES)}}
        results[scheme] = page.evaluate("async (options) => await axe.run(document, options)", options)
    return results


def violations(results: dict[str, dict], nodes: int = 5) -> dict[str, list]:
    """Per scheme: each violated rule's id with the first `nodes` elements it names."""
    return {scheme: [(v["id"], [n["target"] for n in v["nodes"]][:nodes]) for v in result["violations"]]
            for scheme, result in results.items()}


def checked(results: dict[str, dict]) -> dict[str, int]:
    """How many rules passed or applied per scheme: proof that axe looked at the page."""
    return {scheme: len(result["passes"]) + len(result["violations"]) for scheme, result in results.items()}
