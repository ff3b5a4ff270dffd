-- Saved import field mappings: a planner names the mapping of a file they import often
-- (which source field feeds which attribute, how land-use values translate) and applies it
-- again next time. Per project and name; saving the same name again overwrites it.
CREATE TABLE import_mappings (
  project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name       text NOT NULL CHECK (name <> ''),
  layer      text NOT NULL CHECK (layer IN ('districts', 'zones', 'parks', 'parcels')),
  mapping    jsonb NOT NULL CHECK (jsonb_typeof(mapping) = 'object'),
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, name)
);
