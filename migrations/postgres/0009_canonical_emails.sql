-- One account per mailbox: the canonical address (Gmail dots and +tags removed…) is unique.
ALTER TABLE users ADD COLUMN canonical_email TEXT;
UPDATE users SET canonical_email = email;
CREATE UNIQUE INDEX users_canonical_email ON users (canonical_email);
