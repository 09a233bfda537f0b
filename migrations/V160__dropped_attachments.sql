-- The names of a mailed contribution's attachments that were left out (a kind the site does not
-- accept, or content that is not what its name says), one per line; shown on the post's page.
-- The contribution's page_version trigger already covers changes to this column.
ALTER TABLE contribution ADD COLUMN dropped_attachments TEXT NOT NULL DEFAULT '';
