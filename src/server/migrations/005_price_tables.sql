-- A project's own price tables: a planner imports a CSV of grade → price that replaces a
-- shipped table (same table_id) for that project's floors. Versions are never edited or
-- deleted: each import is the next version, and every floor names the version it used.
CREATE TABLE price_table_versions (
  project_id  text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  table_id    text NOT NULL CHECK (table_id <> ''),
  version     integer NOT NULL CHECK (version >= 1),
  -- {zh, en}
  name        jsonb NOT NULL CHECK (jsonb_typeof(name) = 'object'),
  -- [{grade, price, confirmed}], grades 1–15 each once (checked before writing)
  grades      jsonb NOT NULL CHECK (jsonb_typeof(grades) = 'array'),
  source_file text,
  comment     text,
  -- the user id, and the username as it was (the version's label keeps it)
  created_by  text NOT NULL,
  username    text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, table_id, version)
);
