-- When a member who joined by mail completed the profile through the link of the "joined" mail:
-- the link works once, while this is null.
ALTER TABLE member ADD COLUMN join_profile_done_at TIMESTAMP WITH TIME ZONE;
