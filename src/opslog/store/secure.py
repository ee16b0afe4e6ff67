"""`opslog team secure`: row-level security on a shared PostgreSQL database.

Each database login reads every row but inserts, changes and deletes only rows whose
`author` is that login; on insert the author is set from the login. The login that runs
`team secure` (the tables' owner) and superusers are exempt: they administer the database.

- RLS policies on every table with an `author` column: SELECT for all; INSERT and UPDATE
  WITH CHECK (author = current_user).
- A BEFORE INSERT/UPDATE/DELETE trigger sets the author on insert and refuses a change
  to someone else's row with SQLSTATE 42501 and a sentence naming the row and its
  author (RLS alone would skip those rows silently: a delete would "succeed" doing
  nothing).
- One exception: an action's owner (`@wang` in an action lin wrote) marks it done. The
  trigger lets the owner change only the done fields (status to 'done', done_day,
  done_by, updated_at; done_by becomes the login), and a second UPDATE policy on
  `action` accepts the row as the owner's. Nothing else of it: the text, due day and
  owner stay the author's, and no reopening.
- The role `opslog_team` holds the grants; the administrator gives it to each login
  (`GRANT opslog_team TO lin`).
"""

from __future__ import annotations

from opslog.errors import BadInput
from opslog.i18n import _
from opslog.store.db import Conn

ROLE = "opslog_team"
# What an action's owner may change of an action someone else wrote: marking it done.
DONE_FIELDS = ("status", "done_day", "done_by", "updated_at")
OWNER_DONE = "FOR UPDATE USING (owner = current_user) WITH CHECK (owner = current_user)"
MARK = "opslog_row_author"  # the trigger function: its presence means "secured"

_FUNCTION = """
CREATE OR REPLACE FUNCTION opslog_row_author() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF current_user = {admin} OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
  THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_OP = 'INSERT' THEN
    NEW.author := current_user;
    RETURN NEW;
  END IF;
  IF OLD.author IS DISTINCT FROM current_user THEN
    -- The owner of an action marks it done: only the done fields may differ.
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'action'
       AND to_jsonb(OLD) ->> 'owner' = current_user AND to_jsonb(NEW) ->> 'status' = 'done'
       AND to_jsonb(NEW) - {done_fields} = to_jsonb(OLD) - {done_fields}
    THEN
      NEW.done_by := current_user;
      RETURN NEW;
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
      MESSAGE = format('%s %s is %s''s: the login %s changes only its own records',
                       TG_TABLE_NAME, OLD.id, OLD.author, current_user);
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  NEW.author := OLD.author;
  RETURN NEW;
END
$fn$
"""


def author_tables(conn: Conn) -> list[str]:
    return [
        r["table_name"]
        for r in conn.rows(
            "SELECT table_name FROM information_schema.columns WHERE table_schema ="
            " current_schema() AND column_name = 'author' ORDER BY table_name"
        )
    ]


def secure(conn: Conn) -> list[str]:
    """Install (or re-install) the policies; returns the tables secured."""
    if conn.dialect != "postgresql":
        raise BadInput(_("team secure needs a PostgreSQL database (a shared team database)"))
    admin = str(conn.scalar("SELECT current_user"))
    conn.execute(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}')"
        f" THEN CREATE ROLE {ROLE} NOLOGIN; END IF; END $$"
    )
    quoted = "'" + admin.replace("'", "''") + "'"
    done_fields = "ARRAY[" + ", ".join(f"'{f}'" for f in DONE_FIELDS) + "]"
    conn.execute(_FUNCTION.replace("{admin}", quoted).replace("{done_fields}", done_fields))
    conn.execute(f"GRANT USAGE ON SCHEMA public TO {ROLE}")
    conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {ROLE}")
    # UPDATE: an import keeps a file's ids and then moves the id sequence past them
    # (setval), which USAGE alone refuses ("permission denied for sequence note_id_seq"
    # at the very end of a login's import). No more than INSERT with an id gives already.
    conn.execute(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {ROLE}")
    tables = author_tables(conn)
    for t in tables:
        q = f'"{t}"'
        conn.execute(f"ALTER TABLE {q} ENABLE ROW LEVEL SECURITY")
        for name, rule in (
            ("read", "FOR SELECT USING (true)"),
            ("insert", "FOR INSERT WITH CHECK (author = current_user)"),
            ("update", "FOR UPDATE USING (true) WITH CHECK (author = current_user)"),
            ("delete", "FOR DELETE USING (true)"),  # the trigger refuses, with a reason
        ):
            conn.execute(f"DROP POLICY IF EXISTS opslog_{name} ON {q}")
            conn.execute(f"CREATE POLICY opslog_{name} ON {q} {rule}")
        if t == "action":  # permissive: either policy lets an update through
            conn.execute(f"DROP POLICY IF EXISTS opslog_owner_done ON {q}")
            conn.execute(f"CREATE POLICY opslog_owner_done ON {q} {OWNER_DONE}")
        conn.execute(f"GRANT INSERT, UPDATE, DELETE ON {q} TO {ROLE}")
        conn.execute(f"DROP TRIGGER IF EXISTS opslog_author ON {q}")
        conn.execute(
            f"CREATE TRIGGER opslog_author BEFORE INSERT OR UPDATE OR DELETE ON {q}"
            f" FOR EACH ROW EXECUTE FUNCTION {MARK}()"
        )
    return tables


def login_author(conn: Conn) -> str | None:
    """The login's name when the database is secured (the author is then the login)."""
    if conn.dialect != "postgresql":
        return None
    row = conn.one(
        "SELECT current_user AS login, EXISTS (SELECT 1 FROM pg_proc WHERE proname ="
        f" '{MARK}') AS secured, (SELECT rolsuper FROM pg_roles WHERE rolname ="
        " current_user) AS super"
    )
    if row is None or not row["secured"] or row["super"]:
        return None
    return str(row["login"])
