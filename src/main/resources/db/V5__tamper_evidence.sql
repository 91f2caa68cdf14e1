-- Schema 5: tamper evidence. Every audit event carries a hash chained to the event before it
-- (AuditChain); events written before this schema are sealed into the chain when it is applied.
-- Decisions can no longer be deleted either (they could be updated never).
ALTER TABLE audit_log ADD COLUMN chain TEXT;

CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
