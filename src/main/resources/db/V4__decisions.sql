-- Schema 4: reviewer decisions (append-only) and smear sign-off.
-- A cell's current call for a reviewer is that reviewer's latest row for the cell. Undo is a new
-- row (kind 'undo', undoes = the reversed row) that restores the previous label; label NULL means
-- "undecided again". Special labels: not_a_cell, unsure, skipped.
CREATE TABLE decisions (
    id              INTEGER PRIMARY KEY,
    cell_id         INTEGER NOT NULL REFERENCES cells(id) ON DELETE CASCADE,
    reviewer        TEXT    NOT NULL,
    label           TEXT,
    previous_label  TEXT,
    kind            TEXT    NOT NULL CHECK (kind IN ('assign', 'confirm', 'undo')),
    model           TEXT,
    decided_at      TEXT    NOT NULL,
    undoes          INTEGER REFERENCES decisions(id)
);
CREATE INDEX decisions_by_cell ON decisions(cell_id, reviewer);

CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;

ALTER TABLE smears ADD COLUMN signed_by TEXT;
ALTER TABLE smears ADD COLUMN signed_at TEXT;
