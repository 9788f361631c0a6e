"""submission versions kept, scores tied to a version, the lock's snapshot

Revision ID: 8e3f1a2b4c5d
Revises: b7c41e9d2a05
Create Date: 2026-12-02 02:40:00

"""
from alembic import op
import sqlalchemy as sa

import showcase.database  # noqa: F401  (custom column types such as UTCDateTime)


# revision identifiers, used by Alembic.
revision = '8e3f1a2b4c5d'
down_revision = 'b7c41e9d2a05'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('submission_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title_ko', sa.String(length=120), nullable=False),
    sa.Column('title_en', sa.String(length=120), nullable=False),
    sa.Column('original_filename', sa.String(length=255), nullable=False),
    sa.Column('original_path', sa.String(length=255), nullable=False),
    sa.Column('original_size', sa.BigInteger(), nullable=False),
    sa.Column('duration', sa.Float(), nullable=False),
    sa.Column('transcoded_path', sa.String(length=255), nullable=True),
    sa.Column('poster_path', sa.String(length=255), nullable=True),
    sa.Column('eligibility', sa.Enum('pending', 'eligible', 'disqualified', name='eligibility', native_enum=False, length=20), nullable=False),
    sa.Column('uploaded_at', showcase.database.UTCDateTime(), nullable=False),
    sa.Column('processed_at', showcase.database.UTCDateTime(), nullable=True),
    sa.Column('replaced_at', showcase.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_submission_versions_submission_id_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submission_versions')),
    sa.UniqueConstraint('submission_id', 'number', name='uq_submission_versions_number')
    )
    with op.batch_alter_table('submission_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submission_versions_submission_id'), ['submission_id'], unique=False)

    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('frozen_at', showcase.database.UTCDateTime(), nullable=True))

    with op.batch_alter_table('judging_scores', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('judging_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locked_ranking', sa.JSON(), nullable=True))

    with op.batch_alter_table('judging_finalists', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('video_path', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('poster_path', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('title_ko', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('title_en', sa.String(length=120), nullable=True))


def downgrade():
    with op.batch_alter_table('judging_finalists', schema=None) as batch_op:
        batch_op.drop_column('title_en')
        batch_op.drop_column('title_ko')
        batch_op.drop_column('poster_path')
        batch_op.drop_column('video_path')
        batch_op.drop_column('version')

    with op.batch_alter_table('judging_settings', schema=None) as batch_op:
        batch_op.drop_column('locked_ranking')

    with op.batch_alter_table('judging_scores', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_column('frozen_at')

    with op.batch_alter_table('submission_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submission_versions_submission_id'))

    op.drop_table('submission_versions')
