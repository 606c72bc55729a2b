"""Images on other hosts become links; the site's own images stay images."""

from __future__ import annotations

from types import SimpleNamespace

from archive.images import link_remote_images

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
