-- A contest's introduction, shown under its title on its public page (edited with the rest of
-- its setup on the admin page or with `PATCH /api/v1/contests/{slug}`).
ALTER TABLE contests ADD COLUMN description TEXT NOT NULL DEFAULT '';
