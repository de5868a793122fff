-- One row per flushed batch of Redis click counts. Applying a batch and inserting
-- its row happen in one transaction, so a batch replayed after a crash adds nothing.
CREATE TABLE IF NOT EXISTS click_flushes (
  batch      TEXT        PRIMARY KEY,
  flushed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
