-- The replies to one contribution, which its permalink page lists, are found through this index
-- instead of reading every contribution of a busy week; deleting a contribution checks its replies'
-- foreign key through it too.
CREATE INDEX contribution_reply_to_idx ON contribution(reply_to_id) WHERE reply_to_id IS NOT NULL;
