-- The discussion a mail is about (list copies, announcements, digests, alerts, notices, closing,
-- summaries, consolidated replies), so a discussion's moderators can page through its outgoing mail
-- by an index instead of reading every mail's List-Id. Null for mail about no discussion (account
-- mail, the library, a moderator's digest across discussions).
ALTER TABLE mail_outbox
  ADD COLUMN discussion_id BIGINT REFERENCES discussion(id) ON DELETE SET NULL;

-- Mail written before the column: the discussion named by its List-Id ("Title" <slug.domain>);
-- a slug has no dot, so it is what stands between the last '<' and the first '.' after it.
-- [jooq ignore start]
UPDATE mail_outbox o
   SET discussion_id = d.id
  FROM discussion d
 WHERE o.discussion_id IS NULL
   AND o.headers IS NOT NULL
   AND d.slug = substring(o.headers ->> 'List-Id' FROM '<([a-z0-9-]+)\.[^<>]*>\s*$');
-- [jooq ignore stop]

CREATE INDEX mail_outbox_discussion_idx
  ON mail_outbox(discussion_id, created_at DESC, id DESC)
  WHERE discussion_id IS NOT NULL;
