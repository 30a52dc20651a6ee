import type { consoleMethods } from '../../../shared/methods/console';
import { chartQuery } from '../console/chart';
import { exportQueryCsv } from '../console/export-csv';
import { exportQueryParquet } from '../console/export-parquet';
import { queryConsole } from '../console/runner';
import { deleteSavedQuery, getSavedQuery, listSavedQueries, saveQuery } from '../console/saved';
import { consoleSchema } from '../console/schema';
import { showSql } from '../console/show-sql';
import { sigmaSearch } from '../console/sigma-search';
import type { Session } from '../session';
import type { HandlersFor } from './handler-types';

/** Handlers for shared/methods/console.ts. */
export function consoleHandlers(session: Session): HandlersFor<typeof consoleMethods> {
  const c = () => session.requireCase();
  return {
    querySchema: async () => consoleSchema(c().db),
    runQuery: async (q) => queryConsole(c()).run(q),
    cancelQuery: async () => ({ cancelled: queryConsole(c()).cancel() }),
    exportQueryCsv: async ({ sql, timeout_s }) => exportQueryCsv(c(), sql, timeout_s),
    exportQueryParquet: async ({ sql, path, timeout_s }) => exportQueryParquet(c(), sql, path, timeout_s),
    listSavedQueries: async () => listSavedQueries(c()),
    getSavedQuery: async ({ name }) => getSavedQuery(c(), name),
    saveQuery: async ({ name, sql }) => saveQuery(c(), name, sql),
    deleteSavedQuery: async ({ name }) => deleteSavedQuery(c(), name),
    chartQuery: async (q) => chartQuery(c(), q),
    showSql: async ({ target }) => ({ sql: showSql(target) }),
    sigmaSearch: async ({ rule, limit }) => sigmaSearch(c(), rule, limit),
  };
}
