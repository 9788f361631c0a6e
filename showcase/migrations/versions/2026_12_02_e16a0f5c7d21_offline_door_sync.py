"""offline door sync: admissions carry the door's client_id and a conflict flag

Revision ID: e16a0f5c7d21
Revises: 8d1e5c0a7f3b
Create Date: 2026-12-02 02:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e16a0f5c7d21'
down_revision = '8d1e5c0a7f3b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('admissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('conflict', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('people_claimed', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_admissions_client_id'), ['client_id'])
        batch_op.drop_constraint(batch_op.f('ck_admissions_admits_someone'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_admissions_admits_someone'), 'people >= 1 OR conflict')


def downgrade():
    with op.batch_alter_table('admissions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_admissions_admits_someone'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_admissions_admits_someone'), 'people >= 1')
        batch_op.drop_constraint(batch_op.f('uq_admissions_client_id'), type_='unique')
        batch_op.drop_column('people_claimed')
        batch_op.drop_column('conflict')
        batch_op.drop_column('client_id')
