"""Text messages to phones: per-event channel choice, the medium used and the provider's delivery report

events.message_channels: "email", "text" or "both" (the organizer's choice per event).
outbound_messages.medium: how a message actually went (email, alimtalk, sms, lms), for counts and cost.
outbound_messages.provider_message_id: the provider's id, to match its delivery reports.
outbound_messages.delivered_at: when the provider reported the message delivered to the phone.

Revision ID: 9e4b7c21d0a5
Revises: b7e4a1c9d2f3
Create Date: 2026-12-02 02:45:00.000000

"""
import sqlalchemy as sa
from alembic import op

import showcase.database  # noqa: F401  (custom column types such as UTCDateTime)

# revision identifiers, used by Alembic.
revision = '9e4b7c21d0a5'
down_revision = 'b7e4a1c9d2f3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message_channels', sa.String(length=10), nullable=False,
                                      server_default='both'))
    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('medium', sa.String(length=10), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('provider_message_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('delivered_at', showcase.database.UTCDateTime(), nullable=True))
        batch_op.create_index('ix_outbound_messages_provider_message_id', ['provider_message_id'], unique=False)


def downgrade():
    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbound_messages_provider_message_id')
        batch_op.drop_column('delivered_at')
        batch_op.drop_column('provider_message_id')
        batch_op.drop_column('medium')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('message_channels')
