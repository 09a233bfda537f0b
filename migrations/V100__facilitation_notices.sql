-- How a member wants to hear about moderation work and about their own contributions.
-- moderation_mode: 'each' (one mail per held or flagged post), 'digest' (every digest_hours), 'none'.
CREATE TABLE notice_preference (
  member_id BIGINT PRIMARY KEY REFERENCES member(id) ON DELETE CASCADE,
  moderation_mode VARCHAR(10) NOT NULL DEFAULT 'each',
  digest_hours INTEGER NOT NULL DEFAULT 6,
  -- "received, waiting for moderation" and "published" mails to the author
  author_notices BOOLEAN NOT NULL DEFAULT TRUE,
  -- when the last moderation digest went out to this member
  last_digest_at TIMESTAMP WITH TIME ZONE,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Held or flagged posts waiting to be listed in a moderator's next digest. A row is deleted in
-- the transaction that queues the digest mail listing it.
CREATE TABLE moderation_alert (
  id BIGSERIAL PRIMARY KEY,
  moderator_id BIGINT NOT NULL REFERENCES member(id) ON DELETE CASCADE,
  contribution_id BIGINT NOT NULL REFERENCES contribution(id) ON DELETE CASCADE,
  -- held or flagged
  kind VARCHAR(10) NOT NULL,
  flag_id BIGINT REFERENCES flag(id) ON DELETE CASCADE,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX moderation_alert_moderator_idx ON moderation_alert(moderator_id, created_at);
