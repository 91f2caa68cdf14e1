-- Schema 8: how unlike the model's training data each cell's crop looked (issue 18). NULL for
-- calls made before, or by a model without shift statistics; the threshold is the model's own.
ALTER TABLE predictions ADD COLUMN shift REAL;
ALTER TABLE predictions ADD COLUMN shift_threshold REAL;
