"""Images on other hosts become links; the site's own images stay images."""

from __future__ import annotations

import copy
from types import SimpleNamespace

import pytest
from archive.images import link_remote_images
from bs4 import BeautifulSoup
from pelican.contents import Static
from pelican.settings import DEFAULT_CONFIG

from tests.conftest import ROOT

SETTINGS = {"UI_STRINGS": str(ROOT / "theme" / "strings.toml")}

BODY = (
    '<p>Chart:</p><p><img alt="Hashprice chart" src="https://img.bgstatic.com/chart.png"></p>'
    '<p><img alt="Logo" src="/images/logo.png"></p>'
)


def test_remote_images_become_links_to_the_image():
    content = SimpleNamespace(_content=BODY, settings=SETTINGS, lang="en")
    link_remote_images(content)
    assert "img.bgstatic.com" in content._content
    assert '<img alt="Hashprice chart"' not in content._content
    assert 'href="https://img.bgstatic.com/chart.png"' in content._content
    assert ">Image: Hashprice chart</a>" in content._content
    assert '<img alt="Logo" src="/images/logo.png"/>' in content._content


def test_the_link_says_image_in_the_articles_language():
    content = SimpleNamespace(_content=BODY, settings=SETTINGS, lang="ja")
    link_remote_images(content)
    assert ">画像: Hashprice chart</a>" in content._content


def test_embedding_remote_images_is_a_setting():
    content = SimpleNamespace(_content=BODY, settings={**SETTINGS, "REMOTE_IMAGES": "embed"}, lang="en")
    link_remote_images(content)
    assert content._content == BODY


@pytest.mark.filterwarnings("error")  # bs4 guessing a parser: the output would depend on what is installed
def test_the_link_is_marked_as_a_remote_image_and_not_followed():
    content = SimpleNamespace(_content=BODY, settings=SETTINGS, lang="en")
    link_remote_images(content)
    assert content._content.startswith(
        '<p>Chart:</p><p><a class="remote-image" href="https://img.bgstatic.com/chart.png" '
        'rel="nofollow noopener">Image: Hashprice chart</a></p>'
    )


def test_an_image_without_a_description_is_linked_as_image():
    content = SimpleNamespace(
        _content='<p><img src="https://img.bgstatic.com/a.png"><img alt=" " src="https://img.bgstatic.com/b.png"></p>',
        settings=SETTINGS, lang="en",
    )
    link_remote_images(content)
    links = BeautifulSoup(content._content, "html.parser").find_all("a")
    assert [link.string for link in links] == ["Image", "Image"]


def test_an_article_with_only_its_own_images_is_left_byte_for_byte():
    html = '<p><img alt="Logo" src="/images/logo.png"><br><img alt="No source"></p>'
    content = SimpleNamespace(_content=html, settings=SETTINGS, lang="en")
    link_remote_images(content)
    assert content._content == html


def test_a_file_copied_as_it_is_has_no_html_to_rewrite():
    """Static files pass content_object_init too, with no content."""
    image = Static(None, {"title": "chart.png"}, settings={**copy.deepcopy(DEFAULT_CONFIG), **SETTINGS},
                   source_path="/site/content/images/chart.png")
    link_remote_images(image)
    assert image._content is None


def test_without_settings_the_link_is_labelled_from_the_theme_strings_in_english(monkeypatch):
    monkeypatch.chdir(ROOT)  # pelican runs in the project folder (make html)
    content = SimpleNamespace(_content=BODY, settings={})  # no `lang`: DEFAULT_LANG was not set either
    link_remote_images(content)
    assert ">Image: Hashprice chart</a>" in content._content


def test_the_label_comes_from_the_sites_strings_file(tmp_path):
    strings = tmp_path / "strings.toml"
    strings.write_text('[en]\nimage = "Picture"\n', encoding="utf-8")
    content = SimpleNamespace(_content=BODY, settings={"UI_STRINGS": str(strings)}, lang="en")
    link_remote_images(content)
    assert ">Picture: Hashprice chart</a>" in content._content
