"""Each team's private upload link: unguessable, shown once, replaced or revoked by organizers."""

from __future__ import annotations

from sqlalchemy import select, update

from ..database import changed_rows, unit_of_work, utcnow
from ..events.models import Community
from ..extensions import db
from ..tokens import new_token, plausible_token, token_hash
from ..urls import absolute_url
from .models import TeamUploadLink


def issue_link(team: Community) -> str:
    """Revoke the team's current link and return a fresh absolute upload URL (shown once)."""
    token = new_token()
    with unit_of_work():
        now = utcnow()
        db.session.execute(update(TeamUploadLink).where(
            TeamUploadLink.community_id == team.id, TeamUploadLink.revoked_at.is_(None)).values(revoked_at=now))
        db.session.add(TeamUploadLink(community_id=team.id, token_hash=token_hash(token), created_at=now))
    return team_url(token)


def team_url(token: str) -> str:
    """The absolute URL of the team page for ``token``."""
    return absolute_url("submissions.team_page", token=token)


def revoke_link(team: Community) -> bool:
    """Stop the team's current link from working; whether there was one."""
    with unit_of_work():
        result = db.session.execute(update(TeamUploadLink).where(
            TeamUploadLink.community_id == team.id, TeamUploadLink.revoked_at.is_(None)).values(revoked_at=utcnow()))
    return bool(changed_rows(result))


def active_link(team_id: int) -> TeamUploadLink | None:
    """The team's working link record, if any (its token cannot be shown again)."""
    return db.session.scalar(select(TeamUploadLink).where(
        TeamUploadLink.community_id == team_id, TeamUploadLink.revoked_at.is_(None)))


def active_link_team_ids(team_ids: list[int]) -> set[int]:
    """Which of ``team_ids`` have a working link."""
    if not team_ids:
        return set()
    return set(db.session.scalars(select(TeamUploadLink.community_id).where(
        TeamUploadLink.community_id.in_(team_ids), TeamUploadLink.revoked_at.is_(None))))


def team_for_token(token: str) -> Community | None:
    """The team whose working link carries ``token``, or None."""
    if not plausible_token(token):
        return None
    link = db.session.scalar(select(TeamUploadLink).where(
        TeamUploadLink.token_hash == token_hash(token), TeamUploadLink.revoked_at.is_(None)))
    return link.community if link else None
