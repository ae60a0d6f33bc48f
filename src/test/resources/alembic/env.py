"""Offline-only alembic environment: `alembic upgrade ... --sql` prints the SQL, nothing connects."""
from alembic import context

config = context.config

if not context.is_offline_mode():
    raise SystemExit("this test project is used with --sql only")

context.configure(
    url=config.get_main_option("sqlalchemy.url"),
    literal_binds=True,
    dialect_opts={"paramstyle": "named"},
)

with context.begin_transaction():
    context.run_migrations()
