import { TrailmarkError } from '../../../shared/errors';
import type { CaseFile } from '../case/case-file';
import { sha256 } from '../case/custody-chain';
import { join, param, sql, type Sql } from '../db/sql';
import { compileRuleDocs } from '../sigma';
import { splitDocuments } from '../sigma/rule-doc';
import type { ConsoleResult } from './runner';

/**
 * Sigma as search: the rule (YAML text, one or more documents) compiled by the same compiler analysis uses, and
 * the events its rules match, earliest first, with the compiled SQL and its parameters so the match can be
 * re-performed. Recorded in custody with the rule text and the hash of the rows returned.
 */
export async function sigmaSearch(c: CaseFile, ruleText: string, limit: number) {
  const { docs, errors } = splitDocuments('rule', ruleText);
  // A rule pasted to search with often has no id yet (or is just a detection with its logsource): one is made up
  // for it, as the compiler needs one to name the rule.
  docs.forEach((d, i) => {
    if (d.doc.id === undefined && d.doc.name === undefined) d.doc = { id: `console-rule-${i + 1}`, ...d.doc };
    if (d.doc.title === undefined) d.doc = { title: `console rule ${i + 1}`, ...d.doc };
  });
  const set = compileRuleDocs(docs);
  const rejected = [
    ...errors.map((e) => ({ title: null, reason: e.reason })),
    ...set.rejected.map((r) => ({ title: r.title, reason: r.reason })),
  ];
  const rules = set.rules.filter((r) => r.standalone);
  if (rules.length === 0)
    throw new TrailmarkError(
      'bad_input',
      `the Sigma rule cannot run: ${rejected.map((r) => r.reason).join('; ') || 'it holds no rule'}`,
    );
  const started = Date.now();
  const matches: Sql = join(
    rules.map((r) => sql`SELECT ${param(r.title)} AS rule, m.event_uid FROM (${{ text: r.sql, params: r.params }}) m`),
    ' UNION ALL ',
  );
  const rows = await c.db.all(sql`
    SELECT m.rule, strftime(e.time AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS time, e.actor_uid, e.source,
      e.api_operation, e.src_ip, e.event_uid
    FROM (${matches}) m JOIN events e USING (event_uid)
    ORDER BY e.time, e.event_uid, m.rule LIMIT ${param(limit + 1)}`);
  const columns = ['rule', 'time', 'actor_uid', 'source', 'api_operation', 'src_ip', 'event_uid'].map((name) => ({
    name,
    type: 'VARCHAR',
  }));
  const page = rows.slice(0, limit).map((r) => columns.map((col) => r[col.name] ?? null));
  const hash = sha256(JSON.stringify({ columns, rows: page }));
  const result: ConsoleResult = {
    columns,
    rows: page,
    offset: 0,
    more: rows.length > limit,
    sha256: hash,
    elapsed_ms: Date.now() - started,
  };
  await c.custody.append('query.sigma', {
    rule: ruleText,
    rules: rules.map((r) => r.id),
    rows: page.length,
    more: result.more,
    result_sha256: hash,
  });
  return {
    rules: rules.map((r) => ({ id: r.id, title: r.title, sql: r.sql, params: r.params as unknown[] })),
    rejected,
    result,
  };
}
