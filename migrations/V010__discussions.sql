-- Uploaded files, addressed by their SHA-256, kept in PostgreSQL so every server process sees them.
CREATE TABLE blob (
  sha256 VARCHAR(64) PRIMARY KEY,
  size_bytes BIGINT NOT NULL,
  content BYTEA NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE discussion (
  id BIGSERIAL PRIMARY KEY,
  slug VARCHAR(60) NOT NULL UNIQUE,
  title VARCHAR(300) NOT NULL,
  summary VARCHAR(2000) NOT NULL DEFAULT '',
  -- Markdown source and its sanitised rendering
  introduction TEXT NOT NULL DEFAULT '',
  introduction_html TEXT NOT NULL DEFAULT '',
  -- language of the title, summary and introduction ('und' when unknown)
  language VARCHAR(8) NOT NULL DEFAULT 'und',
  -- comma-separated ISO 639-1 codes, e.g. 'en,fr,es'
  welcomed_languages VARCHAR(100) NOT NULL DEFAULT 'en',
  starts_on DATE NOT NULL,
  time_zone VARCHAR(64) NOT NULL,
  weeks INTEGER NOT NULL,
  pre_moderated BOOLEAN NOT NULL DEFAULT TRUE,
  -- what to do with mail from unknown senders: 'hold' (moderation queue) or 'refuse'
  non_member_mail VARCHAR(10) NOT NULL DEFAULT 'hold',
  -- draft discussions are visible to their moderators only; the others derive their status from dates
  draft BOOLEAN NOT NULL DEFAULT TRUE,
  closed_at TIMESTAMP WITH TIME ZONE,
  archived_at TIMESTAMP WITH TIME ZONE,
  created_by BIGINT REFERENCES member(id),
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE discussion_moderator (
  discussion_id BIGINT NOT NULL REFERENCES discussion(id) ON DELETE CASCADE,
  member_id BIGINT NOT NULL REFERENCES member(id) ON DELETE CASCADE,
  PRIMARY KEY (discussion_id, member_id)
);

CREATE TABLE discussion_document (
  id BIGSERIAL PRIMARY KEY,
  discussion_id BIGINT NOT NULL REFERENCES discussion(id) ON DELETE CASCADE,
  blob_sha256 VARCHAR(64) NOT NULL REFERENCES blob(sha256),
  filename VARCHAR(255) NOT NULL,
  content_type VARCHAR(100) NOT NULL,
  size_bytes BIGINT NOT NULL,
  uploaded_by BIGINT REFERENCES member(id),
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE theme (
  id BIGSERIAL PRIMARY KEY,
  discussion_id BIGINT NOT NULL REFERENCES discussion(id) ON DELETE CASCADE,
  week INTEGER NOT NULL,
  title VARCHAR(300) NOT NULL,
  question TEXT NOT NULL,
  question_html TEXT NOT NULL,
  language VARCHAR(8) NOT NULL DEFAULT 'und',
  publish_at TIMESTAMP WITH TIME ZONE NOT NULL,
  -- set exactly once, by the scheduler or a moderator publishing early
  published_at TIMESTAMP WITH TIME ZONE,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  UNIQUE (discussion_id, week)
);
CREATE INDEX theme_due_idx ON theme(published_at, publish_at);

CREATE TABLE contribution (
  id BIGSERIAL PRIMARY KEY,
  discussion_id BIGINT NOT NULL REFERENCES discussion(id) ON DELETE CASCADE,
  week INTEGER NOT NULL,
  -- null for a non-member's mail held for moderation; then author_email/author_name say who sent it
  author_id BIGINT REFERENCES member(id),
  author_email VARCHAR(320),
  author_name VARCHAR(200),
  reply_to_id BIGINT REFERENCES contribution(id),
  body TEXT NOT NULL,
  body_html TEXT NOT NULL,
  -- quoted text and signatures trimmed from an email, kept and shown collapsed
  trimmed TEXT,
  language VARCHAR(8) NOT NULL DEFAULT 'und',
  -- pending, approved, rejected or deleted
  status VARCHAR(20) NOT NULL,
  -- why it waits for moderation: premoderated, non_member, dmarc_fail, flagged (informational)
  hold_reason VARCHAR(40),
  reject_reason VARCHAR(2000),
  -- web, api, email or import
  source VARCHAR(10) NOT NULL,
  message_id VARCHAR(998) UNIQUE,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  approved_at TIMESTAMP WITH TIME ZONE,
  approved_by BIGINT REFERENCES member(id)
);
CREATE INDEX contribution_week_idx ON contribution(discussion_id, week, created_at);
CREATE INDEX contribution_author_idx ON contribution(author_id, created_at);
CREATE INDEX contribution_status_idx ON contribution(status, discussion_id);

-- Earlier versions of a contribution's body, visible to moderators.
CREATE TABLE contribution_revision (
  id BIGSERIAL PRIMARY KEY,
  contribution_id BIGINT NOT NULL REFERENCES contribution(id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  edited_by BIGINT REFERENCES member(id),
  edited_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE contribution_attachment (
  id BIGSERIAL PRIMARY KEY,
  contribution_id BIGINT NOT NULL REFERENCES contribution(id) ON DELETE CASCADE,
  blob_sha256 VARCHAR(64) NOT NULL REFERENCES blob(sha256),
  filename VARCHAR(255) NOT NULL,
  content_type VARCHAR(100) NOT NULL,
  size_bytes BIGINT NOT NULL,
  -- inline images of an email keep their Content-ID so cid: references still resolve
  content_id VARCHAR(300),
  inline_image BOOLEAN NOT NULL DEFAULT FALSE
);

-- Members whose contributions skip pre-moderation in one discussion.
CREATE TABLE trusted_member (
  discussion_id BIGINT NOT NULL REFERENCES discussion(id) ON DELETE CASCADE,
  member_id BIGINT NOT NULL REFERENCES member(id) ON DELETE CASCADE,
  granted_by BIGINT REFERENCES member(id),
  granted_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (discussion_id, member_id)
);

CREATE TABLE flag (
  id BIGSERIAL PRIMARY KEY,
  contribution_id BIGINT NOT NULL REFERENCES contribution(id) ON DELETE CASCADE,
  member_id BIGINT NOT NULL REFERENCES member(id) ON DELETE CASCADE,
  reason VARCHAR(1000) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  resolved_at TIMESTAMP WITH TIME ZONE,
  resolved_by BIGINT REFERENCES member(id),
  UNIQUE (contribution_id, member_id)
);

-- Every moderator action: who, what, when, why.
CREATE TABLE audit_log (
  id BIGSERIAL PRIMARY KEY,
  actor_id BIGINT REFERENCES member(id),
  discussion_id BIGINT REFERENCES discussion(id) ON DELETE SET NULL,
  action VARCHAR(40) NOT NULL,
  target_type VARCHAR(20) NOT NULL,
  target_id BIGINT,
  reason VARCHAR(2000),
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX audit_log_discussion_idx ON audit_log(discussion_id, created_at);

CREATE TABLE consolidated_reply (
  id BIGSERIAL PRIMARY KEY,
  discussion_id BIGINT NOT NULL REFERENCES discussion(id) ON DELETE CASCADE,
  language VARCHAR(8) NOT NULL,
  title VARCHAR(300) NOT NULL,
  body TEXT NOT NULL,
  body_html TEXT NOT NULL,
  -- draft or published
  status VARCHAR(20) NOT NULL,
  published_at TIMESTAMP WITH TIME ZONE,
  created_by BIGINT REFERENCES member(id),
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  UNIQUE (discussion_id, language)
);

-- Translations of a contribution, theme, discussion introduction or consolidated reply.
CREATE TABLE translation (
  id BIGSERIAL PRIMARY KEY,
  -- contribution, theme, discussion or reply
  entity_type VARCHAR(20) NOT NULL,
  entity_id BIGINT NOT NULL,
  language VARCHAR(8) NOT NULL,
  title VARCHAR(300),
  body TEXT NOT NULL,
  body_html TEXT NOT NULL,
  machine BOOLEAN NOT NULL DEFAULT FALSE,
  reviewed BOOLEAN NOT NULL DEFAULT FALSE,
  translator_id BIGINT REFERENCES member(id),
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  UNIQUE (entity_type, entity_id, language)
);

-- Who follows which discussion by email, and how: 'each' message, daily 'digest' or 'none'.
CREATE TABLE subscription (
  discussion_id BIGINT NOT NULL REFERENCES discussion(id) ON DELETE CASCADE,
  member_id BIGINT NOT NULL REFERENCES member(id) ON DELETE CASCADE,
  mode VARCHAR(10) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (discussion_id, member_id)
);

-- Things that happened and that other features react to (a theme published, a contribution
-- approved...), written in the same transaction as the change. Consumers claim rows with
-- SKIP LOCKED and set processed_at, so each event is handled once across server processes.
CREATE TABLE domain_event (
  id BIGSERIAL PRIMARY KEY,
  kind VARCHAR(40) NOT NULL,
  discussion_id BIGINT REFERENCES discussion(id) ON DELETE CASCADE,
  entity_id BIGINT,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  processed_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX domain_event_pending_idx ON domain_event(processed_at, id);

-- Every change that affects search, in commit order. Each server process keeps its own index and
-- remembers (in the index commit) the last position it applied.
CREATE TABLE search_outbox (
  id BIGSERIAL PRIMARY KEY,
  -- contribution, theme, discussion or reply
  entity_type VARCHAR(20) NOT NULL,
  entity_id BIGINT NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
