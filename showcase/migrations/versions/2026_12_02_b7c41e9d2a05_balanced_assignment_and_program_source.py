"""Balanced judge assignment (judges per entry, judge_assignments) and the published program's source digest

Revision ID: b7c41e9d2a05
Revises: c3a9e1f0b7d2
Create Date: 2026-12-02 02:50:00.000000

"""
from alembic import op
import sqlalchemy as sa

import showcase.database


# revision identifiers, used by Alembic.
revision = 'b7c41e9d2a05'
down_revision = 'c3a9e1f0b7d2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('judge_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('judge_id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('assigned_at', showcase.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_judge_assignments_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['judge_id'], ['users.id'], name=op.f('fk_judge_assignments_judge_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_judge_assignments_submission_id_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_judge_assignments')),
    sa.UniqueConstraint('judge_id', 'submission_id', name='uq_judge_assignments_entry')
    )
    with op.batch_alter_table('judge_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_judge_assignments_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_judge_assignments_judge_id'), ['judge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_judge_assignments_submission_id'), ['submission_id'], unique=False)

    with op.batch_alter_table('judging_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('judges_per_entry', sa.Integer(), nullable=True))

    with op.batch_alter_table('program_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('published_source_sha256', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('program_settings', schema=None) as batch_op:
        batch_op.drop_column('published_source_sha256')

    with op.batch_alter_table('judging_settings', schema=None) as batch_op:
        batch_op.drop_column('judges_per_entry')

    with op.batch_alter_table('judge_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_judge_assignments_submission_id'))
        batch_op.drop_index(batch_op.f('ix_judge_assignments_judge_id'))
        batch_op.drop_index(batch_op.f('ix_judge_assignments_event_id'))

    op.drop_table('judge_assignments')
