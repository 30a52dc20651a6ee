import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { TrailmarkError } from '../../../shared/errors';
import type { CaseFile } from '../case/case-file';
import { CustodyWriteError, type CustodyItem } from '../case/custody';
import type { Duck } from '../db/duck';
import type { DigestScope } from '../case/digest';
import { lit, param, sql } from '../db/sql';
import type { IngestFileReport, IngestSummary, Source } from '../../../shared/model';
import { stageIntegrity } from '../integrity/ingest-hook';
import type { JobContext } from '../jobs/job-runner';
import type { Readable } from '../ingest/batches';
import { loadFiles } from '../ingest/load-files';
import { DEFAULT_LIMITS, type IngestLimits } from '../ingest/limits';
import { listMappings, mappingFor } from '../ingest/mappings';
import { genericInsertSql } from '../ingest/sources/generic';
import { formatById, IDENTITIES_BY_SOURCE } from '../ingest/sources/registry';
import {
  COMMIT_INGEST_SQL,
  CREATE_STAGE_TABLES_SQL,
  DROP_STAGE_TABLES_SQL,
  DROP_UNCOMMITTED_EVENTS_SQL,
  finishLoadStatements,
  INGEST_ISSUE_COLUMNS,
} from '../ingest/stage-tables';
import { failChangedFiles } from '../ingest/unchanged';
import { EvidenceWalker, type Walked } from '../ingest/walk';
import { buildLineage } from '../identity/lineage';
import { resolveIdentities } from '../identity/resolve';
import { pauseTextIndex, scheduleTextIndex } from '../query/text-index';

const EVIDENCE_COLUMNS = {
  evidence_id: 'INTEGER',
  ingest_id: 'VARCHAR',
  path: 'VARCHAR',
  member_path: 'VARCHAR',
  sha256: 'VARCHAR',
  size: 'BIGINT',
  format: 'VARCHAR',
  skipped_reason: 'VARCHAR',
};
/**
 * Seams for tests, in the core: afterWalk runs once the evidence is hashed and before any of it is read (e.g. to
 * change a file in between, which the ingest must notice; see unchanged.ts).
 */
export const ingestHooks: { afterWalk?: (walked: Walked[]) => Promise<void> } = {};

const display = (w: { origin: string; memberPath: string | null }) =>
  w.memberPath ? `${w.origin}!/${w.memberPath}` : w.origin;

/**
 * Bytes to read, for the progress bar: files, and files in folders (links are not followed here). Synchronous
 * stat calls, yielding to the event loop after each folder: for thousands of small files a thread-pool round
 * trip per file costs far more than the stat itself.
 */
async function totalSize(paths: string[], named = true): Promise<number> {
  let total = 0;
  for (const p of paths) {
    const st = statSync(p, { throwIfNoEntry: false });
    // Inside a folder, a name that is not valid UTF-8 decodes to a path that isn't there: the walk reports it.
    if (!st && !named) continue;
    if (!st) throw new TrailmarkError('bad_input', `${path.resolve(p)}: no such file or folder`, { path: p });
    if (st.isFile()) total += st.size;
    else if (st.isDirectory()) {
      const entries = readdirSync(p, { withFileTypes: true });
      const inner = entries.filter((e) => e.isFile() || e.isDirectory()).map((e) => path.join(p, e.name));
      await new Promise((r) => setImmediate(r));
      total += await totalSize(inner, false);
    }
  }
  return total;
}

/**
 * Adds evidence to a case: walk and hash, sniff, read with DuckDB, normalise, classify identities.
 * A failed or cancelled ingest leaves the case as it was (see stage-tables.ts for how).
 */
export async function ingestPaths(
  c: CaseFile,
  inputs: string[],
  ctx: JobContext,
  limits: IngestLimits = DEFAULT_LIMITS,
): Promise<IngestSummary> {
  const ingestId = randomBytes(8).toString('hex');
  const staging = path.join(c.stagingDir, ingestId);
  const total = await totalSize(inputs);
  let hashed = 0;
  ctx.progress({ phase: 'reading evidence', unit: 'bytes', done: 0, total: total || null, message: '' });
  let committed = false;
  // The text index reads rows by position; it waits while events change, and catches up after.
  pauseTextIndex(c.db);
  const onAbort = () => !committed && c.db.interrupt();
  ctx.signal.addEventListener('abort', onAbort);
  try {
    const walker = new EvidenceWalker(staging, limits, ctx.signal, {
      onBytes: (n) => ctx.progress({ done: (hashed += n), total: Math.max(total, hashed) }),
      onMember: (where) => ctx.progress({ message: where }),
    });
    const walked = await walker.walk(inputs);
    await ingestHooks.afterWalk?.(walked);
    const summary = await c.withIngestMemory(() => load(c, ingestId, walked, staging, ctx));
    committed = true; // from here a cancel comes too late: the evidence is in the case
    return summary;
  } catch (err) {
    if (ctx.signal.aborted && !committed)
      throw new TrailmarkError('cancelled', 'ingest cancelled; the case is as it was before');
    throw err;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    await c.db.run(DROP_STAGE_TABLES_SQL).catch(() => undefined);
    await rm(staging, { recursive: true, force: true });
    void scheduleTextIndex(c.db);
  }
}

/** One `evidence.added` entry per file of this ingest, then `ingest.finished` with the totals. */
async function ingestCustodyItems(db: Duck, ingestId: string): Promise<CustodyItem[]> {
  const files = await db.all<{ path: string; sha256: string; format: string; records: number }>(
    `SELECT CASE WHEN member_path IS NULL THEN path ELSE path || '!/' || member_path END AS path, sha256, format, records
     FROM ingest_evidence ORDER BY evidence_id`,
  );
  const totals = await db.one<{ records: number; loaded: number; quarantined: number }>(
    `SELECT coalesce(sum(records), 0) AS records, coalesce(sum(loaded), 0) AS loaded,
       coalesce(sum(quarantined), 0) AS quarantined FROM ingest_evidence`,
  );
  return [
    ...files.map((f) => ({ action: 'evidence.added', detail: { ...f } })),
    { action: 'ingest.finished', detail: { ingest: ingestId, files: files.length, ...totals } },
  ];
}

async function load(
  c: CaseFile,
  ingestId: string,
  walked: Walked[],
  staging: string,
  ctx: JobContext,
): Promise<IngestSummary> {
  const db = c.db;
  await db.run(CREATE_STAGE_TABLES_SQL);
  const known = new Map(
    (
      await db.all<{ sha256: string; evidence_id: number }>(
        'SELECT sha256, min(evidence_id) AS evidence_id FROM evidence_files WHERE loaded > 0 GROUP BY sha256',
      )
    ).map((r) => [r.sha256, r.evidence_id]),
  );
  const ids = (await db.all<{ id: number }>("SELECT nextval('evidence_seq') AS id FROM range(?)", [walked.length])).map(
    (r) => r.id,
  );
  const integrity = await stageIntegrity(c, ingestId, walked, ids, ctx.signal); // integrity hook (digests, hashes)
  const toRead: Readable[] = [];
  const evidence: Record<string, unknown>[] = [];
  const issues: Record<string, unknown>[] = [];
  const seenThisRun = new Set<string>();
  const mappings = await listMappings(db);
  for (const [i, w] of walked.entries()) {
    const id = ids[i]!;
    let format = w.kind === 'archive' ? w.container : 'skipped';
    // An archive read only in part keeps its one row, with the reason: the issue, not a second listing.
    let skipped: string | null = w.kind === 'skipped' ? w.reason : w.kind === 'archive' ? w.problem : null;
    if (w.kind === 'file') {
      format = w.format;
      const def = formatById(w.format);
      const dup = known.get(w.sha256);
      if (dup !== undefined) skipped = `already in the case (same SHA-256 as evidence #${dup})`;
      else if (seenThisRun.has(w.sha256)) skipped = 'same content as another file in this ingest';
      seenThisRun.add(w.sha256);
      const base = { ...w, evidenceId: id, display: display(w) };
      if (skipped !== null) {
        // listed below as skipped
      } else if (def?.insertSql) {
        const oneLine = Boolean(def.readsOneLineFaster && w.oneLine);
        const key = `${def.id}:${w.gzip}${oneLine ? ':one-line' : ''}`;
        toRead.push({ ...base, oneLine, insertSql: def.insertSql, batchKey: key });
      } else if (def?.notRead) {
        skipped = def.notRead;
      } else {
        const m = await mappingFor(mappings, w.readPath, w.gzip);
        if (m) {
          format = `generic_${m.kind}`;
          toRead.push({
            ...base,
            format,
            insertSql: (o) => genericInsertSql(m, o),
            batchKey: `mapping:${m.name}:${w.gzip}`,
          });
        } else skipped = w.formatNote;
      }
    }
    evidence.push({
      evidence_id: id,
      ingest_id: ingestId,
      path: w.origin,
      member_path: w.memberPath,
      sha256: w.sha256 ?? '',
      size: w.size ?? 0,
      format,
      skipped_reason: skipped,
    });
    if (w.kind !== 'file' && skipped !== null)
      issues.push({ ingest_id: ingestId, evidence_id: id, file: display(w), reason: skipped });
  }
  await db.insertRows('ingest_evidence', EVIDENCE_COLUMNS, evidence);
  await db.insertRows('ingest_new_issues', INGEST_ISSUE_COLUMNS, issues);

  try {
    await loadFiles(c, ingestId, toRead, staging, ctx);
    if (ctx.signal.aborted) throw new TrailmarkError('cancelled', 'ingest cancelled');
    await failChangedFiles(c, ingestId, toRead, ctx.signal);
    for (const statement of finishLoadStatements(ingestId)) await db.run(statement);
    ctx.progress({ phase: 'saving to the case', unit: 'steps', done: 0, total: 1, message: '' });
    const sources = await db.all<{ source: Source }>(
      'SELECT DISTINCT source FROM events WHERE evidence_id IN (SELECT evidence_id FROM ingest_evidence)',
    );
    const identitySqls = [...new Set(sources.map((r) => IDENTITIES_BY_SOURCE[r.source]).filter(Boolean))];
    // The evidence, its events' ownership and the custody entries that record them commit together.
    await c.custody.record({
      change: async () => {
        await db.run(COMMIT_INGEST_SQL);
        // The phases name the identity step and the custody step apart, so their cost can be timed (npm run bench).
        ctx.progress({ phase: 'resolving identities', unit: 'steps', done: 0, total: 1, message: '' });
        const rekeyed = await resolveIdentities(
          db,
          sources.map((r) => r.source),
        );
        for (const sql of identitySqls) await db.run(sql);
        await integrity.commit(); // integrity hook
        // Lineage last, alone in its phase, so the bench times it apart from the identity step.
        ctx.progress({ phase: 'building lineage', unit: 'steps', done: 0, total: 1, message: '' });
        await buildLineage(db);
        ctx.progress({ phase: 'recording custody', unit: 'steps', done: 0, total: 1, message: '' });
        return rekeyed;
      },
      items: () => ingestCustodyItems(db, ingestId),
      // Keys merged over the whole case move rows the case already had: those tables are digested again whole.
      // Otherwise the ingest only added rows, and their sums are added to the digests.
      touches: (rekeyed): DigestScope =>
        rekeyed > 0
          ? { tables: ['evidence_files', 'ingest_issues', 'events', 'findings', 'annotations', 'identity_overrides'] }
          : {
              added: {
                evidence_files: lit('evidence_id IN (SELECT evidence_id FROM ingest_evidence)'),
                ingest_issues: sql`ingest_id = ${param(ingestId)}`,
                events: lit('evidence_id IN (SELECT evidence_id FROM ingest_evidence)'),
              },
            },
    });
  } catch (err) {
    if (!(err instanceof CustodyWriteError)) await db.run(DROP_UNCOMMITTED_EVENTS_SQL);
    throw err;
  }
  ctx.progress({ phase: 'writing the case', unit: 'steps', done: 0, total: 1, message: '' });
  // Write the new row groups out now, under the ingest's memory limit: left to the next checkpoint (at close, under
  // the case's limit) it took 4.6 GB of RSS after 10 million events, 1.3 GB here. Failing here loses nothing.
  await db.run('CHECKPOINT').catch(() => undefined);
  // The identities this ingest named, counted as `identities` and `info` count them: rows of effective_identities.
  // ingest_actors also holds keys that are no identity (a role a web identity assumed but that never acted).
  const identities = await db.scalar<number>(
    'SELECT count(*) FROM effective_identities WHERE actor_uid IN (SELECT actor_uid FROM ingest_actors)',
  );

  const files = await db.all<IngestFileReport & { skipped_reason: string | null }>(
    `SELECT CASE WHEN member_path IS NULL THEN path ELSE path || '!/' || member_path END AS path,
       sha256, format, records, loaded, quarantined, skipped_reason
     FROM ingest_evidence ORDER BY evidence_id`,
  );
  const reports: IngestFileReport[] = files.map(({ skipped_reason, ...f }) =>
    skipped_reason ? { ...f, skipped_reason } : f,
  );
  const sum = (k: 'records' | 'loaded' | 'quarantined') => reports.reduce((a, f) => a + f[k], 0);
  return {
    case: c.dir,
    files: reports,
    records: sum('records'),
    loaded: sum('loaded'),
    quarantined: sum('quarantined'),
    identities,
  };
}
