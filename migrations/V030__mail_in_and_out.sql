-- Every message accepted by the SMTP listener, committed before the server answers 250, then
-- processed in the background. The dedupe key (Message-ID, or a digest when there is none) is
-- unique: a second delivery of the same message is recorded with a null key and status ignored.
CREATE TABLE inbound_mail (
  id BIGSERIAL PRIMARY KEY,
  dedupe_key VARCHAR(1100) UNIQUE,
  raw BYTEA NOT NULL,
  size_bytes BIGINT NOT NULL,
  -- true when the message was larger than the limit: only its beginning is kept, to explain
  truncated BOOLEAN NOT NULL DEFAULT FALSE,
  envelope_from VARCHAR(320) NOT NULL,
  -- envelope recipients, one per line
  recipients VARCHAR(4000) NOT NULL,
  remote_address VARCHAR(100),
  -- received, processed, rejected, ignored or failed
  status VARCHAR(20) NOT NULL,
  -- a short code (duplicate, auto_reply, unknown_sender...) and, for failures, some detail
  reason VARCHAR(60),
  detail VARCHAR(2000),
  duplicate_of BIGINT REFERENCES inbound_mail(id) ON DELETE SET NULL,
  contribution_id BIGINT REFERENCES contribution(id) ON DELETE SET NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  received_at TIMESTAMP WITH TIME ZONE NOT NULL,
  processed_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX inbound_mail_status_idx ON inbound_mail(status, id);

-- At most one rejection (or help) notice per address, reason and day: a sender who keeps writing
-- to a closed discussion, or a loop with another robot, cannot make us send more.
CREATE TABLE mail_notice (
  address VARCHAR(320) NOT NULL,
  reason VARCHAR(40) NOT NULL,
  day DATE NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (address, reason, day)
);

-- Delivery failures reported back to us (VERP envelope sender bounce+{outbox id}, or the DSN's
-- recipient). Past a threshold the address gets no more discussion mail.
CREATE TABLE mail_bounce (
  id BIGSERIAL PRIMARY KEY,
  address VARCHAR(320) NOT NULL,
  -- hard or soft
  severity VARCHAR(10) NOT NULL,
  outbox_id BIGINT REFERENCES mail_outbox(id) ON DELETE SET NULL,
  inbound_id BIGINT REFERENCES inbound_mail(id) ON DELETE SET NULL,
  status_code VARCHAR(20),
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX mail_bounce_address_idx ON mail_bounce(address, created_at);

-- Addresses we stopped writing to, and why; a member lifts it from the profile page.
CREATE TABLE mail_suppression (
  address VARCHAR(320) PRIMARY KEY,
  reason VARCHAR(40) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One row per discussion and day whose digest was sent: the unique key makes the digest go out
-- exactly once however many server processes run the job.
CREATE TABLE digest_run (
  discussion_id BIGINT NOT NULL REFERENCES discussion(id) ON DELETE CASCADE,
  day DATE NOT NULL,
  recipients INTEGER NOT NULL,
  contributions INTEGER NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (discussion_id, day)
);
