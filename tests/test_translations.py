"""Both catalogs of every domain are complete: no string a person reads is left in one language."""

from pathlib import Path

import pytest

from scripts.catalogs import domain_sources, extract_template, missing_translations

ROOT = Path(__file__).resolve().parent.parent
DOMAINS = domain_sources(ROOT)


@pytest.mark.parametrize("domain", sorted(DOMAINS))
def test_every_string_is_translated(domain):
    sources = DOMAINS[domain]
    template = extract_template(ROOT, sources)
    assert missing_translations(sources.catalog_dir, template) == {}, (
        "run `python scripts/catalogs.py update` and fill in the Korean msgstr")


def test_a_string_shared_by_domains_reads_the_same_in_each():
    """Flask-Babel merges every domain's catalog, so one msgid must have one Korean text."""
    from babel.messages.pofile import read_po

    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for domain, sources in sorted(DOMAINS.items()):
        path = sources.catalog_dir / "ko" / "LC_MESSAGES" / "messages.po"
        if not path.exists():
            continue
        with open(path, "rb") as handle:
            for message in read_po(handle, locale="ko"):
                if not message.id:
                    continue
                key = message.id if isinstance(message.id, str) else message.id[0]
                text = message.string if isinstance(message.string, str) else message.string[0]
                if key in seen and seen[key][1] != text:
                    clashes.append(f"{key!r}: {seen[key][0]}={seen[key][1]!r} vs {domain}={text!r}")
                seen.setdefault(key, (domain, text))
    assert clashes == []
