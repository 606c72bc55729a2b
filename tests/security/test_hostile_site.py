"""The built hostile archive on disk: every HTML page, every Atom feed and the sitemap.

Nothing from a scraped page may become a handler, a script, an active element or a script
URL; no image may load from another host; no file from outside the archive may be published;
nothing may be written outside output/.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.security.findings import LEDGER, Finding, failure_message
from tests.security.hostile import CANARY
from tests.security.sitecheck import PageIndex, files_under


@pytest.fixture(scope="module")
def static_findings(hostile_site) -> dict[str, list[Finding]]:
    return hostile_site.scan.result()


def _check(name: str, found: list[Finding], title: str) -> None:
    found = LEDGER.record(f"site: {name}", found)
    if found:
        pytest.fail(failure_message(title, found), pytrace=False)


def test_hostile_pages_do_not_break_the_build(hostile_site):
    labels = {path.name: page.label for path, page in hostile_site.articles().items()}
    set_aside = [Finding(labels.get(name, name), "build", f"{name} set aside (holds {why})")
                 for name, why in hostile_site.quarantined.items()]
    message = f"the build failed:\n{hostile_site.build_error}\n" if hostile_site.build_error else ""
    found = LEDGER.record("site: build broken by a page", set_aside)
    if hostile_site.build_error:
        pytest.fail(message + failure_message("articles set aside to build the rest", found), pytrace=False)


def test_no_event_handler_attributes(static_findings):
    _check("on* attributes", static_findings["handlers"], "elements with on* attributes")


def test_no_srcdoc_formaction_or_inline_style(static_findings):
    _check("srcdoc/formaction/style", static_findings["attributes"],
           "srcdoc, formaction, or style on content elements")


def test_only_the_projects_scripts(static_findings):
    """The theme ships theme/static/js/search.js (and the search page's JSON data); Pagefind's
    files live in output/pagefind/. No other <script> may appear anywhere."""
    _check("scripts", static_findings["scripts"], "<script> elements the project does not ship")


def test_no_active_elements_in_articles(static_findings):
    _check("active elements", static_findings["elements"],
           "iframe/object/embed/svg/math/form/style/... in articles, or meta refresh/base anywhere")


def test_every_url_is_a_web_or_site_url(static_findings):
    """href/src/action/...: http(s) with a host, a relative site link or a fragment, as a browser
    reads them (controls and spaces stripped, entities decoded, scheme in any case)."""
    _check("URLs", static_findings["urls"], "URLs that are not http(s), site links or fragments")


def test_nothing_loads_from_another_host(static_findings):
    """REMOTE_IMAGES = "link": images (and anything else a page loads) stay on their sites."""
    _check("remote loads", static_findings["remote loads"], "images or other resources from another host")


BINARY = (".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter", ".pagefind", ".wasm")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_no_file_from_outside_the_archive_is_published(hostile_site):
    """`{static}/../../pelicanconf.py`, `{attach}../../secret.txt`: Pelican copies what links name."""
    outside = {_digest(path): path for path in [*ROOT.iterdir(), *hostile_site.planted]
               if path.is_file() and path.stat().st_size}
    output = hostile_site.output.resolve()
    index = PageIndex(hostile_site.pages)
    found = []
    for path in sorted(files_under(hostile_site.output)):
        name = path.relative_to(hostile_site.output).as_posix()
        if path.is_symlink() or not path.resolve().is_relative_to(output):
            found.append(Finding(index.label_of_path(name), name, f"link to {path.resolve()}"))
            continue
        if path.name in ("pelicanconf.py", "publishconf.py", "secret.txt"):
            found.append(Finding(index.label_of_path(name), name, "a settings or planted file"))
        digest = _digest(path)
        if digest in outside:
            found.append(Finding(index.label_of_path(name), name,
                                 f"copy of {outside[digest].relative_to(outside[digest].parents[1])}"))
        elif path.suffix not in BINARY and CANARY in path.read_text(encoding="utf-8", errors="replace"):
            found.append(Finding(index.label_of_path(name), name, "holds a planted file's text"))
    _check("files from outside", found, "files from outside the archive in output/")


def test_nothing_is_written_outside_the_output(hostile_site):
    """Only content/articles/, output/ and the report are new; planted files are untouched."""
    allowed = (hostile_site.content / "articles", hostile_site.output,
               hostile_site.content.with_name("content-buildable"))
    new = files_under(hostile_site.base) - hostile_site.files_before
    report = hostile_site.base / "report.json"
    found = [Finding(str(path.relative_to(hostile_site.base)), "outside output", "written by the build")
             for path in sorted(new) if path != report and not any(path.is_relative_to(a) for a in allowed)]
    found += [Finding(str(path), "planted", "changed or removed") for path in hostile_site.planted
              if not path.is_file() or CANARY not in path.read_text(encoding="utf-8")]
    found += [Finding(str(path), "repository", "written by the build")
              for path in (ROOT / "escaped.html", ROOT.parent / "escaped.html") if path.exists()]
    _check("written outside", found, "files written outside output/")
