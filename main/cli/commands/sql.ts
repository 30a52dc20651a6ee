import { readFile } from 'node:fs/promises';
import type { QueryResult } from '../../../shared/methods/console';
import { TrailmarkError } from '../../../shared/errors';
import type { CoreService } from '../../core/api/service';
import { intOption, parse, positional, UsageError } from '../args';
import { printJson, printLine, printTable } from '../output';

export const USAGE = `trailmark sql <case> "SELECT …" | -f FILE.sql | --sigma RULE.yml | --saved [NAME] | --delete NAME
                     [--save NAME] [--csv] [--parquet FILE.parquet] [--limit N] [--offset N] [--timeout SECONDS] [--json]`;

const cell = (v: unknown) =>
  v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);

function csvField(v: unknown): string {
  const s = cell(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function printResult(r: QueryResult, values: Record<string, unknown>): void {
  if (values.json) return printJson(r);
  if (values.csv) {
    process.stdout.write(
      [r.columns.map((c) => c.name), ...r.rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n',
    );
    return;
  }
  printTable(
    r.columns.map((c) => c.name),
    r.rows.map((row) => row.map(cell)),
  );
  printLine(
    `${r.rows.length} row${r.rows.length === 1 ? '' : 's'}${r.more ? ` (more: --offset ${r.offset + r.rows.length})` : ''}` +
      ` · ${r.elapsed_ms} ms · result SHA-256 ${r.sha256} (in custody)`,
  );
}

/** Read-only SQL over the case's views (docs/query-views.md); every run is recorded in the case's custody log. */
export async function sqlCommand(core: CoreService, argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      file: { type: 'string', short: 'f' },
      sigma: { type: 'string' },
      save: { type: 'string' },
      saved: { type: 'boolean' },
      delete: { type: 'string' },
      csv: { type: 'boolean' },
      parquet: { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
      timeout: { type: 'string' },
    },
    USAGE,
  );
  const [casePath, inline, ...extra] = positional(positionals, 1, USAGE);
  if (extra.length) throw new UsageError(`one query at a time (quote it)\nusage: ${USAGE}`);
  const limit = intOption(values.limit as string | undefined, 'limit');
  const offset = values.offset === undefined ? 0 : Number(values.offset);
  if (!Number.isInteger(offset) || offset < 0)
    throw new UsageError(`--offset takes a whole number, not "${values.offset}"`);
  const timeout = intOption(values.timeout as string | undefined, 'timeout');
  await core.api.openCase({ path: casePath!, create: false });

  if (typeof values.delete === 'string') {
    const r = await core.api.deleteSavedQuery({ name: values.delete });
    if (values.json) printJson(r);
    else printLine(`deleted the saved query "${r.deleted}"`);
    return 0;
  }
  if (values.saved && inline === undefined && values.file === undefined) {
    const list = await core.api.listSavedQueries({});
    if (values.json) printJson(list);
    else
      printTable(
        ['name', 'saved_by', 'saved_at', 'sql'],
        list.map((q) => [q.name, q.saved_by, q.saved_at, q.sql]),
        80,
      );
    return 0;
  }
  if (typeof values.sigma === 'string') {
    const text = await readFile(values.sigma, 'utf8').catch((err: Error) => {
      throw new TrailmarkError('bad_input', `cannot read ${values.sigma}: ${err.message}`);
    });
    const r = await core.api.sigmaSearch({ rule: text, limit });
    if (values.json) printJson(r);
    else {
      for (const rej of r.rejected) printLine(`not run: ${rej.title ?? '(untitled)'}: ${rej.reason}`);
      printResult(r.result, values);
    }
    return 0;
  }
  let text: string;
  if (typeof values.file === 'string') {
    text = await readFile(values.file, 'utf8').catch((err: Error) => {
      throw new TrailmarkError('bad_input', `cannot read ${values.file}: ${err.message}`);
    });
  } else if (values.saved && inline !== undefined) {
    text = (await core.api.getSavedQuery({ name: inline })).sql; // --saved NAME runs it
  } else if (inline !== undefined) {
    text = inline;
  } else throw new UsageError(`give a query, -f FILE.sql, --sigma RULE.yml or --saved\nusage: ${USAGE}`);

  if (typeof values.parquet === 'string') {
    // The whole result, not a page: written by the core with DuckDB's COPY, recorded in custody with its hash.
    const x = await core.api.exportQueryParquet({ sql: text, path: values.parquet, timeout_s: timeout });
    if (values.json) printJson(x);
    else printLine(`wrote ${x.rows} rows to ${x.path} · SHA-256 ${x.sha256} (in custody)`);
  } else printResult(await core.api.runQuery({ sql: text, limit, offset, timeout_s: timeout }), values);
  if (typeof values.save === 'string') {
    const saved = await core.api.saveQuery({ name: values.save, sql: text });
    if (!values.json && !values.csv) printLine(`saved as "${saved.name}"`);
  }
  return 0;
}
