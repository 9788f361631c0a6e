"""Keep every domain's message catalogs (Korean and English) in step with its code.

Each domain owns its catalogs: showcase/<domain>/translations/{ko,en}/LC_MESSAGES/messages.po
hold the strings of showcase/<domain>/ and templates/<domain>/; showcase/translations/ holds the
shared ones (showcase/*.py, templates/*.html, templates/errors/). Flask-Babel merges them all.
This is developer tooling: the app never imports it (tests/test_translations.py does).

    python scripts/catalogs.py update   # extract, add new strings, drop gone ones; English filled in
    python scripts/catalogs.py check    # list Korean strings still untranslated (exit 1 if any)
"""


from __future__ import annotations

import sys
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

LOCALES = ("ko", "en")
METHODS = [("**.py", "python"), ("**.html", "jinja2"), ("**.txt", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None,
            "lazy_ngettext": (1, 2), "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3)}
OPTIONS = {"**.html": {"extensions": "jinja2.ext.do,jinja2.ext.loopcontrols"},
           "**.txt": {"extensions": "jinja2.ext.do,jinja2.ext.loopcontrols"}}


@dataclass
class DomainSources:
    """Where a domain's strings come from and where its catalogs live."""

    code_dirs: list[Path]
    catalog_dir: Path


def domain_sources(root: Path) -> dict[str, DomainSources]:
    """Every domain with translations, plus the shared "core" catalog."""
    package = root / "showcase"
    domains = {"core": DomainSources([], package / "translations")}
    for child in sorted(package.iterdir()):
        if child.is_dir() and (child / "__init__.py").exists() and child.name not in ("migrations", "translations"):
            code = [child]
            if (root / "templates" / child.name).is_dir():
                code.append(root / "templates" / child.name)
            domains[child.name] = DomainSources(code, child / "translations")
    return domains


def _core_messages(root: Path):
    """Strings in showcase/*.py, templates/*.html and templates/errors/ (shared by all domains)."""
    for path in sorted((root / "showcase").glob("*.py")):
        yield from _extract_file(path, "python", root)
    for path in sorted((root / "templates").glob("*.html")) + sorted((root / "templates" / "errors").glob("*.html")):
        yield from _extract_file(path, "jinja2", root)


def _extract_file(path: Path, method: str, root: Path):
    from babel.messages.extract import extract

    with open(path, "rb") as handle:
        options = OPTIONS["**.html"] if method == "jinja2" else {}
        for lineno, message, comments, context in extract(method, handle, KEYWORDS, options=options):
            yield str(path.relative_to(root)), lineno, message, comments, context


def extract_template(root: Path, sources: DomainSources) -> Catalog:
    """The catalog template (all msgids) for one domain."""
    template = Catalog(project="showcase", fuzzy=False)
    if not sources.code_dirs:
        messages = _core_messages(root)
    else:
        messages = (
            (str((directory / filename).relative_to(root)), lineno, message, comments, context)
            for directory in sources.code_dirs
            for filename, lineno, message, comments, context in extract_from_dir(
                str(directory), METHODS, options_map=OPTIONS, keywords=KEYWORDS))
    for filename, lineno, message, comments, context in messages:
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def _po_path(catalog_dir: Path, locale: str) -> Path:
    return catalog_dir / locale / "LC_MESSAGES" / "messages.po"


def _read(path: Path, locale: str) -> Catalog:
    if path.exists():
        with open(path, "rb") as handle:
            return read_po(handle, locale=locale)
    return Catalog(locale=locale, project="showcase", fuzzy=False)


def update_catalogs(catalog_dir: Path, template: Catalog) -> None:
    """Bring the ko and en catalogs in line with ``template``; English msgstr defaults to the msgid."""
    if not len(template) and not catalog_dir.exists():
        return
    for locale in LOCALES:
        path = _po_path(catalog_dir, locale)
        catalog = _read(path, locale)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        if locale == "en":
            for message in catalog:
                if message.id and not message.string or (isinstance(message.string, tuple) and not any(message.string)):
                    message.string = message.id
        path.parent.mkdir(parents=True, exist_ok=True)
        buffer = BytesIO()
        write_po(buffer, catalog, width=100, omit_header=False, sort_output=True)
        path.write_bytes(buffer.getvalue())


def missing_translations(catalog_dir: Path, template: Catalog) -> dict[str, list[str]]:
    """Per locale, the msgids of ``template`` with no (or a fuzzy) translation."""
    missing: dict[str, list[str]] = {}
    for locale in LOCALES:
        catalog = _read(_po_path(catalog_dir, locale), locale)
        gaps = []
        for message in template:
            if not message.id:
                continue
            found = catalog.get(message.id, context=message.context)
            strings = found.string if found else None
            if isinstance(strings, tuple):
                ok = all(strings)
            else:
                ok = bool(strings)
            if not found or not ok or found.fuzzy:
                gaps.append(message.id if isinstance(message.id, str) else message.id[0])
        if gaps:
            missing[locale] = gaps
    return missing

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    problems = 0
    for domain, sources in domain_sources(ROOT).items():
        template = extract_template(ROOT, sources)
        if command == "update":
            update_catalogs(sources.catalog_dir, template)
        for locale, msgids in missing_translations(sources.catalog_dir, template).items():
            for msgid in msgids:
                problems += 1
                print(f"{domain}/{locale}: untranslated: {msgid!r}")
    print(f"{problems} untranslated string(s)")
    return 1 if problems and command == "check" else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
