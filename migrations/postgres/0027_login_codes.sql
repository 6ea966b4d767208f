-- A sign-in e-mail carries a 6-digit code beside its link, for a link opened in another browser
-- (an in-app browser, a webmail app). The code is kept as a keyed hash; only the newest unused
-- e-mail of an address has a live code, and a code survives a few wrong tries only.
ALTER TABLE magic_links ADD COLUMN code_hash TEXT;
ALTER TABLE magic_links ADD COLUMN code_tries INTEGER NOT NULL DEFAULT 0;
CREATE INDEX magic_links_email ON magic_links (email, expires_at);
