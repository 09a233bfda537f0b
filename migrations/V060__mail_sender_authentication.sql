-- Who sent an inbound message, as far as we could tell: the SMTP HELO name (with remote_address
-- and envelope_from it is what SPF is evaluated on), how the sender was verified (reply_token,
-- dmarc, trusted_authserv, confirmation or none) and what the checks said, for admins.
ALTER TABLE inbound_mail ADD COLUMN helo VARCHAR(255);
-- the Message-ID as sent (without angle brackets), for admins and the API
ALTER TABLE inbound_mail ADD COLUMN message_id VARCHAR(998);
ALTER TABLE inbound_mail ADD COLUMN sender_verified_by VARCHAR(20);
ALTER TABLE inbound_mail ADD COLUMN auth_detail VARCHAR(500);
-- The member the From address belongs to (when it is one), so that a member can see the messages
-- of theirs that were not posted.
ALTER TABLE inbound_mail ADD COLUMN member_id BIGINT REFERENCES member(id) ON DELETE SET NULL;
-- A message that waits for its sender to confirm it: until when (7 days after the request).
ALTER TABLE inbound_mail ADD COLUMN confirm_until TIMESTAMP WITH TIME ZONE;
CREATE INDEX inbound_mail_member_idx ON inbound_mail(member_id, id);
CREATE INDEX inbound_mail_contribution_idx ON inbound_mail(contribution_id);
-- room for the status awaiting_confirmation
ALTER TABLE inbound_mail ALTER COLUMN status TYPE VARCHAR(30);
