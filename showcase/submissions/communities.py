"""An event's community teams: adding one by hand and importing many from a CSV file (all or nothing)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..database import unit_of_work
from ..events.contacts import normalize_email, normalize_phone
from ..events.models import Community, Event
from ..extensions import db
from .refusals import InvalidTeams

MAX_CSV_BYTES = 2 * 1024 * 1024
MAX_TEAMS_PER_IMPORT = 2000
#: accepted header spellings (lower-cased, spaces removed) for each column, English and Korean
COLUMNS = {
    "name": ("name", "team", "teamname", "community", "팀명", "팀이름", "공동체", "공동체명", "이름"),
    "district": ("district", "gu", "구", "구군", "지역", "자치구"),
    "leader_name": ("leader", "leadername", "leader_name", "리더", "대표", "대표자", "리더이름", "대표자명"),
    "leader_phone": ("phone", "leaderphone", "leader_phone", "mobile", "전화", "연락처", "휴대폰", "전화번호"),
    "leader_email": ("email", "leaderemail", "leader_email", "e-mail", "이메일"),
    "households": ("households", "가구", "가구수", "참여가구", "참여가구수"),
}
REQUIRED_COLUMNS = ("name",)


@dataclass
class TeamDetails:
    """A team as an organizer enters it."""

    name: str
    district: str = ""
    leader_name: str = ""
    leader_phone: str = ""
    leader_email: str = ""
    households: int | str = 0


def _clean(details: TeamDetails) -> tuple[dict, dict[str, str]]:
    """Normalised values and per-field problems (messages in the reader's language)."""
    problems: dict[str, str] = {}
    name = " ".join((details.name or "").split())
    if not name:
        problems["name"] = _("Enter the team's name.")
    elif len(name) > 120:
        problems["name"] = _("The team name is longer than %(max)d characters.", max=120)
    district = (details.district or "").strip()
    if len(district) > 60:
        problems["district"] = _("The district is longer than %(max)d characters.", max=60)
    leader = (details.leader_name or "").strip()
    if len(leader) > 100:
        problems["leader_name"] = _("The leader's name is longer than %(max)d characters.", max=100)
    try:
        phone = normalize_phone(details.leader_phone or "")
    except ValueError:
        phone = ""
        problems["leader_phone"] = _("“%(value)s” is not a mobile phone number.", value=details.leader_phone)
    try:
        email = normalize_email(details.leader_email or "")
    except ValueError:
        email = ""
        problems["leader_email"] = _("“%(value)s” is not an email address.", value=details.leader_email)
    raw = str(details.households).strip() if details.households is not None else ""
    households = 0
    if raw:
        try:
            households = int(raw)
        except ValueError:
            problems["households"] = _("The number of households must be a whole number, not “%(value)s”.", value=raw)
        else:
            if not 0 <= households <= 10000:
                problems["households"] = _("The number of households must be from 0 to 10000.")
    values = dict(name=name, district=district, leader_name=leader, leader_phone=phone,
                  leader_email=email, households=households)
    return values, problems


def _existing_names(event: Event) -> set[str]:
    return set(db.session.scalars(select(Community.name).where(Community.event_id == event.id)))


def add_team(event: Event, details: TeamDetails) -> Community:
    """Add one team to ``event``; InvalidTeams (with per-field messages) when it does not pass."""
    values, problems = _clean(details)
    with unit_of_work():  # the name is checked under the write lock it is added with
        if "name" not in problems and values["name"] in _existing_names(event):
            problems["name"] = _("A team with this name already exists for this event.")
        if problems:
            raise InvalidTeams(_l("Please correct the marked fields."), fields=problems)
        team = Community(event_id=event.id, **values)
        db.session.add(team)
    return team


def update_team(team: Community, details: TeamDetails) -> Community:
    """Change a team's details; InvalidTeams when they do not pass."""
    values, problems = _clean(details)
    with unit_of_work():
        if "name" not in problems and values["name"] != team.name and values["name"] in _existing_names(team.event):
            problems["name"] = _("A team with this name already exists for this event.")
        if problems:
            raise InvalidTeams(_l("Please correct the marked fields."), fields=problems)
        for key, value in values.items():
            setattr(team, key, value)
    return team


def _decode(data: bytes) -> str:
    if not data.strip():
        raise InvalidTeams(_l("The file is empty."))
    if len(data) > MAX_CSV_BYTES:
        raise InvalidTeams(_l("The file is larger than 2 MB; is it the right file?"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidTeams(_l("The file is not UTF-8 text. In Excel choose “Save as” → “CSV UTF-8 (comma delimited)”.")) from None


def _header_map(header: list[str]) -> dict[str, int]:
    mapping: dict[str, int] = {}
    for index, title in enumerate(header):
        key = "".join(title.split()).lower()
        for column, spellings in COLUMNS.items():
            if key in spellings and column not in mapping:
                mapping[column] = index
    return mapping


def parse_teams_csv(data: bytes) -> list[TeamDetails]:
    """The teams in a CSV file (header row first); InvalidTeams listing every problem row."""
    text = _decode(data)
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise InvalidTeams(_l("The file is not a readable CSV file (%(problem)s).", problem=str(exc))) from None
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise InvalidTeams(_l("The file is empty."))
    mapping = _header_map(rows[0])
    if "name" not in mapping:
        raise InvalidTeams(_l("The first row must name the columns; a “name” (팀명) column is required. Columns: name, district, leader, phone, email, households."))
    if len(rows) - 1 > MAX_TEAMS_PER_IMPORT:
        raise InvalidTeams(_l("At most %(max)d teams can be imported at once.", max=MAX_TEAMS_PER_IMPORT))
    teams = []
    for row in rows[1:]:
        cell = {column: (row[index].strip() if index < len(row) else "") for column, index in mapping.items()}
        teams.append(TeamDetails(**cell))
    if not teams:
        raise InvalidTeams(_l("The file has a header row but no teams."))
    return teams


def import_teams(event: Event, data: bytes) -> list[Community]:
    """Add every team in the CSV ``data`` to ``event``, or none of them if any row has a problem."""
    details = parse_teams_csv(data)
    with unit_of_work():  # every team or none; the names are checked under the write lock they are added with
        return _import(event, details)


def _import(event: Event, details: list[TeamDetails]) -> list[Community]:
    existing = _existing_names(event)
    seen: dict[str, int] = {}
    problems: list[tuple[int, str]] = []
    cleaned = []
    for line, team in enumerate(details, start=2):
        values, field_problems = _clean(team)
        for message in field_problems.values():
            problems.append((line, message))
        name = values["name"]
        if name and name in existing:
            problems.append((line, _("“%(name)s” is already a team of this event.", name=name)))
        elif name and name in seen:
            problems.append((line, _("“%(name)s” also appears on line %(line)d.", name=name, line=seen[name])))
        seen.setdefault(name, line)
        cleaned.append(values)
    if problems:
        raise InvalidTeams(_l("Nothing was imported: %(count)d problem(s) to fix first.", count=len(problems)),
                           rows=problems)
    teams = [Community(event_id=event.id, **values) for values in cleaned]
    db.session.add_all(teams)
    return teams


def team_count(event: Event) -> int:
    """How many teams the event has."""
    return db.session.scalar(select(func.count(Community.id)).where(Community.event_id == event.id)) or 0


def find_team(event: Event, reference: str) -> Community | None:
    """A team of ``event`` by id (digits) or exact name."""
    reference = reference.strip()
    if reference.isdigit():
        team = db.session.get(Community, int(reference))
        if team is not None and team.event_id == event.id:
            return team
    return db.session.scalar(select(Community).where(Community.event_id == event.id,
                                                     Community.name == " ".join(reference.split())))
