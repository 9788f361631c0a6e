"""The OpenAPI 3 document of API v1, assembled from each domain's fragment.

``showcase/api/openapi.json`` holds the frame and the events/RSVP paths; a domain whose
``init_app`` calls ``contributions.add_openapi_fragment`` adds more ``paths`` and
``components.schemas`` (the door's are in ``showcase/checkin/openapi.json``).
"""

from __future__ import annotations

import json
from pathlib import Path

FRAME = Path(__file__).resolve().parent / "openapi.json"


def openapi_document(server_url: str, fragments: list[Path]) -> dict:
    """The whole document, with ``server_url`` (BASE_URL + /api/v1) as its server."""
    document = json.loads(FRAME.read_text(encoding="utf-8"))
    for fragment_path in fragments:
        fragment = json.loads(fragment_path.read_text(encoding="utf-8"))
        document.setdefault("paths", {}).update(fragment.get("paths", {}))
        for section, entries in fragment.get("components", {}).items():
            document.setdefault("components", {}).setdefault(section, {}).update(entries)
    _document_bad_input(document)
    document["servers"] = [{"url": server_url}]
    return document


#: the 400 any operation may answer: the input edges (showcase.input_edges) refuse it before the view
BAD_INPUT = {"description": "Unusable input: a control character or lone surrogate in a string, an integer "
                            "beyond 2147483647, or a body that is not a JSON object",
             "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
METHODS = ("get", "put", "post", "patch", "delete")


def _document_bad_input(document: dict) -> None:
    """Give every operation its 400, so no refusal goes undocumented."""
    for item in document.get("paths", {}).values():
        for method, operation in item.items():
            if method in METHODS:
                operation.setdefault("responses", {}).setdefault("400", BAD_INPUT)
