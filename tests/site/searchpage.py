"""The search page driven as a reader drives it, for the browser tests: open a search from its
address, wait until it has finished, read the results shown, press "More results" to the end."""

from __future__ import annotations

from urllib.parse import urlencode


def settle(page) -> None:
    """Wait until the search shown has finished: results listed, or none and the status says so."""
    page.wait_for_selector("#search-results[aria-busy=false]")
    page.wait_for_function(
        "(() => { const s = document.getElementById('search-status').textContent;"
        " return s !== '' && !s.endsWith('…'); })()")


def open_search(page, url: str, **params: str) -> None:
    page.goto(f"{url}/search/?{urlencode(params)}")
    settle(page)


def shown(page) -> list[str]:
    """The result URLs shown, in order."""
    return page.eval_on_selector_all("#search-results li h2 a", "links => links.map(a => a.pathname)")


def every_result(page, url: str, **params: str) -> list[str]:
    """All results of a search, in order, pressing "More results" until there are no more (a
    search by date that had left older years unsearched may find none there: the button goes)."""
    open_search(page, url, **params)
    more = page.locator("#search-more")
    while more.is_visible():
        count = page.locator("#search-results li").count()
        more.click()
        page.wait_for_function(f"document.querySelectorAll('#search-results li').length > {count}"
                               " || document.getElementById('search-more').hidden")
    return shown(page)
