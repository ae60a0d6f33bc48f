"""add users.profile_picture (nullable: no table rewrite, a short ACCESS EXCLUSIVE lock)

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("profile_picture", sa.Text, nullable=True))


def downgrade():
    op.drop_column("users", "profile_picture")
