-- The kind of device (`phone`, `tablet`, `desktop`) a photo was sent from, and the one a person
-- last signed in from (voters' devices for the dashboard: the vote log itself is left alone, its
-- writes are the hot path). Classified from the User-Agent; the User-Agent itself is not kept.
ALTER TABLE entries ADD COLUMN device TEXT;
ALTER TABLE users ADD COLUMN device TEXT;
