"""program items and settings: the run of show and each event's printed-program settings

Revision ID: d5059d523698
Revises: 245115ddc6c4
Create Date: 2026-11-23 20:20:34.235342

"""
from alembic import op
import sqlalchemy as sa

import showcase.database  # noqa: F401  (custom column types such as UTCDateTime)


# revision identifiers, used by Alembic.
revision = 'd5059d523698'
down_revision = '245115ddc6c4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('program_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=True),
    sa.Column('kind', sa.Enum('welcome', 'performance', 'video_block', 'talk', 'break', name='itemkind', native_enum=False, length=20), nullable=False),
    sa.Column('title_ko', sa.String(length=120), nullable=False),
    sa.Column('title_en', sa.String(length=120), nullable=False),
    sa.Column('performers_ko', sa.String(length=200), nullable=False),
    sa.Column('performers_en', sa.String(length=200), nullable=False),
    sa.Column('description_ko', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('updated_at', showcase.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_program_items_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_program_items'))
    )
    with op.batch_alter_table('program_items', schema=None) as batch_op:
        batch_op.create_index('ix_program_items_event_position', ['event_id', 'position'], unique=False)

    op.create_table('program_settings',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('welcome_ko', sa.Text(), nullable=False),
    sa.Column('welcome_en', sa.Text(), nullable=False),
    sa.Column('welcome_signature_ko', sa.String(length=120), nullable=False),
    sa.Column('welcome_signature_en', sa.String(length=120), nullable=False),
    sa.Column('participants', sa.Integer(), nullable=True),
    sa.Column('published_at', showcase.database.UTCDateTime(), nullable=True),
    sa.Column('published_file', sa.String(length=200), nullable=True),
    sa.Column('published_sha256', sa.String(length=64), nullable=True),
    sa.Column('published_size', sa.Integer(), nullable=True),
    sa.Column('published_layout', sa.String(length=10), nullable=True),
    sa.Column('published_language', sa.String(length=5), nullable=True),
    sa.Column('updated_at', showcase.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_program_settings_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_program_settings'))
    )


def downgrade():
    op.drop_table('program_settings')
    with op.batch_alter_table('program_items', schema=None) as batch_op:
        batch_op.drop_index('ix_program_items_event_position')

    op.drop_table('program_items')
