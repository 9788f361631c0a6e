"""The OpenAPI 3 document of API v1, assembled from each domain's fragment.

``showcase/api/openapi.json`` holds the frame and the events/RSVP paths; any domain may add a
``showcase/<domain>/openapi.json`` with more ``paths`` and ``components.schemas``.
"""

from __future__ import annotations

import json
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


def openapi_document(server_url: str) -> dict:
    """The whole document, with ``server_url`` (BASE_URL + /api/v1) as its server."""
    document = json.loads((PACKAGE / "api" / "openapi.json").read_text(encoding="utf-8"))
    for fragment_path in sorted(PACKAGE.glob("*/openapi.json")):
        if fragment_path.parent.name == "api":
            continue
        fragment = json.loads(fragment_path.read_text(encoding="utf-8"))
        document.setdefault("paths", {}).update(fragment.get("paths", {}))
        for section, entries in fragment.get("components", {}).items():
            document.setdefault("components", {}).setdefault(section, {}).update(entries)
    document["servers"] = [{"url": server_url}]
    return document
