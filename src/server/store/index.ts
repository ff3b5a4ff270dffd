// The server's storage layer: PostgreSQL + PostGIS, embedded (PGlite) or a real server.
export { openDb, sqlState, sqlConstraint, type Db, type OpenDbOptions } from './db';
export { migrate, appliedMigrations, MIGRATIONS_DIR } from './migrate';
export * from './features';
export * from './projects';
export * from './snapshots';
export * from './imports';
export * from './importMappings';
export * from './priceTables';
