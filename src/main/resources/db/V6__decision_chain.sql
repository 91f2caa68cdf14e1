-- Schema 6: every decision carries a hash chained to the decision before it (DecisionChain), as the
-- audit events do; decisions written before this schema are sealed into the chain when it is applied.
ALTER TABLE decisions ADD COLUMN chain TEXT;
