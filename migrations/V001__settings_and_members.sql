-- Server-wide settings shared by every server process (for example the HMAC secret).
CREATE TABLE setting (
  name VARCHAR(100) PRIMARY KEY,
  value VARCHAR(4000) NOT NULL
);

CREATE TABLE member (
  id BIGSERIAL PRIMARY KEY,
  -- stored lower-cased so that lookups by address are exact
  email VARCHAR(320) NOT NULL UNIQUE,
  email_verified_at TIMESTAMP WITH TIME ZONE,
  password_hash VARCHAR(400),
  display_name VARCHAR(200) NOT NULL,
  organisation VARCHAR(200) NOT NULL DEFAULT '',
  city VARCHAR(200) NOT NULL DEFAULT '',
  country VARCHAR(200) NOT NULL DEFAULT '',
  preferred_language VARCHAR(8),
  time_zone VARCHAR(64) NOT NULL DEFAULT 'UTC',
  -- member, moderator or admin; a moderator may create discussions, admins may do everything
  role VARCHAR(20) NOT NULL DEFAULT 'member',
  translator BOOLEAN NOT NULL DEFAULT FALSE,
  -- a placeholder author (imported mail) has no password until claimed
  placeholder BOOLEAN NOT NULL DEFAULT FALSE,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE web_session (
  -- SHA-256 of the cookie value: a database leak does not hand out live sessions
  id_hash VARCHAR(64) PRIMARY KEY,
  member_id BIGINT NOT NULL REFERENCES member(id) ON DELETE CASCADE,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  last_seen_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX web_session_member_idx ON web_session(member_id);

CREATE TABLE email_token (
  token_hash VARCHAR(64) PRIMARY KEY,
  member_id BIGINT NOT NULL REFERENCES member(id) ON DELETE CASCADE,
  purpose VARCHAR(20) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  used_at TIMESTAMP WITH TIME ZONE
);

CREATE TABLE api_token (
  id BIGSERIAL PRIMARY KEY,
  member_id BIGINT NOT NULL REFERENCES member(id) ON DELETE CASCADE,
  name VARCHAR(100) NOT NULL,
  token_hash VARCHAR(64) NOT NULL UNIQUE,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  last_used_at TIMESTAMP WITH TIME ZONE,
  revoked_at TIMESTAMP WITH TIME ZONE
);

-- Fixed-window counters shared by all server processes (login throttling, mail rate limits).
CREATE TABLE rate_bucket (
  bucket VARCHAR(300) PRIMARY KEY,
  window_start TIMESTAMP WITH TIME ZONE NOT NULL,
  hits INTEGER NOT NULL
);

-- Every outgoing email, durable before anything is sent; delivered by a background job.
CREATE TABLE mail_outbox (
  id BIGSERIAL PRIMARY KEY,
  recipient VARCHAR(320) NOT NULL,
  member_id BIGINT REFERENCES member(id) ON DELETE SET NULL,
  kind VARCHAR(40) NOT NULL,
  subject VARCHAR(1000) NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT,
  -- extra headers (Message-ID, In-Reply-To, List-*, Reply-To ...) as a JSON object
  headers JSON,
  status VARCHAR(20) NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
  last_error VARCHAR(2000),
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  sent_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox(status, next_attempt_at);
