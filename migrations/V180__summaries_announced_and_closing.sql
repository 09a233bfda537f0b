-- A week's summary is mailed once, the first time it is published (publishing again after taking
-- it back mails no one).
ALTER TABLE week_summary ADD COLUMN announced_at TIMESTAMP WITH TIME ZONE;

-- Each time moderators close a discussion: whether the participants are mailed, and when they were.
-- The mail job claims the row (mailed_at still null, not reopened) so it goes out once, whatever
-- the number of processes; a reopen before it left cancels it.
CREATE TABLE discussion_closing (
  id BIGSERIAL PRIMARY KEY,
  discussion_id BIGINT NOT NULL REFERENCES discussion(id) ON DELETE CASCADE,
  closed_by BIGINT REFERENCES member(id) ON DELETE SET NULL,
  closed_at TIMESTAMP WITH TIME ZONE NOT NULL,
  send_mail BOOLEAN NOT NULL,
  mailed_at TIMESTAMP WITH TIME ZONE,
  reopened_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX discussion_closing_discussion_idx ON discussion_closing(discussion_id);

-- The closing message as the moderator wrote it in each language (Markdown).
CREATE TABLE discussion_closing_text (
  closing_id BIGINT NOT NULL REFERENCES discussion_closing(id) ON DELETE CASCADE,
  language VARCHAR(8) NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (closing_id, language)
);
