-- A discussion's one-line summary is translated with its title and introduction: the translation
-- of a discussion into a language keeps the summary beside them (null where none was written).
ALTER TABLE translation ADD COLUMN summary TEXT;
