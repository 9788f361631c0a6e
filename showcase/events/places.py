"""Where an event is, written once: the venue, then only the part of the address the venue lacks."""

from __future__ import annotations


def _trim(parts: list[str], known: set[str]) -> list[str]:
    while parts and parts[0].casefold() in known:
        parts = parts[1:]
    while parts and parts[-1].casefold() in known:
        parts = parts[:-1]
    return parts


def address_beyond_venue(venue: str, address: str) -> str:
    """``address`` without the names it repeats from ``venue`` at its start or end.

    "Main Conference Room (2nd floor), Busan Metropolitan Council" and "Busan Metropolitan Council,
    1001 Jungang-daero, Yeonje-gu, Busan" give "1001 Jungang-daero, Yeonje-gu, Busan"; the Korean
    "부산광역시 연제구 중앙대로 1001 부산광역시의회" loses its last word after "부산광역시의회 2층 대회의실".
    """
    venue, address = (venue or "").strip(), (address or "").strip()
    if not venue or not address:
        return address
    if "," in address:  # "name, street, district": whole parts repeat
        return ", ".join(_trim([p.strip() for p in address.split(",")], {p.strip().casefold() for p in venue.split(",")}))
    return " ".join(_trim(address.split(), {w.strip(",").casefold() for w in venue.split()}))
