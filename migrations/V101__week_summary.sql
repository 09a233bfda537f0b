-- A moderator's short synthesis of one week, in one language (one row per language written).
-- Shown at the top of the week, mailed to subscribers, searchable, and offered as a starting block
-- of the consolidated reply.
CREATE TABLE week_summary (
  id BIGSERIAL PRIMARY KEY,
  discussion_id BIGINT NOT NULL REFERENCES discussion(id) ON DELETE CASCADE,
  week INTEGER NOT NULL,
  language VARCHAR(8) NOT NULL,
  body TEXT NOT NULL,
  body_html TEXT NOT NULL,
  -- null while a draft
  published_at TIMESTAMP WITH TIME ZONE,
  written_by BIGINT REFERENCES member(id),
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  UNIQUE (discussion_id, week, language)
);

-- 'announcements' (themes without contributions) is longer than the modes before it
ALTER TABLE subscription ALTER COLUMN mode TYPE VARCHAR(20);
