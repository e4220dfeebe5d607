"""podsite's copies of Material's partials stay Material's partials plus one small, declared change each.

podsite overrides a few of Material's templates by copying them (src/podsite/site/templates/). A copy does not
follow Material: when Material changes its own partial, the copy silently keeps the old markup. So each copy is
declared here as a transformation of the installed Material's partial: its leading `{#- podsite: why -#}`
comment in place of Material's, and a few (Material's text, podsite's text) replacements, each found exactly
once. Applied to the installed partial, it must give podsite's file exactly: the test fails when Material
changes the partial and when the copy is edited beyond its declared change.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import material
import pytest
from lxml import html

from helpers import build_show, copy_show
from podsite.site.plugin import PACKAGE_DIR

MATERIAL = Path(material.__file__).parent / "templates"
TEMPLATES = PACKAGE_DIR / "templates"
# The theme folders the plugin adds (PodsitePlugin.on_config): no-repo-stats/ only while `repo_stats: false`.
NO_REPO_STATS = "no-repo-stats"
THEME_FOLDERS = (TEMPLATES / NO_REPO_STATS, TEMPLATES)
# podsite's layer over the theme (it extends base.html, as Material documents), not a copy of Material's.
OWN_LAYERS = {"main.html"}
# A template's leading comment: Material's says "automatically generated", podsite's says why it was copied.
LEADING_COMMENT = re.compile(r"\{#-.*?-#\}\n", re.S)
PODSITE_COMMENT = re.compile(r"\{#- podsite: .*?-#\}\n", re.S)


@dataclass(frozen=True)
class Change:
    replacements: tuple[tuple[str, str], ...]  # (Material's text, podsite's text), each found exactly once
    # sha256 of Material's partial (leading comment left out) when podsite copied it: tells a change in
    # Material apart from an edit of the copy.
    copied_from: str


# Every override, by its path under src/podsite/site/templates/.
CHANGES = {
    # The instant-navigation progress bar is decoration: hidden from assistive technology (axe).
    "partials/progress.html": Change(
        (('role="progressbar">', 'role="progressbar" aria-hidden="true">'),),
        copied_from="a82cac0c63322f30a18a91f4da279fe4bdf39c6c99ec3a04340394a571b13d5d"),
    # podsite's search box where Material's search would be (podsite/search.html), when the show has no
    # Material search plugin.
    "partials/header.html": Change(
        (('    {% if "material/search" in config.plugins %}\n',
          '    {% if podsite_search %}\n      {% include "podsite/search.html" %}\n'
          '    {% elif "material/search" in config.plugins %}\n'),),
        copied_from="e35f412e86f349a066830ba7ebc5adf071d58c33e06c67b06c1b3596ec3ecb6c"),
    # The search dialog gets an accessible name (axe: aria-dialog-name).
    "partials/search.html": Change(
        (('role="dialog">', """role="dialog" aria-label="{{ lang.t('search') }}">"""),),
        copied_from="7062715392f9c9fa5778ffd756398956233bbd72dd57f655a542f13ab0722794"),
    # The repository link without the `source` component, which fetches stars and forks from the
    # GitHub/GitLab API in every visitor's browser. Used unless the plugin's `repo_stats: true`.
    f"{NO_REPO_STATS}/partials/source.html": Change(
        ((' class="md-source" data-md-component="source">', ' class="md-source">'),),
        copied_from="decc8a8d1e248b7a24e84ae9c10bf2d3216b64befd0d201893a226c28c5f80d4"),
}


def template_name(path: Path) -> str:
    """The name a theme loader knows `path` by: relative to the innermost theme folder holding it."""
    folder = next(f for f in THEME_FOLDERS if path.is_relative_to(f))
    return path.relative_to(folder).as_posix()


def material_body(name: str) -> str:
    """The installed Material's template `name`, without its leading "automatically generated" comment."""
    text = (MATERIAL / name).read_text(encoding="utf-8")
    match = LEADING_COMMENT.match(text)
    return text[match.end():] if match else text


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_every_override_is_declared():
    overrides = set()
    for path in TEMPLATES.rglob("*"):
        name = template_name(path)
        if path.is_file() and (name.startswith("partials/") or (MATERIAL / name).is_file()) and name not in OWN_LAYERS:
            overrides.add(path.relative_to(TEMPLATES).as_posix())
    undeclared, gone = sorted(overrides - set(CHANGES)), sorted(set(CHANGES) - overrides)
    assert not undeclared, (f"{undeclared} in {TEMPLATES}: partials, or Material's templates overridden, without a "
                            f"declared change; declare each in CHANGES in tests/{Path(__file__).name}")
    assert not gone, f"CHANGES in tests/{Path(__file__).name} declares {gone}, which are not in {TEMPLATES}"
    # no-repo-stats/ is for the repository link alone: anything else there would depend on `repo_stats`.
    assert [p.name for p in (TEMPLATES / NO_REPO_STATS).rglob("*") if p.is_file()] == ["source.html"]


@pytest.mark.parametrize("path", sorted(CHANGES))
def test_copy_is_materials_partial_plus_its_declared_change(path: str):
    copy, change = TEMPLATES / path, CHANGES[path]
    name = template_name(copy)
    mine = copy.read_text(encoding="utf-8")
    comment = PODSITE_COMMENT.match(mine)
    assert comment, f"{copy} must start with a {{#- podsite: ... -#}} comment saying why it differs from Material's"

    theirs = material_body(name)
    if fingerprint(theirs) != change.copied_from:
        problem = (f"Material's {name} changed since podsite copied it (mkdocs-material {version('mkdocs-material')}, "
                   f"{MATERIAL / name}); re-copy it and re-apply podsite's change, then set CHANGES[{path!r}]"
                   f".copied_from to {fingerprint(theirs)!r} in tests/{Path(__file__).name}")
    else:
        problem = (f"{copy} differs from Material's {name} beyond its declared change; undo the edit, or declare "
                   f"it in CHANGES[{path!r}] in tests/{Path(__file__).name}")
    expected = theirs
    for old, new in change.replacements:
        if (found := expected.count(old)) != 1:
            pytest.fail(f"{problem}: podsite's change replaces {old!r}, found {found} times in Material's {name}")
        expected = expected.replace(old, new)
    expected = comment.group() + expected
    diff = "".join(difflib.unified_diff(expected.splitlines(keepends=True), mine.splitlines(keepends=True),
                                        f"Material's {name} with podsite's declared change", str(copy)))
    if mine != expected:
        pytest.fail(f"{problem}:\n{diff}")
    assert fingerprint(theirs) == change.copied_from, problem  # re-copied, but copied_from was left as it was


# -- the repository link: Material's stars and forks only when the show asks for them ------------------------------

REPO_URL = "https://github.com/example/minimal-show"


@pytest.mark.parametrize("option", [None, "true"], ids=["default", "repo_stats true"])
def test_repository_link_asks_for_stars_only_with_repo_stats(option: str | None, tmp_path: Path):
    repo = copy_show("minimal", tmp_path)
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("site_name: Minimal Show\n",
                                                      f"site_name: Minimal Show\nrepo_url: {REPO_URL}\n")
    if option:
        text = text.replace("  - podsite\n", f"  - podsite:\n      repo_stats: {option}\n")
    config.write_text(text, encoding="utf-8")
    root = html.parse(str(build_show(repo) / "index.html")).getroot()

    links = root.xpath("//a[contains(concat(' ', @class, ' '), ' md-source ')]")
    assert links and {a.get("href") for a in links} == {REPO_URL}
    # Material's script fetches the counts from api.github.com for every `source` component on the page.
    components = root.xpath("//*[@data-md-component='source']")
    assert [c.get("href") for c in components] == ([REPO_URL] * len(links) if option else [])
    # The other overrides stay on either way.
    assert root.xpath("//div[@role='search']/@aria-label") == ["Search"]
