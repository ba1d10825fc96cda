"""Sanitise a rendered document: only allow-listed elements, attributes, links and CSS survive.

Workspace templates are shared, so what they render is untrusted.  :func:`sanitize` runs once on
every render and every format is made from its result.  The body goes through nh3 (Ammonia) with
the elements and attributes jdgen's documents use; links keep ``http:``, ``https:``, ``mailto:``
and ``#anchors``, images ``data:image/…`` and workspace files (which the resource layer checks).
The head is rebuilt from the title, a few ``<meta>`` names and the stylesheets (never a script,
``<link>``, ``<base>`` or refresh).  CSS keeps nothing that fetches: ``@import`` is dropped and a
``url()`` other than ``data:`` becomes ``none``.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

import lxml.html
import nh3
import tinycss2
from tinycss2.ast import IdentToken

from jdgen.models import drop_control_characters

#: Schemes a link in a document may use; any other ``href`` is dropped.
LINK_SCHEMES = ("http", "https", "mailto")

TAGS = frozenset({
    "a", "abbr", "address", "article", "aside", "b", "blockquote", "br", "caption", "cite", "code",
    "col", "colgroup", "dd", "del", "dfn", "div", "dl", "dt", "em", "fieldset", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "input",
    "ins", "kbd", "label", "legend", "li", "main", "mark", "nav", "ol", "p", "pre", "q", "s", "samp",
    "section", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "textarea", "tfoot",
    "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
})
#: The form fields a document may hold (filled in on paper, in a PDF viewer, in Word or in a
#: browser, never sent anywhere): ``<input type>`` of these kinds and ``<textarea>``.  Nothing
#: that submits or fetches gets through: no ``<form>``, ``<button>``, ``formaction``, ``src``,
#: ``autofocus`` or ``form`` attribute, no other ``type`` (an input of another type is removed).
INPUT_TYPES = frozenset({"text", "radio", "checkbox"})
ATTRIBUTES = {
    "*": {"id", "class", "lang", "dir", "title", "style", "role"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "input": {"name", "value", "checked"},  # and "type", one of INPUT_TYPES (below)
    "textarea": {"name", "rows"},
    "label": {"for"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "time": {"datetime"},
}
#: Elements removed with their content, not just their tags.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "svg", "math",
                                  "title", "select"})
#: ``<meta name>`` values kept in the head; ``charset`` is kept as ``utf-8``, the files' encoding.
META_NAMES = frozenset({"viewport", "author", "generator", "description"})

#: Text that can start CSS which fetches (``\\`` for escapes); CSS without any is kept unparsed.
MAY_FETCH = ("url(", "src(", "image", "@import", "expression", "\\")
#: CSS functions whose strings are URLs, and functions that run code (old Internet Explorer).
URL_FUNCTIONS = frozenset({"url", "src", "image", "image-set", "-webkit-image-set", "cross-fade",
                           "-webkit-cross-fade"})
CODE_FUNCTIONS = frozenset({"expression"})


def is_safe_link(href: str) -> bool:
    """True for web, mail and in-document links; false for ``file:``, ``javascript:`` and the rest."""
    href = href.strip()
    scheme = urlsplit(href).scheme.lower()
    return scheme in LINK_SCHEMES or (not scheme and href.startswith("#"))


def is_safe_image(src: str) -> bool:
    """True for ``data:image/…``, ``file:`` and relative paths (the workspace check comes later)."""
    src = src.strip()
    parts = urlsplit(src)
    scheme = parts.scheme.lower()
    if scheme == "data":
        return src[5:].lstrip().lower().startswith("image/")
    return scheme == "file" or (not scheme and not parts.netloc and bool(src))


def _attribute(tag: str, name: str, value: str) -> str | None:
    """nh3's last word on an allowed attribute: the URL and CSS policies."""
    if name == "href":
        return value if is_safe_link(value) else None
    if name == "src":
        return value if is_safe_image(value) else None
    if name == "style":
        return inert_css(value) or None
    if name == "rows":  # a textarea's height in lines, and no more than a page holds
        return value.strip() if value.strip().isdigit() and 1 <= int(value) <= 40 else None
    return value


CLEANER = nh3.Cleaner(
    tags=set(TAGS), clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    tag_attribute_values={"input": {"type": set(INPUT_TYPES)}}, generic_attribute_prefixes={"aria-"},
    attribute_filter=_attribute, url_schemes={*LINK_SCHEMES, "data", "file"}, link_rel=None,
)


def sanitize(markup: str) -> str:
    """``markup`` (a whole HTML document) with everything outside the allow-lists removed."""
    markup = drop_control_characters(markup)  # template text too: no format can hold them
    # UTF-8 bytes, whatever an <?xml encoding?> or <meta charset> in the markup says
    parser = lxml.html.HTMLParser(encoding="utf-8")
    root = (lxml.html.document_fromstring(markup.encode("utf-8"), parser=parser) if markup.strip()
            else lxml.html.Element("html"))
    head, body = root.find("head"), root.find("body")
    styles = list(root.iter("style"))
    parts = ["<!DOCTYPE html>\n", f"<html{_attributes(root, ('lang', 'dir'))}>\n", "<head>\n"]
    if head is not None:
        parts += _head(head)
    parts += [_style(style) for style in styles if style.getparent() is not head]
    parts.append("</head>\n")
    if body is not None:
        for style in styles:
            if style.getparent() is not head:
                style.drop_tree()
        for element in [e for e in body.iter("img", "input") if not _usable(e)]:
            element.drop_tree()
        inner = html.escape(body.text or "", quote=False) + "".join(
            lxml.html.tostring(child, encoding="unicode") for child in body)
        parts += [f"<body{_attributes(body, ('class', 'id', 'lang', 'dir'))}>",
                  CLEANER.clean(inner), "</body>\n"]
    parts.append("</html>\n")
    return "".join(parts)


def _usable(element) -> bool:
    """An image with a safe source (without one the PDF and DOCX stop), a field of a kind in
    :data:`INPUT_TYPES` (its ``type`` made lower case, the form nh3 checks)."""
    if element.tag == "img":
        return is_safe_image(element.get("src") or "")
    kind = (element.get("type") or "").strip().lower()
    if kind not in INPUT_TYPES:
        return False
    element.set("type", kind)
    return True


def _attributes(element, names: tuple[str, ...]) -> str:
    return "".join(f' {name}="{html.escape(element.get(name), quote=True)}"'
                   for name in names if element.get(name) is not None)


def _head(head) -> list[str]:
    """The allowed head elements, in their order, one a line."""
    parts: list[str] = []
    for child in head:
        if child.tag == "title":
            parts.append(f"<title>{html.escape(child.text_content(), quote=False)}</title>\n")
        elif child.tag == "meta" and child.get("charset") is not None:
            parts.append('<meta charset="utf-8">\n')
        elif child.tag == "meta" and (name := (child.get("name") or "").strip().lower()) in META_NAMES:
            content = html.escape(child.get("content") or "", quote=True)
            parts.append(f'<meta name="{name}" content="{content}">\n')
        elif child.tag == "style":
            parts.append(_style(child))
    return parts


def _style(element) -> str:
    css = inert_css(element.text or "").replace("</", "<\\/")  # the same CSS, no end tag inside
    return f"<style>{css}</style>\n"


def inert_css(css: str) -> str:
    """``css`` without what would fetch or run: ``@import`` rules go, such a ``url()`` is ``none``."""
    lowered = css.lower()
    if not any(text in lowered for text in MAY_FETCH):
        return css
    return tinycss2.serialize(_inert(tinycss2.parse_component_value_list(css, skip_comments=False)))


def _inert(tokens: list) -> list:
    kept = []
    skipping = False  # inside an @import rule, up to its ";" or its block
    for token in tokens:
        if skipping:
            skipping = not (token.type == "{} block" or (token.type == "literal" and token.value == ";"))
        elif token.type == "at-keyword" and token.lower_value == "import":
            skipping = True
        elif _fetches(token):
            kept.append(IdentToken(token.source_line, token.source_column, "none"))
        else:
            if token.type == "function":
                token.arguments = _inert(token.arguments)
            elif token.type.endswith(" block"):
                token.content = _inert(token.content)
            kept.append(token)
    return kept


def _fetches(token) -> bool:
    """A ``url()`` other than ``data:``, or a function that takes URLs or runs code."""
    if token.type == "url":
        return not _is_data(token.value)
    if token.type != "function":
        return False
    if token.lower_name in CODE_FUNCTIONS:
        return True
    return token.lower_name in URL_FUNCTIONS and any(map(_unsafe_argument, token.arguments))


def _unsafe_argument(token) -> bool:
    """A URL other than ``data:``, or what could make one (``var()``, ``attr()``…) in a URL function."""
    if token.type in ("string", "url"):
        return not _is_data(token.value)
    if token.type == "function":
        return token.lower_name not in URL_FUNCTIONS or _fetches(token)
    return token.type.endswith(" block")


def _is_data(url: str) -> bool:
    return url.strip().lower().startswith("data:")
