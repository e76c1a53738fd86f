"""What every hook asks of a build, in one place: the site build for this configuration, the language being built,
and source errors turned into MkDocs' error. Not a hook itself (mkdocs.yml does not list it); hooks import it, as
MkDocs puts this folder on the import path while it loads them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from kijun.build import SiteBuild, site_for
from kijun.confirmation_render import CollectorSettingError, collector_address
from kijun.sourcefile import SourceValidationError


def site(config: MkDocsConfig) -> SiteBuild:
    """The site build of the repository this configuration belongs to (kept by the process, not by the hook)."""
    return site_for(config_file(config).parent)


def config_file(config: MkDocsConfig) -> Path:
    """The site's ``mkdocs.yml``."""
    return Path(config.config_file_path)


def write_beside(page: Page, name: str, content: str | bytes) -> None:
    """Write ``name`` into the folder of ``page``'s output (a download or a feed that belongs to that page)."""
    target = Path(page.file.abs_dest_path).parent / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8", newline="")


def collector(config: MkDocsConfig) -> str | None:
    """The collector pages send to (``extra.collector``, or ``KIJUN_COLLECTOR_URL``), or ``None``: then no page
    asks for a confirmation or a vote, and nothing is sent."""
    try:
        return collector_address(config.extra.get("collector"))
    except CollectorSettingError as exc:
        raise PluginError(str(exc)) from None


def search_gaps(config: MkDocsConfig) -> bool:
    """Whether searches that found nothing useful are reported (``extra.search_gaps``; needs a collector)."""
    value = (
        str(config.extra.get("search_gaps")).strip().lower()
    )  # a YAML boolean, or text from the environment
    return value in {"1", "true", "yes", "on"} and collector(config) is not None


def language(config: MkDocsConfig) -> str:
    """The language static-i18n is building now (every event fires once per language)."""
    return config.plugins["i18n"].current_language


@contextmanager
def reported(what: str = "") -> Iterator[None]:
    """Turn an author's source error into MkDocs' build error, naming file, line and field, without a traceback."""
    try:
        yield
    except SourceValidationError as exc:
        raise PluginError(f"{what}:\n{exc}" if what else str(exc)) from None
