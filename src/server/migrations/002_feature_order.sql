-- Features keep the order they were written in (a file's order, an import's order), so
-- that a report lists per-scope results as the CLI does for the same file. Updates keep
-- a feature's place; a feature created again (or restored after deletion) goes last.
ALTER TABLE features ADD COLUMN ordinal bigserial;
CREATE INDEX features_order_idx ON features (project_id, layer, ordinal);
