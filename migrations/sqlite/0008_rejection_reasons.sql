-- Reasons moderators pick from when they reject a photo (editable; free text remains possible).
CREATE TABLE rejection_reasons (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
INSERT INTO rejection_reasons (text, created_at) VALUES
    ('Photo floue ou de qualité insuffisante.', 0),
    ('La photo ne correspond pas au thème du concours.', 0),
    ('Une personne reconnaissable n''a pas donné son accord.', 0),
    ('La photo ne semble pas être de son auteur.', 0),
    ('Contenu contraire au règlement.', 0);
