-- Schema 2: white cells found on smears (or drawn by a reviewer), with their crops.
ALTER TABLE smears ADD COLUMN um_per_px REAL;
ALTER TABLE smears ADD COLUMN scale_source TEXT;
ALTER TABLE smears ADD COLUMN analysed_at TEXT;

CREATE TABLE cells (
    id          INTEGER PRIMARY KEY,
    smear_id    INTEGER NOT NULL REFERENCES smears(id) ON DELETE CASCADE,
    number      INTEGER NOT NULL,
    polygon     TEXT    NOT NULL,
    box_x       INTEGER NOT NULL,
    box_y       INTEGER NOT NULL,
    box_w       INTEGER NOT NULL CHECK (box_w > 0),
    box_h       INTEGER NOT NULL CHECK (box_h > 0),
    area        REAL    NOT NULL,
    centroid_x  REAL    NOT NULL,
    centroid_y  REAL    NOT NULL,
    edge        INTEGER NOT NULL CHECK (edge IN (0, 1)),
    source      TEXT    NOT NULL CHECK (source IN ('segmenter', 'reviewer')),
    crop_png    BLOB    NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    UNIQUE (smear_id, number)
);
CREATE INDEX cells_by_smear ON cells(smear_id);
