-- Moderators may show a discussion's analytics to every reader (off by default).
ALTER TABLE discussion ADD COLUMN analytics_public BOOLEAN NOT NULL DEFAULT FALSE;
