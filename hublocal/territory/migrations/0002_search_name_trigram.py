# Commune name search (`/municipios/?q=`, `search_name__contains`, i.e. LIKE '%…%') uses a
# trigram GIN index on PostgreSQL instead of scanning every row. Nothing changes on SQLite.

from django.db import migrations

import hublocal.core.search


class Migration(migrations.Migration):
    dependencies = [
        ("territory", "0001_initial"),
    ]

    operations = [
        hublocal.core.search.CreateTrigramIndex("commune", "search_name"),
    ]
