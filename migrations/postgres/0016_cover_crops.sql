-- A cover winner's crop, in the upright original's pixels (the slot's shape, trim + bleed), and
-- the print file rendered from it (blake3 of the blob `prints/<hash>.jpg`).
ALTER TABLE cover_slots ADD COLUMN crop_x BIGINT;
ALTER TABLE cover_slots ADD COLUMN crop_y BIGINT;
ALTER TABLE cover_slots ADD COLUMN crop_width BIGINT;
ALTER TABLE cover_slots ADD COLUMN crop_height BIGINT;
ALTER TABLE cover_slots ADD COLUMN print_hash TEXT;
-- The contest's rules may give an author at most one cover.
ALTER TABLE contests ADD COLUMN one_cover_per_author BIGINT NOT NULL DEFAULT 0;
-- When the winner was told (reset when another photo takes the slot).
ALTER TABLE cover_slots ADD COLUMN winner_notified_at BIGINT;
