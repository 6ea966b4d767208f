-- A slot's mockup: a PNG of the cover's fixed parts (logo, title band, line number) laid over the
-- whole printed area (trim + bleed), stored as `mockups/<blake3>.png`; the safe area is the trim
-- less `safe_margin_mm` on each side. The winner's preview under it: `covers/<blake3>.jpg`.
ALTER TABLE cover_slots ADD COLUMN mockup_hash TEXT;
ALTER TABLE cover_slots ADD COLUMN safe_margin_mm DOUBLE PRECISION NOT NULL DEFAULT 5;
ALTER TABLE cover_slots ADD COLUMN preview_hash TEXT;

-- Runners-up of a slot, in order; told when the winner withdraws.
CREATE TABLE cover_reserves (
    slot_id BIGINT NOT NULL REFERENCES cover_slots (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    entry_id BIGINT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    notified_at BIGINT,
    PRIMARY KEY (slot_id, position)
);
CREATE UNIQUE INDEX cover_reserves_entry ON cover_reserves (slot_id, entry_id);
CREATE INDEX cover_reserves_of_entry ON cover_reserves (entry_id);
