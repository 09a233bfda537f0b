-- The indexer's gap-safe position. Outbox ids come from a sequence and are taken before commit, so
-- a transaction that began earlier can commit a smaller id after a larger one was already read.
-- Each row therefore records the id of the transaction that wrote it; every transaction whose id is
-- below pg_snapshot_xmin(pg_current_snapshot()) has finished, so all rows it will ever have are
-- visible. The indexer applies rows in (txid, id) order and remembers "all rows below txid N are
-- applied", which can never skip a late commit.
ALTER TABLE search_outbox ADD COLUMN txid BIGINT;
-- [jooq ignore start]
UPDATE search_outbox SET txid = 0 WHERE txid IS NULL;
ALTER TABLE search_outbox ALTER COLUMN txid SET DEFAULT (pg_current_xact_id()::text)::bigint;
ALTER TABLE search_outbox ALTER COLUMN txid SET NOT NULL;
-- [jooq ignore stop]
CREATE INDEX search_outbox_txid_idx ON search_outbox(txid, id);
