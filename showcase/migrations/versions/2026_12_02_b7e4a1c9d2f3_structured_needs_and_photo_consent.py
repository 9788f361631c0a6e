"""Structured needs per event and household, and who gave the photo consent for whom and when

An organizer turns needs on per event (events.offered_needs); a household answers them in
rsvps.need_* columns, a child's allergy note and the children's ages, beside the free text kept
in accessibility_needs. The photo consent records the guardian, whom it covers and when.

Revision ID: b7e4a1c9d2f3
Revises: e16a0f5c7d21
Create Date: 2026-12-02 02:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

import showcase.database


# revision identifiers, used by Alembic.
revision = 'b7e4a1c9d2f3'
down_revision = 'e16a0f5c7d21'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('offered_needs', sa.String(length=200), nullable=False, server_default=''))
    with op.batch_alter_table('rsvps', schema=None) as batch_op:
        for name in ('need_wheelchair', 'need_stroller', 'need_nursing_room', 'need_sign_language'):
            batch_op.add_column(sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('allergy_note', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('children_ages', sa.String(length=60), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('photo_consent_by', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('photo_consent_for', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('photo_consent_at', showcase.database.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('rsvps', schema=None) as batch_op:
        for name in ('photo_consent_at', 'photo_consent_for', 'photo_consent_by', 'children_ages',
                     'allergy_note', 'need_sign_language', 'need_nursing_room', 'need_stroller',
                     'need_wheelchair'):
            batch_op.drop_column(name)
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('offered_needs')
