"""Full-text search over ``Product.search_text``: an FTS5 index kept in step by triggers on
SQLite (the embedded default), a GIN index of its ``tsvector`` on PostgreSQL."""

from django.db import migrations

SQLITE = [
    # External content: the index holds tokens only; rows stay in catalog_product.
    "CREATE VIRTUAL TABLE catalog_product_fts USING fts5("
    "search_text, content='catalog_product', content_rowid='rowid', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')",
    "CREATE TRIGGER catalog_product_fts_insert AFTER INSERT ON catalog_product BEGIN "
    "INSERT INTO catalog_product_fts(rowid, search_text) VALUES (new.rowid, new.search_text); END",
    "CREATE TRIGGER catalog_product_fts_delete AFTER DELETE ON catalog_product BEGIN "
    "INSERT INTO catalog_product_fts(catalog_product_fts, rowid, search_text) "
    "VALUES ('delete', old.rowid, old.search_text); END",
    "CREATE TRIGGER catalog_product_fts_update AFTER UPDATE OF search_text ON catalog_product BEGIN "
    "INSERT INTO catalog_product_fts(catalog_product_fts, rowid, search_text) "
    "VALUES ('delete', old.rowid, old.search_text); "
    "INSERT INTO catalog_product_fts(rowid, search_text) VALUES (new.rowid, new.search_text); END",
    "INSERT INTO catalog_product_fts(catalog_product_fts) VALUES ('rebuild')",
]
SQLITE_UNDO = [
    "DROP TRIGGER IF EXISTS catalog_product_fts_insert",
    "DROP TRIGGER IF EXISTS catalog_product_fts_delete",
    "DROP TRIGGER IF EXISTS catalog_product_fts_update",
    "DROP TABLE IF EXISTS catalog_product_fts",
]
POSTGRESQL = [
    "CREATE INDEX catalog_product_search ON catalog_product "
    "USING GIN (to_tsvector('simple', search_text))",
]
POSTGRESQL_UNDO = ["DROP INDEX IF EXISTS catalog_product_search"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_event_hub")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_UNDO, "postgresql": POSTGRESQL_UNDO}),
        )
    ]
