-- The audit log becomes an append-only hash chain (see src/domain/audit.rs for the encoding):
-- each line gets a number (`seq`, 1..n without gaps), the previous line's hash and its own; a
-- one-row head keeps the last number and hash, so removing the last lines shows too. Lines are
-- hashed by the application (SQL has no blake3): the lines written before this migration are
-- sealed, in id order, when the application next starts (or appends), before any new line.
-- `contest_id` says which contest a line's subject belongs to (for the results archive).
ALTER TABLE audit_log ADD COLUMN seq BIGINT;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
ALTER TABLE audit_log ADD COLUMN contest_id BIGINT;
CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq);
CREATE INDEX audit_log_unsealed ON audit_log (id) WHERE seq IS NULL;
CREATE INDEX audit_log_contest ON audit_log (contest_id, seq);

CREATE TABLE audit_head (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

UPDATE audit_log SET contest_id = CASE
    WHEN subject LIKE 'contest:%' THEN CAST(substr(subject, 9) AS BIGINT)
    WHEN subject LIKE 'entry:%' THEN (SELECT e.contest_id FROM entries e WHERE e.id = CAST(substr(audit_log.subject, 7) AS BIGINT))
    WHEN subject LIKE 'round:%' THEN (SELECT r.contest_id FROM rounds r WHERE r.id = CAST(substr(audit_log.subject, 7) AS BIGINT))
    WHEN subject LIKE 'cover_slot:%' THEN (SELECT s.contest_id FROM cover_slots s WHERE s.id = CAST(substr(audit_log.subject, 12) AS BIGINT))
    WHEN subject LIKE 'vote_flag:%' THEN (SELECT f.contest_id FROM vote_flags f WHERE f.id = CAST(substr(audit_log.subject, 11) AS BIGINT))
END;

-- Lines stay for good, so they carry no personal data (people appear by id): what earlier
-- versions wrote of names, entry titles, jurors' emails and recusal reasons goes before sealing.
UPDATE audit_log SET detail = CASE WHEN (detail::jsonb ->> 'display_name') IS NULL
    THEN '{"display_name_set":false}' ELSE '{"display_name_set":true}' END
    WHERE action = 'user.display_name';
UPDATE audit_log SET detail = CASE WHEN (detail::jsonb -> 'title_before') IS NOT DISTINCT FROM (detail::jsonb -> 'title_after')
    THEN '{"title_changed":false}' ELSE '{"title_changed":true}' END
    WHERE action = 'entry.edit';
UPDATE audit_log SET detail = (detail::jsonb - 'title')::text WHERE action = 'entry.withdraw';
UPDATE audit_log SET detail = (detail::jsonb - 'reason')::text WHERE action = 'jury.recusal';
UPDATE audit_log SET detail = (detail::jsonb #- '{after,jurors}' #- '{before,jurors}')::text
    WHERE action IN ('jury.round_create', 'jury.round_update');

-- Append-only in the database too: no line is deleted; a line changes only while it is being
-- sealed (no hash yet), and then only its place in the chain. The head only moves forward.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.hash IS NULL AND NEW.id = OLD.id AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
            AND NEW.action = OLD.action AND NEW.subject = OLD.subject AND NEW.detail = OLD.detail
            AND NEW.created_at = OLD.created_at THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

CREATE FUNCTION audit_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.seq >= OLD.seq AND NEW.id = OLD.id THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'the audit head only moves forward';
    END IF;
    RAISE EXCEPTION 'the audit head stays';
END
$$;
CREATE TRIGGER audit_head_forward BEFORE UPDATE OR DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION audit_head_forward();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_head_forward();
