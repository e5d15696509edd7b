from tortoise import migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

# A name-prefix search is a LIKE 'x%'; PostgreSQL can use a btree for it only with pattern
# operators when the database collation is not "C". SQLite's default index already serves it.
PATTERN_INDEX = "idx_resident_name_pattern"


async def create_name_pattern_index(apps, schema_editor):
    if schema_editor.client.capabilities.dialect == "postgres":
        await schema_editor.client.execute_script(
            f'CREATE INDEX IF NOT EXISTS "{PATTERN_INDEX}" ON "resident" '
            '("name" varchar_pattern_ops, "id")'
        )


async def drop_name_pattern_index(apps, schema_editor):
    if schema_editor.client.capabilities.dialect == "postgres":
        await schema_editor.client.execute_script(f'DROP INDEX IF EXISTS "{PATTERN_INDEX}"')


class Migration(migrations.Migration):
    dependencies = [("models", "0001_initial")]

    initial = False

    operations = [
        ops.AddIndex(
            model_name="Resident",
            index=Index(fields=["grid_id", "id"]),
        ),
        ops.RunPython(create_name_pattern_index, drop_name_pattern_index),
    ]
