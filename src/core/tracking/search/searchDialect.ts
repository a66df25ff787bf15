/** Which store's semantics to reproduce: MLflow's FileStore (Python) or SqlAlchemyStore on sqlite (SQL). */
export type SearchDialect = 'file' | 'sqlite';
