-- ParkAtlas server schema, first version. Runs on PostgreSQL 15+ with PostGIS 3 and on
-- PGlite with its PostGIS extension; keep to SQL both accept.
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE users (
  id            text PRIMARY KEY,
  username      text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  role          text NOT NULL CHECK (role IN ('admin', 'planner', 'reviewer')),
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id    text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

CREATE TABLE projects (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL
);

CREATE TABLE memberships (
  project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  user_id    text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role       text NOT NULL CHECK (role IN ('planner', 'reviewer')),
  PRIMARY KEY (project_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);

-- The current features. `geometry` is the GeoJSON geometry exactly as given and is the
-- truth (jsonb keeps every digit of the numbers, so coordinates round-trip exactly);
-- `geom` is derived from it by the database for spatial SQL and indexes, and can never
-- disagree with it. User columns hold user ids; the history also keeps the username.
CREATE TABLE features (
  project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  layer      text NOT NULL CHECK (layer IN ('districts', 'zones', 'parks', 'parcels')),
  id         text NOT NULL CHECK (id <> ''),
  version    integer NOT NULL CHECK (version >= 1),
  properties jsonb NOT NULL CHECK (jsonb_typeof(properties) = 'object'),
  geometry   jsonb NOT NULL CHECK (geometry->>'type' IN ('Polygon', 'MultiPolygon')),
  geom       geometry(Geometry, 4490) NOT NULL
             GENERATED ALWAYS AS (ST_SetSRID(ST_GeomFromGeoJSON(geometry::text), 4490)) STORED,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, id)
);
CREATE INDEX features_layer_idx ON features (project_id, layer);
CREATE INDEX features_geom_idx ON features USING gist (geom);

-- One row per write. `version` is the feature's version after the write (for a delete,
-- the version the deletion took); before/after are {properties, geometry} or null.
-- Deleting a feature keeps its history; the id may later be restored or created again,
-- and its versions continue from the last one.
CREATE TABLE feature_history (
  project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  feature_id text NOT NULL,
  layer      text NOT NULL CHECK (layer IN ('districts', 'zones', 'parks', 'parcels')),
  version    integer NOT NULL CHECK (version >= 1),
  action     text NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore', 'import')),
  before     jsonb,
  after      jsonb,
  user_id    text NOT NULL,
  username   text NOT NULL,
  at         timestamptz NOT NULL DEFAULT now(),
  comment    text,
  PRIMARY KEY (project_id, feature_id, version),
  CHECK ((action IN ('create', 'import')) = (before IS NULL) OR action = 'restore'),
  CHECK ((action = 'delete') = (after IS NULL))
);

CREATE TABLE snapshots (
  id         text PRIMARY KEY,
  project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL
);
CREATE INDEX snapshots_project_idx ON snapshots (project_id, created_at);

CREATE TABLE snapshot_features (
  snapshot_id text NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
  layer       text NOT NULL CHECK (layer IN ('districts', 'zones', 'parks', 'parcels')),
  id          text NOT NULL,
  version     integer NOT NULL,
  properties  jsonb NOT NULL,
  geometry    jsonb NOT NULL,
  PRIMARY KEY (snapshot_id, id)
);
CREATE INDEX snapshot_features_layer_idx ON snapshot_features (snapshot_id, layer);
