-- Moderation: why and by whom a published contribution was taken down, and how a flag was settled.
ALTER TABLE contribution ADD COLUMN deleted_reason VARCHAR(2000);
ALTER TABLE contribution ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE contribution ADD COLUMN deleted_by BIGINT REFERENCES member(id);

-- dismissed (the contribution stays) or deleted (the contribution was taken down)
ALTER TABLE flag ADD COLUMN resolution VARCHAR(20);
CREATE INDEX flag_contribution_idx ON flag(contribution_id);

-- [jooq ignore start]
-- the queue reads open flags only; they are few compared to all flags ever raised
CREATE INDEX flag_open_idx ON flag(created_at) WHERE resolved_at IS NULL;
-- [jooq ignore stop]
