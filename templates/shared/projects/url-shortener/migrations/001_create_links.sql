-- Links: one row per short code. The unique index is what makes codes unique;
-- the application retries with a new random code when an insert hits it.
CREATE TABLE IF NOT EXISTS links (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  short_code   TEXT        NOT NULL,
  url          TEXT        NOT NULL CHECK (char_length(url) <= 2048),
  access_count BIGINT      NOT NULL DEFAULT 0 CHECK (access_count >= 0),
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX IF NOT EXISTS links_short_code_key ON links (short_code);
