-- A week summary drafted by the machine-translation service from another language's version: true
-- until a moderator saves a text of their own; such a draft is never published by itself.
ALTER TABLE week_summary ADD COLUMN machine BOOLEAN NOT NULL DEFAULT FALSE;
