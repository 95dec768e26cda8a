# Name search (`search_name__contains`, i.e. LIKE '%…%') on organisations and people uses a
# trigram GIN index on PostgreSQL instead of scanning every row. Nothing changes on SQLite.

from django.db import migrations

import hublocal.core.search


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_row_version"),
    ]

    operations = [
        hublocal.core.search.CreateTrigramIndex("organization", "search_name"),
        hublocal.core.search.CreateTrigramIndex("person", "search_name"),
    ]
