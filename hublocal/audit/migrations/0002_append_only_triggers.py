"""The database refuses UPDATE and DELETE on the audit trail (see hublocal/audit/appendonly.py).

The SQL is written out here, not imported, so this migration keeps doing what it did when it was
written. The only UPDATE let through nulls actor_id (account deletion, on_delete=SET_NULL) and/or
replaces actor_username with '' or a pseudonym starting with 'persona-' (anonymisation), with
every other column unchanged. The escape hatch (flush, test fixtures) is the SQL function
hublocal_audit_unlocked() on SQLite and the setting hublocal.audit_unlocked on PostgreSQL."""

from django.db import migrations

# Every column but the two the anonymisation may change (and the id, compared too).
_UNCHANGED = ("id", "action", "object_type", "object_id", "object_repr", "before", "after", "created_at")

SQLITE_ALLOWED_UPDATE = " AND ".join(
    [f"NEW.{c} IS OLD.{c}" for c in _UNCHANGED]
    + [
        "(NEW.actor_id IS OLD.actor_id OR NEW.actor_id IS NULL)",
        "(NEW.actor_username IS OLD.actor_username OR NEW.actor_username = '' "
        "OR NEW.actor_username LIKE 'persona-%')",
    ]
)

SQLITE_FORWARD = [
    """CREATE TRIGGER audit_auditevent_no_delete BEFORE DELETE ON audit_auditevent
    WHEN NOT hublocal_audit_unlocked()
    BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only: DELETE refused'); END""",
    f"""CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent
    WHEN NOT hublocal_audit_unlocked() AND NOT ({SQLITE_ALLOWED_UPDATE})
    BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only: UPDATE refused'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_delete",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_update",
]

PG_ALLOWED_UPDATE = " AND ".join(
    [f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" for c in _UNCHANGED]
    + [
        "(NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id OR NEW.actor_id IS NULL)",
        "(NEW.actor_username IS NOT DISTINCT FROM OLD.actor_username OR NEW.actor_username = '' "
        "OR NEW.actor_username LIKE 'persona-%')",
    ]
)

PG_FORWARD = [
    f"""CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
    BEGIN
        IF coalesce(current_setting('hublocal.audit_unlocked', true), '') = 'on' THEN
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END IF;
        IF TG_OP = 'UPDATE' AND {PG_ALLOWED_UPDATE} THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_auditevent is append-only: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END;
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_auditevent_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only()""",
]
PG_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_auditevent_append_only()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(
                f"No append-only triggers for {schema_editor.connection.vendor}: write them before using it."
            )
        for sql in statements:
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": PG_REVERSE}),
        ),
    ]
