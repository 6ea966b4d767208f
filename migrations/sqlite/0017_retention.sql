-- Retention of personal data: a contest may keep it N days after it ends (none: until staff
-- decide); then non-winning photos lose their files (`purged_at`), the vote log is anonymised,
-- and people with nothing else live are erased (`erased_at`; the row stays, emptied, for the
-- audit log and the printed credits). `retention_done_at`: when the contest was last purged.
ALTER TABLE contests ADD COLUMN retention_days BIGINT;
ALTER TABLE contests ADD COLUMN retention_done_at BIGINT;
ALTER TABLE entries ADD COLUMN purged_at BIGINT;
ALTER TABLE users ADD COLUMN erased_at BIGINT;
UPDATE users SET erased_at = 0 WHERE email LIKE 'deleted-%@deleted.invalid';
