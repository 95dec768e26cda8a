# The catalogue's search box moves from the matcher's in-memory index to the database's full-text
# engine (hublocal.core.search): the analysed terms as one text column, indexed by a generated
# tsvector + GIN (PostgreSQL) or an FTS5 table (SQLite), and a trigram index on the folded name
# for the name-substring fallback (PostgreSQL).

from django.db import migrations, models

import hublocal.core.search

BATCH = 2000


def backfill(apps, schema_editor):
    """Fill the document of existing solutions from their stored terms, a batch at a time (memory
    stays bounded at 50,000 solutions); the index follows through the generated column or the
    FTS5 triggers."""
    Solution = apps.get_model("solutions", "Solution")
    last = 0
    while True:
        batch = list(Solution.objects.filter(pk__gt=last).order_by("pk").only("pk", "terms")[:BATCH])
        if not batch:
            break
        for solution in batch:
            solution.search_document = hublocal.core.search.document(solution.terms or [])
        Solution.objects.bulk_update(batch, ["search_document"], batch_size=500)
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("solutions", "0003_matcher_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="solution",
            name="search_document",
            field=models.TextField(default="", editable=False),
        ),
        hublocal.core.search.CreateSearchIndex("solution"),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        hublocal.core.search.CreateTrigramIndex("solution", "search_name"),
    ]
