-- Schema 7: trainee practice (issue 21). A trainee's answers live apart from reviewer decisions:
-- nothing here is read by counts, sign-off, exports or retraining.
CREATE TABLE practice_answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    trainee TEXT NOT NULL,
    round INTEGER NOT NULL,
    item TEXT NOT NULL,            -- 'cell:<id>' (a signed smear's cell) or 'teaching:<file>' (the bundled teaching set)
    truth TEXT NOT NULL,           -- the signer's class (or the teaching set's label)
    answer TEXT NOT NULL,          -- the trainee's class
    model_label TEXT,              -- the model's call shown at the reveal
    model_confidence REAL,
    answered_at TEXT NOT NULL
);
CREATE INDEX practice_answers_by_trainee ON practice_answers(trainee, round);
