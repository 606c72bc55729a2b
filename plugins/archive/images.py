"""Images hosted elsewhere become links, so reading a page never contacts another host.

Scraped articles point at images on the publisher's servers. Embedding them would make every
reader's browser call those hosts (tracking, broken hotlinks, mixed content). The Markdown
keeps the image; the site decides how to show it: REMOTE_IMAGES = "link" (default) or "embed".
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from .ui import strings_for


def link_remote_images(content) -> None:
    """content_object_init: rewrite the content's remote <img> before anything renders it."""
    html = getattr(content, "_content", None)
    if not html or "<img" not in html or content.settings.get("REMOTE_IMAGES", "link") == "embed":
        return
    soup = BeautifulSoup(html, "html.parser")
    label = _image_label(content)
    changed = False
    for image in soup.find_all("img"):
        src = image.get("src", "")
        if not urlsplit(src).netloc:
            continue  # the site's own image
        link = soup.new_tag("a", href=src, attrs={"class": "remote-image", "rel": "nofollow noopener"})
        alt = image.get("alt", "").strip()
        link.string = f"{label}: {alt}" if alt else label
        image.replace_with(link)
        changed = True
    if changed:
        content._content = str(soup)


def _image_label(content) -> str:
    """"Image" in the article's own language: the link stands in the article's text."""
    path = Path(content.settings.get("UI_STRINGS", "theme/strings.toml")).resolve()
    return strings_for(path, getattr(content, "lang", "en"))["image"]
