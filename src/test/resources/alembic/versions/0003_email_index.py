"""unsafe on purpose: an index built without CONCURRENTLY blocks writes to users while it builds"""
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade():
    op.create_index("users_email_idx", "users", ["email"])


def downgrade():
    op.drop_index("users_email_idx", table_name="users")
