-- A short description of each jury criterion, shown to jurors beside it ("Does the photo speak
-- of travelling?").
ALTER TABLE criteria ADD COLUMN description TEXT NOT NULL DEFAULT '';
