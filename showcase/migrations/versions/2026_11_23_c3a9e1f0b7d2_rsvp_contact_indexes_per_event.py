"""RSVP contact look-ups indexed per event: (event_id, phone) and (event_id, email)

Every RSVP asks, under the seat lock, whether its phone or email already has an RSVP for the
event. With single-column indexes SQLite's planner chose the event index and read every
household of the event; the pairs answer it in one index probe on both databases.

Revision ID: c3a9e1f0b7d2
Revises: 11f27d42e737
Create Date: 2026-11-23 23:10:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c3a9e1f0b7d2'
down_revision = '11f27d42e737'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('rsvps', schema=None) as batch_op:
        batch_op.create_index('ix_rsvps_event_phone', ['event_id', 'phone'], unique=False)
        batch_op.create_index('ix_rsvps_event_email', ['event_id', 'email'], unique=False)
        batch_op.drop_index('ix_rsvps_phone')
        batch_op.drop_index('ix_rsvps_email')


def downgrade():
    with op.batch_alter_table('rsvps', schema=None) as batch_op:
        batch_op.create_index('ix_rsvps_email', ['email'], unique=False)
        batch_op.create_index('ix_rsvps_phone', ['phone'], unique=False)
        batch_op.drop_index('ix_rsvps_event_email')
        batch_op.drop_index('ix_rsvps_event_phone')
