"""`{% fragment key %}`: a body is rendered once per key and build, and reused on every page."""

from __future__ import annotations

from types import SimpleNamespace

import jinja2
from archive.fragments import FragmentCache, install

TEMPLATE = (
    "{% for name in names %}{% fragment ('greeting', name) %}"
    "<b>{{ greet(name) }}</b>{% endfragment %}{% endfor %}"
)


def environment() -> tuple[jinja2.Environment, list[str]]:
    env = jinja2.Environment(autoescape=True, extensions=[FragmentCache])
    rendered: list[str] = []
    env.globals["greet"] = lambda name: rendered.append(name) or f"Hello, {name}"
    return env, rendered


def test_a_key_seen_before_reuses_the_markup_rendered_for_it():
    env, rendered = environment()
    page = env.from_string(TEMPLATE)
    first = page.render(names=["<Ann>", "Bob", "<Ann>"])
    second = page.render(names=["Bob"])
    assert first == "<b>Hello, &lt;Ann&gt;</b><b>Hello, Bob</b><b>Hello, &lt;Ann&gt;</b>"
    assert second == "<b>Hello, Bob</b>"
    assert rendered == ["<Ann>", "Bob"]  # each key once, across templates' renders


def test_a_fragment_reused_in_a_macro_is_still_escaped_markup_around_it():
    """The kept markup is Markup: a page that prints it is not escaped twice."""
    env, _ = environment()
    page = env.from_string(
        "{% macro item(name) %}{% fragment name %}<i>{{ name }}</i>{% endfragment %}{% endmacro %}"
        "{{ item('a&b') }}|{{ item('a&b') }}")
    assert page.render() == "<i>a&amp;b</i>|<i>a&amp;b</i>"


def test_each_environment_keeps_its_own_fragments():
    """Pelican makes one environment per generator and build: a new build renders afresh."""
    first, rendered_first = environment()
    second, rendered_second = environment()
    first.from_string(TEMPLATE).render(names=["Ann"])
    assert second.from_string(TEMPLATE).render(names=["Ann"]) == "<b>Hello, Ann</b>"
    assert rendered_first == rendered_second == ["Ann"]


def test_install_adds_the_tag_to_a_generator_s_environment():
    generator = SimpleNamespace(env=jinja2.Environment())
    install(generator)
    page = generator.env.from_string("{% fragment 1 %}x{% endfragment %}{% fragment 1 %}y{% endfragment %}")
    assert page.render() == "xx"
