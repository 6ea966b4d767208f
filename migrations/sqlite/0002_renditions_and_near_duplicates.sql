-- Placeholder colour and perceptual hash per entry; near-duplicate flag; the band index that finds
-- near-duplicates without scanning (16-bit bands of the 64-bit hash; see src/media/phash.rs).
ALTER TABLE entries ADD COLUMN placeholder TEXT;
ALTER TABLE entries ADD COLUMN phash BIGINT;
ALTER TABLE entries ADD COLUMN near_duplicate_of BIGINT REFERENCES entries (id);
ALTER TABLE entries ADD COLUMN near_duplicate_distance BIGINT;

CREATE TABLE phash_bands (
    contest_id BIGINT NOT NULL,
    band BIGINT NOT NULL,
    value BIGINT NOT NULL,
    entry_id BIGINT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    PRIMARY KEY (contest_id, band, value, entry_id)
);
CREATE INDEX phash_bands_entry ON phash_bands (entry_id);
