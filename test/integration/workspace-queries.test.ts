import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PAGE_LIMIT_MAX } from '../../shared/methods/define';
import { sql, type Sql } from '../../main/core/db/sql';
import type { CoreService } from '../../main/core/api/service';
import { generateCloudTrailArchive } from '../../main/core/demo/generate-cloudtrail';
import { createCoreService } from '../../main/core/api/service';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

// A real case from the seeded generator: every figure is checked against a second, independent way of counting.
let core: CoreService;
let caseDir: string;
let total = 0;
let machineRole = '';

beforeAll(async () => {
  const root = await tempDir();
  await generateCloudTrailArchive({ outDir: path.join(root, 'ct'), seed: 3, days: 4, scale: 0.3 });
  ({ core, dir: caseDir } = await openTempCase('ws'));
  await ingest(core, [path.join(root, 'ct')]);
  total = (await core.api.queryEvents({ limit: 1 })).total!;
  const roles = await core.api.listIdentities({ category: 'machine', kind: 'iam_role', limit: 1 });
  machineRole = roles.rows[0]!.actor_uid;
});
afterAll(() => core.close());

describe('workspace queries on a generated case', () => {
  it('keyset pages are exactly the offset pages, both ways', async () => {
    for (const order of ['asc', 'desc'] as const) {
      const byOffset = await core.api.queryEvents({ order, offset: 0, limit: 600, count: false });
      const keyset = [];
      let after;
      for (let i = 0; i < 3; i++) {
        const page = await core.api.queryEvents({ order, limit: 200, count: false, ...(after ? { after } : {}) });
        keyset.push(...page.rows);
        const last = page.rows[page.rows.length - 1]!;
        after = { time: last.time, event_uid: last.event_uid };
      }
      expect(keyset.map((r) => r.event_uid)).toEqual(byOffset.rows.map((r) => r.event_uid));
    }
  });

  it('sorts by a column, then by time; missing values last both ways; pages join without gaps', async () => {
    const filter = { actor_uids: [machineRole] };
    const n = (await core.api.queryEvents({ filter, limit: 1 })).total!;
    for (const order of ['asc', 'desc'] as const) {
      const all = (await core.api.queryEvents({ filter, sort: 'src_ip', order, limit: 2000, count: false })).rows;
      expect(all.length).toBe(Math.min(n, 2000));
      const key = (r: (typeof all)[number]) => [r.src_ip, r.time, r.event_uid] as const;
      for (let i = 1; i < all.length; i++) {
        const [a, b] = [key(all[i - 1]!), key(all[i]!)];
        if (a[0] === null)
          expect(b[0]).toBeNull(); // NULLS LAST
        else if (b[0] !== null && a[0] !== b[0]) expect(order === 'asc' ? a[0] < b[0] : a[0] > b[0]).toBe(true);
        else if (a[0] === b[0]) expect(order === 'asc' ? a[1] <= b[1] : a[1] >= b[1]).toBe(true);
      }
      // A cursor is ignored out of time order: the second page is the offset page, even with one given.
      const p2 = await core.api.queryEvents({
        filter,
        sort: 'src_ip',
        order,
        offset: 100,
        limit: 100,
        count: false,
        after: { time: all[99]!.time, event_uid: all[99]!.event_uid },
      });
      expect(p2.rows.map((r) => r.event_uid)).toEqual(all.slice(100, 200).map((r) => r.event_uid));
    }
    await expect(core.api.queryEvents({ sort: 'raw' as never })).rejects.toThrow(/sort/);
  });

  it('a page sorted by a column reads the whole rows of that page only (late materialization), up to the largest page', async () => {
    const db = core.session.requireCase().db;
    const all = db.all.bind(db);
    const pages: Sql[] = [];
    const spy = vi.spyOn(db, 'all').mockImplementation((q, params) => {
      if (typeof q !== 'string' && /ORDER BY e\."?src_ip/.test(q.text)) pages.push(q);
      return all(q, params);
    });
    try {
      await core.api.queryEvents({ sort: 'src_ip', limit: PAGE_LIMIT_MAX, count: false });
    } finally {
      spy.mockRestore();
    }
    expect(pages).toHaveLength(1);
    const plan = await db.all<{ explain_value: string }>(sql`EXPLAIN ${pages[0]!}`);
    // The sort keys go through TOP_N; the page's rows are joined back by row id (a SEMI join).
    expect(plan.map((r) => r.explain_value).join('\n')).toMatch(/SEMI/);
  });

  it('an event read with the time its page showed equals the event read by id alone, and a wrong time still finds it', async () => {
    const rows = (await core.api.queryEvents({ sort: 'src_ip', order: 'desc', limit: 5, count: false })).rows;
    for (const r of rows) {
      const byId = await core.api.getEvent({ event_uid: r.event_uid });
      expect(await core.api.getEvent({ event_uid: r.event_uid, time: r.time })).toEqual(byId);
      expect(await core.api.getEvent({ event_uid: r.event_uid, time: '2001-01-01T00:00:00Z' })).toEqual(byId);
    }
    await expect(core.api.getEvent({ event_uid: 'no-such-event', time: rows[0]!.time })).rejects.toThrow(/no event/);
    await expect(core.api.getEvent({ event_uid: rows[0]!.event_uid, time: 'yesterday-ish' })).rejects.toThrow(/time/);
  });

  it('timeline, heatmap and top-N all count the same events as the table', async () => {
    const filter = { actor_uids: [machineRole] };
    const n = (await core.api.queryEvents({ filter, limit: 1 })).total!;
    expect(n).toBeGreaterThan(0);
    const tl = await core.api.eventTimeline({ filter, buckets: 1000, stack: 'operation', series: 5 });
    expect(tl.total).toBe(n);
    expect(tl.series.length).toBeLessThanOrEqual(6);
    expect(new Set(tl.points.map((p) => p.t)).size).toBeLessThanOrEqual(1001);
    const heat = await core.api.eventHeatmap({ filter });
    expect(heat.reduce((a, c) => a + c.n, 0)).toBe(n);
    for (const c of heat) expect(c.dow >= 1 && c.dow <= 7 && c.hour >= 0 && c.hour < 24).toBe(true);
    const top = await core.api.topValues({ filter, dimensions: ['operation', 'src_ip'], limit: 100 });
    expect(top.operation!.reduce((a, v) => a + v.n, 0)).toBe(n);
    const op = top.operation![0]!;
    const opCount = await core.api.queryEvents({ filter: { ...filter, operation: op.value }, limit: 1 });
    expect(opCount.total).toBe(op.n);
    // The whole case by category: human + machine + unknown = everything.
    const cat = await core.api.eventTimeline({ buckets: 200, stack: 'category' });
    expect(cat.total).toBe(total);
  });

  it('a brushed window counts only what lies in it', async () => {
    const all = await core.api.queryEvents({ limit: 1 });
    const first = (await core.api.queryEvents({ limit: 1, count: false })).rows[0]!.time;
    const to = new Date(Date.parse(first) + 86_400_000).toISOString();
    const windowed = await core.api.queryEvents({ filter: { to }, limit: 1 });
    expect(windowed.total).toBeGreaterThan(0);
    expect(windowed.total).toBeLessThan(all.total!);
    const tl = await core.api.eventTimeline({ filter: { from: first, to }, buckets: 100 });
    expect(tl.total).toBe(windowed.total);
  });

  it('filters by CIDR, outcome and free text', async () => {
    const ip = (await core.api.topValues({ dimensions: ['src_ip'], limit: 1 })).src_ip![0]!;
    const exact = await core.api.queryEvents({ filter: { ip: ip.value }, limit: 5 });
    expect(exact.total).toBe(ip.n);
    if (/^\d+\.\d+\.\d+\.\d+$/.test(ip.value)) {
      const cidr = await core.api.queryEvents({ filter: { ip: `${ip.value}/32` }, limit: 1 });
      expect(cidr.total).toBe(ip.n);
      const wide = await core.api.queryEvents({ filter: { ip: `${ip.value.split('.')[0]}.0.0.0/8` }, limit: 1 });
      expect(wide.total).toBeGreaterThanOrEqual(ip.n);
    }
    const failures = await core.api.queryEvents({ filter: { outcome: 'failure' }, limit: 50 });
    expect(failures.rows.every((r) => r.outcome === 'failure')).toBe(true);
    const text = await core.api.queryEvents({ filter: { text: 'AccessDenied' }, limit: 1 });
    expect(text.total).toBeGreaterThan(0);
    // Case-insensitive, counted in the same pass as the page, and the same rows as paging without a count.
    const lower = await core.api.queryEvents({ filter: { text: 'accessdenied' }, limit: 500 });
    expect(lower.total).toBe(text.total);
    const uncounted = await core.api.queryEvents({ filter: { text: 'accessdenied' }, limit: 500, count: false });
    expect(uncounted.rows).toEqual(lower.rows);
    const past = await core.api.queryEvents({ filter: { text: 'AccessDenied' }, offset: 10_000_000, limit: 5 });
    expect([past.rows.length, past.total]).toEqual([0, text.total]);
    await expect(core.api.queryEvents({ filter: { ip: '10.0.0.0/40' } })).rejects.toThrow(/CIDR/);
  });

  it('facets count identities under the other filters', async () => {
    const facets = await core.api.identityFacets({ category: 'machine' });
    const all = await core.api.listIdentities({ limit: 1 });
    expect(facets.category.reduce((a, f) => a + f.n, 0)).toBe(all.total);
    const machines = await core.api.listIdentities({ category: 'machine', limit: 1 });
    expect(facets.kind.reduce((a, f) => a + f.n, 0)).toBe(machines.total);
    const byFirst = await core.api.listIdentities({ sort: 'first_seen', limit: 500 });
    const times = byFirst.rows.map((r) => r.first_seen ?? '');
    expect([...times].sort()).toEqual(times);
  });

  it('a reclassification is seen by every view and written to custody', async () => {
    const before = await core.api.eventTimeline({ stack: 'category', buckets: 10 });
    const machineBefore = before.points.filter((p) => before.series[p.s] === 'machine').reduce((a, p) => a + p.n, 0);
    const id = await core.api.setIdentityCategory({ actor_uid: machineRole, category: 'human', note: 'ran by hand' });
    expect(id.category).toBe('human');
    expect(id.reason).toContain('ran by hand');
    const roleEvents = (await core.api.queryEvents({ filter: { actor_uids: [machineRole] }, limit: 1 })).total!;
    const after = await core.api.eventTimeline({ stack: 'category', buckets: 10 });
    const machineAfter = after.points.filter((p) => after.series[p.s] === 'machine').reduce((a, p) => a + p.n, 0);
    expect(machineBefore - machineAfter).toBe(roleEvents);
    const humans = await core.api.queryEvents({ filter: { category: 'human', actor_uids: [machineRole] }, limit: 1 });
    expect(humans.total).toBe(roleEvents);
    await expect(
      core.api.setIdentityCategory({ actor_uid: machineRole, category: 'machine', note: ' ' }),
    ).rejects.toThrow();
    const restored = await core.api.setIdentityCategory({ actor_uid: machineRole, category: null, note: 'undo' });
    expect(restored.overridden).toBe(false);
    const custody = await readFile(path.join(caseDir, 'custody.jsonl'), 'utf8');
    expect(custody).toContain('"identity.reclassified"');
    expect(custody).toContain('ran by hand');
  });

  it('flags land on the timeline and in custody, and survive reopening with the view state', async () => {
    const ev = (await core.api.queryEvents({ filter: { actor_uids: [machineRole] }, limit: 1 })).rows[0]!;
    const flag = await core.api.addAnnotation({
      target_kind: 'event',
      target_id: ev.event_uid,
      severity: 'high',
      tags: ['exfil'],
      note: 'look here',
    });
    expect(flag.at).toBe(ev.time);
    expect(flag.actor_uid).toBe(machineRole);
    const range = await core.api.addAnnotation({
      target_kind: 'range',
      target_id: `${ev.time}/${new Date(Date.parse(ev.time) + 3_600_000).toISOString()}`,
      kind: 'note',
      note: 'window',
    });
    expect(range.until).not.toBeNull();
    await expect(core.api.addAnnotation({ target_kind: 'event', target_id: 'nope' })).rejects.toThrow(/no event/);
    const markers = await core.api.timelineMarkers({ actor_uids: [machineRole] });
    expect(markers.find((m) => m.kind === 'flag' && m.id === String(flag.annotation_id))?.title).toBe('look here');
    await core.api.saveViewState({ state: '{"view":"identity"}' });

    core.close();
    core = createCoreService('cli');
    await core.api.openCase({ path: caseDir });
    const listed = await core.api.listAnnotations({ target_kind: 'event', target_id: ev.event_uid });
    expect(listed.rows.map((r) => [r.note, r.tags, r.severity])).toEqual([['look here', ['exfil'], 'high']]);
    expect((await core.api.getViewState({})).state).toBe('{"view":"identity"}');
    const custody = await readFile(path.join(caseDir, 'custody.jsonl'), 'utf8');
    expect(custody).toContain('"annotation.flag"');
    expect(custody).toContain('"annotation.note"');
  });
});
