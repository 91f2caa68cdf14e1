-- Schema 1: smears and the append-only audit log.
CREATE TABLE smears (
    id          INTEGER PRIMARY KEY,
    path        TEXT    NOT NULL,
    sha256      TEXT    NOT NULL UNIQUE,
    width       INTEGER NOT NULL CHECK (width > 0),
    height      INTEGER NOT NULL CHECK (height > 0),
    added_at    TEXT    NOT NULL,
    status      TEXT    NOT NULL DEFAULT 'UNREVIEWED' CHECK (status IN ('UNREVIEWED', 'IN_PROGRESS', 'SIGNED')),
    thumbnail   BLOB
);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    details     TEXT    NOT NULL DEFAULT '{}'
);

-- Append-only: history is never rewritten, not even by a bug.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
