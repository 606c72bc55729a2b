"""Every link between the built pages resolves: crawled from disk over all of output/."""

from __future__ import annotations

from tests.site.builtsite import article_pages, file_for, html_pages, internal_links, soup


def test_every_internal_link_resolves(sample_site):
    broken = []
    checked = 0
    for page in html_pages(sample_site):
        for raw, target in internal_links(sample_site, page):
            path, _, fragment = target.partition("#")
            destination = file_for(sample_site, path)
            checked += 1
            if not destination.is_file():
                broken.append(f"{page.relative_to(sample_site)}: {raw}")
            elif fragment and destination.suffix == ".html" and not soup(destination).find(id=fragment):
                broken.append(f"{page.relative_to(sample_site)}: {raw} (no #{fragment})")
    assert checked > 500
    assert broken == []


def test_every_page_is_reachable_from_the_home_page(sample_site):
    """No orphans: following links from / reaches every page except the 404 page."""
    seen, queue = set(), [sample_site / "index.html"]
    while queue:
        page = queue.pop()
        if page in seen or page.suffix != ".html" or not page.is_file():
            continue
        seen.add(page)
        targets = (target.partition("#")[0] for _, target in internal_links(sample_site, page))
        queue.extend(file_for(sample_site, target) for target in targets)
    assert len(seen) > len(article_pages(sample_site)) + 10  # articles, listings, tags, sources, ...
    drafts = set(sample_site.glob("drafts/**/*.html"))  # undated pages: built for review, never linked
    unreachable = set(html_pages(sample_site)) - seen - drafts - {sample_site / "404.html"}
    assert sorted(str(p.relative_to(sample_site)) for p in unreachable) == []
