import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { queryConsole } from '../../main/core/console/runner';
import { lit } from '../../main/core/db/sql';
import { attackInjection } from '../../main/core/demo/attacks';
import { generateCloudTrailArchive } from '../../main/core/demo/generate-cloudtrail';
import { resultOf } from '../../shared/jobs';
import type { ShowSqlTarget } from '../../shared/methods/console';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

// "Show SQL": each view's SQL, run through the console (its statement check, its connection, the q views),
// returns exactly the rows the view showed.
let core: CoreService;
let role = '';
let finding = { id: '', actor_uid: '', detectors: [] as string[] };

beforeAll(async () => {
  const root = await tempDir();
  await generateCloudTrailArchive({
    outDir: path.join(root, 'ct'),
    seed: 5,
    days: 16,
    scale: 0.3,
    inject: attackInjection().inject,
  });
  ({ core } = await openTempCase('show-sql'));
  await ingest(core, [path.join(root, 'ct')]);
  const { job } = await core.api.startAnalysis({ default_rules: false });
  const end = await core.session.jobs.wait(job);
  if (!resultOf(end, 'analysis')) throw new Error(`analysis ${end.state}`);
  const f = (await core.api.listFindings({ min_severity: 'medium', limit: 1 })).rows[0]!;
  finding = { id: f.id, actor_uid: f.actor_uid!, detectors: f.detectors };
  // The finding's identity, and a category override, so the views' override handling is exercised too.
  role = finding.actor_uid;
  const other = (await core.api.listIdentities({ category: 'machine', limit: 2 })).rows.find(
    (r) => r.actor_uid !== role,
  )!;
  await core.api.setIdentityCategory({ actor_uid: other.actor_uid, category: 'human', note: 'checked' });
}, 240_000);
afterAll(() => core?.close());

/** The view's SQL run through the console, as objects by column name. */
async function console(target: ShowSqlTarget): Promise<Record<string, unknown>[]> {
  const { sql } = await core.api.showSql({ target });
  expect(sql).not.toMatch(/\?/);
  const r = await queryConsole(core.session.requireCase()).run({ sql, limit: 10_000 }, 10_000);
  expect(r.more).toBe(false);
  return r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c.name, row[i]])));
}

const num = (v: unknown) => Number(v);

describe('Show SQL returns what the view showed', () => {
  it('the events table, under a filter, every page of it in order', async () => {
    const filters = [
      {},
      { actor_uids: [role], outcome: 'success' as const },
      { category: 'human' as const, ip: '10.0.0.0/8' },
      { text: 'AccessDenied', from: '2020-01-01T00:00:00Z' },
      { finding: finding.id, user_agent: "o'" },
    ];
    for (const filter of filters) {
      for (const [sort, order] of [
        ['time', 'asc'],
        ['time', 'desc'],
        ['src_ip', 'asc'],
        ['target', 'desc'],
      ] as const) {
        const view = await core.api.queryEvents({ filter, sort, order, limit: 2000 });
        const { sql } = await core.api.showSql({ target: { view: 'events', filter, sort, order } });
        const qc = queryConsole(core.session.requireCase());
        const page = await qc.run({ sql, limit: 2000 });
        expect(page.rows.map((r) => r[0])).toEqual(view.rows.map((r) => r.event_uid));
        const count = await qc.run({ sql: `SELECT count(*) FROM (${sql})` });
        expect(Number(count.rows[0]![0])).toBe(view.total);
      }
    }
  });

  it('a finding: its evidence events', async () => {
    const f = await core.api.getFinding({ id: finding.id });
    const rows = await console({ view: 'finding', id: finding.id });
    expect(rows.map((r) => r.event_uid).sort()).toEqual([...f.event_uids].sort());
    expect(rows.length).toBeGreaterThan(0);
  });

  it('the identity list, with its facets, search and order', async () => {
    for (const q of [
      {},
      { category: 'machine' as const, sort: 'findings' as const },
      { search: 'role', sort: 'name' as const },
    ]) {
      const view = await core.api.listIdentities({ ...q, limit: 5000 });
      const rows = await console({ view: 'identities', ...q });
      expect(rows.map((r) => [r.actor_uid, r.category, num(r.findings), num(r.event_count)])).toEqual(
        view.rows.map((r) => [r.actor_uid, r.category, r.findings, r.event_count]),
      );
    }
  });

  it("an identity's timeline and the case's, stacked, each bucket and series", async () => {
    const charts = [
      { filter: { actor_uids: [role] }, stack: 'operation' as const, buckets: 200 },
      { filter: { actor_uids: [role] }, stack: 'none' as const, buckets: 50 },
      { filter: {}, stack: 'category' as const, buckets: 300, series: 3 },
      { filter: { outcome: 'failure' as const }, stack: 'actor' as const, buckets: 100, order: 'rare' as const },
    ];
    for (const c of charts) {
      const tl = await core.api.eventTimeline(c);
      const view = tl.points.map((p) => `${p.t} ${tl.series[p.s]} ${p.n}`).sort();
      const { buckets: _, ...rest } = c;
      const rows = await console({ view: 'timeline', ...rest, bucket_seconds: tl.bucket_seconds });
      expect(rows.map((r) => `${num(r.t)} ${String(r.s)} ${num(r.n)}`).sort()).toEqual(view);
      expect(view.length).toBeGreaterThan(0);
    }
  });

  it('top values panels: IPs, user agents, operations, for an identity and the case, top and rare', async () => {
    for (const filter of [{ actor_uids: [role] }, {}, { outcome: 'failure' as const }]) {
      for (const order of ['top', 'rare'] as const) {
        const view = await core.api.topValues({
          filter,
          dimensions: ['src_ip', 'user_agent', 'operation'],
          limit: 7,
          order,
        });
        for (const dimension of ['src_ip', 'user_agent', 'operation'] as const) {
          const rows = await console({ view: 'top_values', filter, dimension, limit: 7, order });
          expect(rows.map((r) => [r.value, num(r.n), num(r.failures)])).toEqual(
            view[dimension]!.map((v) => [v.value, v.n, v.failures]),
          );
        }
      }
    }
  });

  it('the findings list, filtered as the findings page filters it', async () => {
    const detector = finding.detectors[finding.detectors.length - 1]!;
    for (const q of [
      {},
      { min_severity: 'high' as const },
      { actor_uid: role, status: 'new' as const },
      // A finding several detectors agreed on is found by any of them (q.findings.detectors).
      { detector },
    ]) {
      const view = await core.api.listFindings({ ...q, limit: 5000 });
      const rows = await console({ view: 'findings', ...q });
      expect(rows.map((r) => [r.finding_id, num(r.event_count)])).toEqual(
        view.rows.map((f) => [f.id, f.event_uids.length]),
      );
      expect(rows.length).toBe(view.total);
    }
  });

  it("an identity's lineage panel: its parents and children, each link with its evidence", async () => {
    const db = core.session.requireCase().db;
    const actors = await db.all<{ uid: string }>(
      lit(`SELECT parent_uid AS uid FROM lineage_edges UNION SELECT child_uid FROM lineage_edges WHERE child_uid IS NOT NULL
           ORDER BY 1 LIMIT 5`),
    );
    expect(actors.length).toBeGreaterThan(0);
    for (const { uid } of actors) {
      const view = await core.api.identityLineage({ actor_uid: uid, depth: 2, limit: 200 });
      const rows = await console({ view: 'lineage', actor_uid: uid, depth: 2, limit: 200 });
      expect(rows.map((r) => [r.direction, r.kind, r.parent_uid, r.child_uid, num(r.use_count)])).toEqual(
        view.map((l) => [l.direction, l.kind, l.parent_uid, l.child_uid, l.use_count]),
      );
    }
  });
});
