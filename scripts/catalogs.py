"""Keep every domain's message catalogs (Korean and English) in step with its code.

Each domain owns its catalogs: showcase/<domain>/translations/{ko,en}/LC_MESSAGES/messages.po
hold the strings of showcase/<domain>/ and templates/<domain>/; showcase/translations/ holds the
shared ones (showcase/*.py, templates/*.html, templates/errors/). Flask-Babel merges them all.

    python scripts/catalogs.py update   # extract, add new strings, drop gone ones; English filled in
    python scripts/catalogs.py check    # list Korean strings still untranslated (exit 1 if any)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from showcase.catalogs import (  # noqa: E402
    domain_sources,
    extract_template,
    missing_translations,
    update_catalogs,
)


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
