"""Code in articles: Pygments highlights it when the site is built, in a light and a dark style that
the theme loads only on pages with code; both read at WCAG AA contrast (axe-core)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pygments.styles import get_style_by_name

import pelicanconf
from tests.conftest import FIXTURES, ROOT, build_site
from tests.site.builtsite import article_pages, file_for, soup, url_of
from tests.site.conftest import serve
from tests.site.test_build_recovery import article

CODE_ARTICLE = FIXTURES / "code" / "smart-contract-audit.md"
CSS = ROOT / "theme" / "static" / "css"
# The fenced blocks of the fixture article, in its order: language -> a keyword it uses.
BLOCKS = {"solidity": "function", "javascript": "const", "python": "def"}


@pytest.fixture(scope="module")
def code_site(tmp_path_factory) -> Path:
    """A site of two articles: the fixture with Solidity, JavaScript and Python blocks, and one
    without code; returns output/."""
    content = tmp_path_factory.mktemp("code") / "content"
    (content / "articles").mkdir(parents=True)
    shutil.copy(CODE_ARTICLE, content / "articles")
    plain = article(title="Gold rallies", Tags="Gold")
    (content / "articles" / "plain.md").write_text(plain, encoding="utf-8")
    output = content.parent / "output"
    build_site(content, output)
    return output


def fenced_blocks(markdown: str) -> dict[str, str]:
    """language -> the text of its fenced block in a Markdown file, in the file's order."""
    blocks, language, lines = {}, None, []
    for line in markdown.splitlines():
        if line.startswith("```") and language is None:
            language, lines = line[3:], []
        elif line.startswith("```"):
            blocks[language], language = "\n".join(lines) + "\n", None
        elif language is not None:
            lines.append(line)
    return blocks


def code_page(site: Path) -> Path:
    [page] = [p for p in article_pages(site) if soup(p).select("div.highlight")]
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_committed_styles_are_what_pygmentize_writes(scheme):
    """theme/static/css/code-<scheme>.css is exactly `pygmentize -S <style> -f html -a .highlight`
    for the style pelicanconf.py names: regenerate it with that command after changing the style."""
    style = pelicanconf.PYGMENTS_STYLES[scheme]
    pygmentize = Path(sys.executable).parent / "pygmentize"
    written = subprocess.run([str(pygmentize), "-S", style, "-f", "html", "-a", ".highlight"],
                             capture_output=True, text=True, check=True).stdout
    assert (CSS / f"code-{scheme}.css").read_text(encoding="utf-8") == written


def test_fenced_blocks_are_highlighted_with_their_exact_text(code_site):
    expected = fenced_blocks(CODE_ARTICLE.read_text(encoding="utf-8"))
    assert list(expected) == list(BLOCKS)
    blocks = soup(code_page(code_site)).select("article .body div.highlight")
    assert len(blocks) == len(BLOCKS)
    shown = {}
    for language, block in zip(BLOCKS, blocks, strict=True):  # Pygments does not name the language
        code = block.select_one("pre code")
        shown[language] = code.get_text()
        keyword = BLOCKS[language]
        assert any(keyword == span.get_text() for span in code.select("span[class]")), language
        assert len(code.select("span[class]")) > 10, language  # tokens, not one plain run of text
    assert shown == expected


def test_code_styles_are_loaded_only_on_pages_with_code(code_site):
    def sheets(page: Path) -> dict[str, str]:
        return {file_for(code_site, link["href"], page).name: link.get("media", "")
                for link in soup(page).select("link[rel=stylesheet]")}

    with_code = code_page(code_site)
    assert sheets(with_code) == {
        "archive.css": "",
        "article.css": "",
        "code-light.css": "not all and (prefers-color-scheme: dark)",
        "code-dark.css": "(prefers-color-scheme: dark)",
    }
    others = [p for p in code_site.rglob("*.html") if p != with_code and "pagefind" not in p.parts]
    assert len(others) > 10
    for page in others:
        assert set(sheets(page)) - {"article.css", "search.css"} == {"archive.css"}, page


def _rgb(hex_colour: str) -> str:
    value = hex_colour.lstrip("#")
    value = "".join(c * 2 for c in value) if len(value) == 3 else value
    return "rgb({}, {}, {})".format(*(int(value[i:i + 2], 16) for i in (0, 2, 4)))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_code_is_coloured_in_both_schemes_and_axe_finds_no_violations(browser, code_site, axe_script, scheme):
    """In each colour scheme the blocks take that scheme's Pygments background, keywords differ in
    colour from the rest of the code, and axe-core (contrast included) finds nothing."""
    style = get_style_by_name(pelicanconf.PYGMENTS_STYLES[scheme])
    page_path = url_of(code_site, code_page(code_site))
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    with serve(code_site) as url:
        page.goto(url + page_path)
        for number, (language, keyword) in enumerate(BLOCKS.items()):
            block = page.locator("article .body div.highlight").nth(number)
            assert block.evaluate("e => getComputedStyle(e).backgroundColor") == _rgb(style.background_color)
            colours = block.locator("span[class]").evaluate_all(
                "spans => spans.map(s => [s.textContent, getComputedStyle(s).color])")
            keyword_colours = {colour for text, colour in colours if text == keyword}
            plain = block.locator("code").evaluate("e => getComputedStyle(e).color")
            assert keyword_colours and plain not in keyword_colours, (language, keyword_colours, plain)
            assert len({colour for _, colour in colours}) >= 3, language
        page.add_script_tag(path=str(axe_script))
        result = page.evaluate("async () => await axe.run(document)")
    context.close()
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:5]) for v in result["violations"]]
    assert len(result["passes"]) > 10
    assert violations == []
