"""Outbound messages: one row per notification to a household, with its delivery state (tickets domain).

Revision ID: 245115ddc6c4
Revises: 4fcf820095c2
Create Date: 2026-11-23 20:22:14.953455

"""
from alembic import op
import sqlalchemy as sa

import showcase.database  # noqa: F401  (custom column types such as UTCDateTime)


# revision identifiers, used by Alembic.
revision = '245115ddc6c4'
down_revision = '4fcf820095c2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outbound_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('rsvp_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('confirmed', 'waitlisted', 'promoted', 'changed', 'cancelled', 'reminder', 'ticket', name='messagekind', native_enum=False, length=20), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('state', sa.Enum('queued', 'sending', 'sent', 'failed', name='messagestate', native_enum=False, length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('dedupe_key', sa.String(length=80), nullable=True),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', showcase.database.UTCDateTime(), nullable=False),
    sa.Column('updated_at', showcase.database.UTCDateTime(), nullable=False),
    sa.Column('next_attempt_at', showcase.database.UTCDateTime(), nullable=True),
    sa.Column('last_attempt_at', showcase.database.UTCDateTime(), nullable=True),
    sa.Column('sent_at', showcase.database.UTCDateTime(), nullable=True),
    sa.Column('transport_ref', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_outbound_messages_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_outbound_messages_requested_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['rsvp_id'], ['rsvps.id'], name=op.f('fk_outbound_messages_rsvp_id_rsvps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbound_messages')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_outbound_messages_dedupe_key'))
    )
    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.create_index('ix_outbound_messages_event_created', ['event_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbound_messages_rsvp_id'), ['rsvp_id'], unique=False)
        batch_op.create_index('ix_outbound_messages_state_next', ['state', 'next_attempt_at'], unique=False)



def downgrade():
    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbound_messages_state_next')
        batch_op.drop_index(batch_op.f('ix_outbound_messages_rsvp_id'))
        batch_op.drop_index('ix_outbound_messages_event_created')

    op.drop_table('outbound_messages')
