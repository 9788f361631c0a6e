"""Server-side sign-in sessions, per-account sign-in throttles, door token expiry.

Revision ID: 8d1e5c0a7f3b
Revises: 8e3f1a2b4c5d
Create Date: 2026-12-02 03:00:00

"""
import sqlalchemy as sa
from alembic import op

import showcase.database

revision = '8d1e5c0a7f3b'
down_revision = '8e3f1a2b4c5d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('user_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', showcase.database.UTCDateTime(), nullable=False),
    sa.Column('ended_at', showcase.database.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_user_sessions_token_hash'))
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_sessions_user_id'), ['user_id'], unique=False)

    op.create_table('login_throttles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_key', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', showcase.database.UTCDateTime(), nullable=False),
    sa.Column('locked_until', showcase.database.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_throttles')),
    sa.UniqueConstraint('account_key', name=op.f('uq_login_throttles_account_key'))
    )
    with op.batch_alter_table('door_devices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', showcase.database.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('door_devices', schema=None) as batch_op:
        batch_op.drop_column('expires_at')
    op.drop_table('login_throttles')
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sessions_user_id'))
    op.drop_table('user_sessions')
