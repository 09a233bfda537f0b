-- Sent mail keeps its recipient, subject, headers and status for the record, but its text (which
-- carries reply, confirmation and unsubscribe links) is removed a while after it left.
ALTER TABLE mail_outbox ADD COLUMN body_removed_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX mail_outbox_body_kept_idx ON mail_outbox(sent_at)
  WHERE status = 'sent' AND body_removed_at IS NULL;
