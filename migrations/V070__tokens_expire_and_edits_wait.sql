-- Personal API tokens may expire (null: never); a password reset or change revokes them all.
ALTER TABLE api_token ADD COLUMN expires_at TIMESTAMP WITH TIME ZONE;

-- An author's edit of a published contribution in a pre-moderated discussion waits here for a
-- moderator; readers keep the approved text meanwhile. One waiting edit per contribution.
CREATE TABLE contribution_pending_edit (
  contribution_id BIGINT PRIMARY KEY REFERENCES contribution(id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  body_html TEXT NOT NULL,
  edited_by BIGINT NOT NULL REFERENCES member(id),
  edited_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- When the published text last changed after publication (the "edited" mark readers see).
ALTER TABLE contribution ADD COLUMN edited_at TIMESTAMP WITH TIME ZONE;

-- A translation made from an earlier version of its original.
ALTER TABLE translation ADD COLUMN outdated BOOLEAN NOT NULL DEFAULT FALSE;
