"""A local web server for the built sample site; chromium (shared by every folder) is in tests/conftest.py."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT, build_site, made_once, missing
from tests.site import labels
from tests.site.builtsite import generated_site

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on localhost, the way a static host serves it; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def site_url(sample_site):
    """The sample site served on localhost."""
    with serve(sample_site) as url:
        yield url


READERS_ARTICLES = 120  # over 2020-2026: a handful of articles a year, so searches span years
# ~17 article pages a year: with bundles of at most 10, each year is two bundles of months
# (SEARCH_BUNDLE_PAGES), so the searches that span years also span bundles within a year.
READERS_BUNDLE_PAGES = 10


@pytest.fixture(scope="session")
def readers_archive(tmp_path_factory) -> tuple[Path, Path]:
    """An archive of READERS_ARTICLES generated articles (scripts/benchmark.py's corpus), built as
    `make html` builds it, made once for the test files that search a larger archive than the
    sample (tests/site/test_search_readers.py, test_year_bundles.py); returns (output, content)."""
    folder = made_once(tmp_path_factory, "readers-archive",
                       lambda base: generated_site(base, READERS_ARTICLES, 24,
                                                   "-e", f"SEARCH_BUNDLE_PAGES={READERS_BUNDLE_PAGES}"))
    return folder / "output", folder / "content"


@pytest.fixture(scope="session")
def project_site_url(sample_site_content, tmp_path_factory):
    """The sample site as GitHub Pages serves a project site: built with publishconf.py and
    published under a folder (https://user.github.io/<repository>/); yields its SITEURL."""
    host = tmp_path_factory.mktemp("pages")
    with serve(host) as url:
        siteurl = f"{url}/archive"
        build_site(sample_site_content, host / "archive", "publishconf.py", env={"SITEURL": siteurl})
        yield siteurl


@dataclass
class Reader:
    """A browser tab that remembers what went wrong: console errors and requests to other hosts."""

    page: object
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)

    def watch(self) -> Reader:
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"{self.page.url}: {error}"))
        self.page.on("request", self._request)
        return self

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"{self.page.url}: {message.text}")

    def _request(self, request) -> None:
        self.requested.append(request.url)
        local = urlsplit(request.url).hostname in ("127.0.0.1", "localhost")
        if not local and not request.url.startswith("data:"):
            self.outside.append(request.url)


@pytest.fixture(scope="module")
def tab(browser):
    """One tab for the searches of a test file: Pagefind's files stay in its cache between them.
    No page it opened may log an error or throw."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    yield page
    context.close()
    assert errors == []


@pytest.fixture
def reader(browser):
    context = browser.new_context()
    yield Reader(context.new_page()).watch()
    context.close()


@pytest.fixture
def page(reader):
    return reader.page


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE.is_file():
        missing("axe-core is not in node_modules, so the accessibility tests")
    return AXE


@pytest.fixture(scope="module")
def fixture_urls(sample_site, sample_site_content) -> dict[str, str]:
    """Fixture file name -> URL of its article on the sample site, through the converter's metadata."""
    return labels.fixture_urls(sample_site, sample_site_content)
