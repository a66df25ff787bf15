export { SqliteError, type SqliteErrorCode } from './errors';
export type { SqlValue } from './record';
export { SqliteFile, type OpenOptions, type ReadOptions } from './sqliteFile';
export type { Index, Snapshot, Table } from './types';
