"""door conflicts an organizer has checked with the family: when and by whom

Revision ID: c4d8e2f1a6b9
Revises: 9e4b7c21d0a5
Create Date: 2026-12-02 08:30:00

"""
from alembic import op
import sqlalchemy as sa

from showcase.database import UTCDateTime


# revision identifiers, used by Alembic.
revision = 'c4d8e2f1a6b9'
down_revision = '9e4b7c21d0a5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('admissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('conflict_checked_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('conflict_checked_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_admissions_conflict_checked_by_id_users'), 'users',
                                    ['conflict_checked_by_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('admissions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_admissions_conflict_checked_by_id_users'), type_='foreignkey')
        batch_op.drop_column('conflict_checked_by_id')
        batch_op.drop_column('conflict_checked_at')
