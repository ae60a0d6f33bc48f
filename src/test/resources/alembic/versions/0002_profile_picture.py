"""the lesson's change: a nullable column, safe on a live table"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"


def upgrade():
    op.add_column("users", sa.Column("profile_picture", sa.Text, nullable=True))


def downgrade():
    op.drop_column("users", "profile_picture")
