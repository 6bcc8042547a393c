"""Storage: the schema, engines for SQLite and PostgreSQL, transactions and migrations."""
