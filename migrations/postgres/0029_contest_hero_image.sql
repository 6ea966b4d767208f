-- The image staff chose for the top of a contest's page (else a mosaic of its approved photos):
-- a public JPEG re-encoded by Déclic, kept in the blob store beside the logo.
ALTER TABLE contests ADD COLUMN hero_key TEXT;
