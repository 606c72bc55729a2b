"""Pages without their templates' indentation, and with every space that separated two things."""

from __future__ import annotations

import re
from types import SimpleNamespace

import jinja2
from archive.indentation import UnindentedLoader, install, unindented

from tests.conftest import ROOT

TEMPLATE = """\
<nav>
  {% if newer %}<a href="/page/2/">Newer</a>{% endif %}
  <span>Page 3</span>
  {# the link to older pages #}
  <a href="/page/4/">Older</a>
    <p>Two
       lines</p>
</nav>
"""


def environment(loader: jinja2.BaseLoader) -> jinja2.Environment:
    """As pelicanconf.py sets Jinja up."""
    return jinja2.Environment(loader=loader, trim_blocks=True, lstrip_blocks=True, autoescape=True)


def test_a_page_loses_the_indentation_but_keeps_each_space_between_what_it_separates():
    templates = jinja2.DictLoader({"nav.html": TEMPLATE})
    indented = environment(templates).get_template("nav.html").render(newer=True)
    page = environment(UnindentedLoader(templates)).get_template("nav.html").render(newer=True)
    assert page == ('<nav>\n<a href="/page/2/">Newer</a> <span>Page 3</span>\n <a href="/page/4/">Older</a>\n'
                    "<p>Two\nlines</p>\n</nav>")
    assert len(page) < len(indented)
    assert re.sub(r"\s+", " ", page) == re.sub(r"\s+", " ", indented)  # the same text, the same words apart


def test_a_line_after_a_block_tag_keeps_one_space_and_other_lines_none():
    assert unindented("  a\n  {% if x %}\n\t<b>\n  c {{ y }}\n  d") == "a\n{% if x %}\n <b>\nc {{ y }}\nd"


def test_the_theme_has_no_element_whose_leading_spaces_show():
    for template in (ROOT / "theme" / "templates").iterdir():
        assert not re.search(r"<(pre|textarea)\b", template.read_text(encoding="utf-8")), template.name


def test_install_wraps_each_of_pelicans_loaders_and_leaves_it_the_list():
    """Pelican puts a template page's own file first in the ChoiceLoader's list (TEMPLATE_PAGES)."""
    theme = jinja2.DictLoader({"a.html": "  <i>a</i>"})
    generator = SimpleNamespace(env=environment(jinja2.ChoiceLoader([theme])))
    install(generator)
    generator.env.loader.loaders.insert(0, jinja2.DictLoader({"b.html": "  <b>b</b>"}))
    assert generator.env.get_template("a.html").render() == "<i>a</i>"
    assert generator.env.get_template("b.html").render() == "  <b>b</b>"  # Pelican's own, as it is
