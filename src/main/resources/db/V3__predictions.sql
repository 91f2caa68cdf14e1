-- Schema 3: the model's call on each cell, kept per model version.
CREATE TABLE predictions (
    id            INTEGER PRIMARY KEY,
    cell_id       INTEGER NOT NULL REFERENCES cells(id) ON DELETE CASCADE,
    model         TEXT    NOT NULL,
    model_sha256  TEXT    NOT NULL,
    label         TEXT    NOT NULL,
    confidence    REAL    NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    probabilities TEXT    NOT NULL,
    created_at    TEXT    NOT NULL
);
CREATE INDEX predictions_by_cell ON predictions(cell_id);
