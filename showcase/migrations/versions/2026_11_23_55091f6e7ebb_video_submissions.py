"""video submissions: team upload links, the per-event upload window, submissions

Revision ID: 55091f6e7ebb
Revises: d5059d523698
Create Date: 2026-11-23 20:23:45.602987

"""
from alembic import op
import sqlalchemy as sa

import showcase.database  # noqa: F401  (custom column types such as UTCDateTime)


# revision identifiers, used by Alembic.
revision = '55091f6e7ebb'
down_revision = 'd5059d523698'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('submission_settings',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('opens_at', showcase.database.UTCDateTime(), nullable=True),
    sa.Column('closes_at', showcase.database.UTCDateTime(), nullable=True),
    sa.Column('max_duration_seconds', sa.Integer(), nullable=False),
    sa.Column('max_size_bytes', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_submission_settings_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_submission_settings'))
    )
    op.create_table('submissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('title_ko', sa.String(length=120), nullable=False),
    sa.Column('title_en', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('consent_at', showcase.database.UTCDateTime(), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('original_filename', sa.String(length=255), nullable=False),
    sa.Column('original_path', sa.String(length=255), nullable=False),
    sa.Column('original_size', sa.BigInteger(), nullable=False),
    sa.Column('container', sa.String(length=10), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('rotation', sa.Integer(), nullable=False),
    sa.Column('duration', sa.Float(), nullable=False),
    sa.Column('state', sa.Enum('queued', 'processing', 'ready', 'failed', name='processingstate', native_enum=False, length=20), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('failure_code', sa.String(length=40), nullable=False),
    sa.Column('failure_detail', sa.String(length=500), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('heartbeat_at', showcase.database.UTCDateTime(), nullable=True),
    sa.Column('poster_path', sa.String(length=255), nullable=True),
    sa.Column('transcoded_path', sa.String(length=255), nullable=True),
    sa.Column('eligibility', sa.Enum('pending', 'eligible', 'disqualified', name='eligibility', native_enum=False, length=20), nullable=False),
    sa.Column('eligibility_reason', sa.String(length=500), nullable=False),
    sa.Column('reviewed_at', showcase.database.UTCDateTime(), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', showcase.database.UTCDateTime(), nullable=True),
    sa.Column('uploaded_at', showcase.database.UTCDateTime(), nullable=False),
    sa.Column('processed_at', showcase.database.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_submissions_community_id_communities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_submissions_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_submissions_reviewed_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submissions')),
    sa.UniqueConstraint('event_id', 'community_id', name='uq_submissions_event_community')
    )
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submissions_event_id'), ['event_id'], unique=False)

    op.create_table('team_upload_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', showcase.database.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', showcase.database.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_team_upload_links_community_id_communities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_upload_links')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_team_upload_links_token_hash'))
    )
    with op.batch_alter_table('team_upload_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_upload_links_community_id'), ['community_id'], unique=False)



def downgrade():
    with op.batch_alter_table('team_upload_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_upload_links_community_id'))

    op.drop_table('team_upload_links')
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submissions_event_id'))

    op.drop_table('submissions')
    op.drop_table('submission_settings')
