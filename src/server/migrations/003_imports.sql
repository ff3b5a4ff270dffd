-- Staged imports: a large file arrives in chunks (each checked as it comes) and is written
-- to `features` by one commit, or dropped by a cancel. Staged rows are not features: no
-- report, list or snapshot sees them. An import belongs to the user who started it.
CREATE TABLE imports (
  id         text PRIMARY KEY,
  project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  layer      text NOT NULL CHECK (layer IN ('districts', 'zones', 'parks', 'parcels')),
  user_id    text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  comment    text,
  expected   integer CHECK (expected >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX imports_created_idx ON imports (created_at);

-- `ordinal` is the position in the import (0-based, in upload order): the commit writes
-- features in that order. Properties and geometry are kept as checked, exactly.
CREATE TABLE import_rows (
  import_id  text NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  ordinal    integer NOT NULL CHECK (ordinal >= 0),
  id         text NOT NULL CHECK (id <> ''),
  properties jsonb NOT NULL CHECK (jsonb_typeof(properties) = 'object'),
  geometry   jsonb NOT NULL CHECK (geometry->>'type' IN ('Polygon', 'MultiPolygon')),
  PRIMARY KEY (import_id, ordinal),
  CONSTRAINT import_rows_id_key UNIQUE (import_id, id)
);
