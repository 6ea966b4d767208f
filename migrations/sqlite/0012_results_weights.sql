-- How the final ranking mixes the jury's normalised scores with the public's votes (weights,
-- e.g. 70/30), and the tie-breaks applied in order when totals are equal.
ALTER TABLE contests ADD COLUMN jury_weight DOUBLE PRECISION NOT NULL DEFAULT 0.7;
ALTER TABLE contests ADD COLUMN public_weight DOUBLE PRECISION NOT NULL DEFAULT 0.3;
ALTER TABLE contests ADD COLUMN tie_breaks TEXT NOT NULL DEFAULT 'jury,public_votes,earlier_upload';
