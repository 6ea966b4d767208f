-- Where a participant or voter first came from (the campaign's utm_source tag or the linking
-- site, as a code: facebook, instagram, qr, direct…), recorded at their first sign-in after it.
ALTER TABLE users ADD COLUMN source TEXT;
