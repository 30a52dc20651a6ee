import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { generateCloudTrailArchive } from '../../main/core/demo/generate-cloudtrail';
import { pauseTextIndex, scheduleTextIndex } from '../../main/core/query/text-index';
import { eventsSource } from '../../main/core/query/text-scope';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

// Free-text pages and counts must be exactly what a plain scan of every raw record gives, with the word-start
// rule written here once more in JavaScript: with no index, with the index, with part of the events not indexed
// yet, and after the index is found stale. Small blocks (2^9 rows) so a search narrows to a few of many.
process.env.TRAILMARK_TEXT_BLOCK_SHIFT = '9';

let core: CoreService;
let root: string;
type Raw = { event_uid: string; time: string; raw: string };
let all: Raw[];

beforeAll(async () => {
  root = await tempDir();
  await generateCloudTrailArchive({ outDir: path.join(root, 'ct'), seed: 9, days: 4, scale: 0.3 });
  await generateCloudTrailArchive({ outDir: path.join(root, 'ct2'), seed: 11, days: 2, scale: 0.2 });
  ({ core } = await openTempCase('text'));
  await ingest(core, [path.join(root, 'ct')]);
});
afterAll(() => core.close());

const db = () => core.session.requireCase().db;

async function readAll(): Promise<Raw[]> {
  const rows = await db().all<{ event_uid: string; ms: number; raw: string }>(
    'SELECT event_uid, epoch_ms(time) AS ms, CAST(raw AS VARCHAR) AS raw FROM events',
  );
  return rows.map((r) => ({ event_uid: r.event_uid, time: new Date(r.ms).toISOString(), raw: r.raw }));
}

async function indexReady(): Promise<void> {
  for (;;) {
    const s = await core.api.textIndexStatus({});
    if (s.state === 'ready') return;
    if (s.state === 'failed') throw new Error(`text index failed: ${s.error}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The rule, independently: case-insensitive; at a word start unless it starts with * or with punctuation. */
function matcher(text: string): (raw: string) => boolean {
  const t = text.trim();
  const anywhere = t.startsWith('*');
  const literal = t.replace(/^\*+/, '');
  const wordStart = !anywhere && /^(?:[A-Za-z0-9._@-]|\P{ASCII})/u.test(literal);
  const re = new RegExp(`${wordStart ? '(?:^|[^A-Za-z0-9._@\\-\\u0080-\\u{10FFFF}])' : ''}${escape(literal)}`, 'iu');
  return (raw) => re.test(raw);
}

function oracle(text: string, order: 'asc' | 'desc', limit: number, after?: { time: string; event_uid: string }) {
  const hit = matcher(text);
  const key = (r: { time: string; event_uid: string }) => `${r.time}|${r.event_uid}`;
  const rows = all.filter((r) => hit(r.raw)).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  if (order === 'desc') rows.reverse();
  const from = after ? rows.findIndex((r) => (order === 'asc' ? key(r) > key(after) : key(r) < key(after))) : 0;
  return { page: (from < 0 ? [] : rows.slice(from, from + limit)).map((r) => r.event_uid), total: rows.length };
}

async function expectSameAsScan(texts: string[]) {
  for (const text of texts) {
    for (const order of ['asc', 'desc'] as const) {
      const first = await core.api.queryEvents({ filter: { text }, order, limit: 50 });
      const want = oracle(text, order, 50);
      expect(
        first.rows.map((r) => r.event_uid),
        `${text} ${order}`,
      ).toEqual(want.page);
      expect(first.total, text).toBe(want.total);
      expect((await core.api.countEvents({ filter: { text } })).total, text).toBe(want.total);
      const last = first.rows[first.rows.length - 1];
      if (!last) continue;
      const after = { time: last.time, event_uid: last.event_uid };
      const next = await core.api.queryEvents({ filter: { text }, order, after, limit: 50, count: false });
      expect(
        next.rows.map((r) => r.event_uid),
        `${text} ${order} page 2`,
      ).toEqual(oracle(text, order, 50, after).page);
    }
  }
}

/** A handful of searches of every kind: common, rare, prefixes, punctuation, anywhere, none. */
function searches(): string[] {
  const rec = JSON.parse(all[Math.floor(all.length / 3)]!.raw) as Record<string, unknown>;
  const ip = String(rec.sourceIPAddress);
  return [
    'accessdenied',
    'AccessDen',
    'GetSecretValue',
    'cessDenied',
    '*cessDenied',
    '"errorCode":"AccessDenied"',
    String(rec.requestID ?? rec.eventID),
    String(rec.eventID).slice(0, 13),
    ip,
    'no-such-text-anywhere',
  ];
}

describe('free-text search', () => {
  it('matches where a word starts, the same with and without the index, and the index narrows a rare word', async () => {
    all = await readAll();
    const texts = searches();
    await indexReady();
    await expectSameAsScan(texts);
    const rare = texts[6]!;
    const source = (await eventsSource(db(), { text: rare })).text;
    expect(source).toContain('UNION ALL');
    const blocks = Math.ceil(all.length / 2 ** 9);
    expect(source.split('UNION ALL').length - 1).toBeLessThan(blocks / 2);
  });

  it('reads the events the index does not cover yet, then catches up after another ingest', async () => {
    await ingest(core, [path.join(root, 'ct2')]);
    pauseTextIndex(db()); // before the build that the ingest started has caught up
    const paused = await core.api.textIndexStatus({});
    expect(paused.done).toBeLessThan(paused.total);
    all = await readAll();
    const texts = searches();
    const source = await eventsSource(db(), { text: texts[6]! });
    expect(source.text).toMatch(/rowid >= \?\)$/);
    expect(source.params.at(-1)).toBe(paused.done);
    await expectSameAsScan(texts);
    void scheduleTextIndex(db());
    await indexReady();
    const s = await core.api.textIndexStatus({});
    expect(s.done).toBe(s.total);
    await expectSameAsScan(texts);
  });

  it('drops and rebuilds an index that no longer matches the rows, answering from a full scan meanwhile', async () => {
    await indexReady();
    await db().run("UPDATE case_meta SET value = value || 'x' WHERE key = 'text_index.check'");
    const texts = searches();
    expect((await eventsSource(db(), { text: texts[6]! })).text).toBe('events');
    await expectSameAsScan(texts.slice(0, 3));
    await indexReady();
    expect((await eventsSource(db(), { text: texts[6]! })).text).toContain('UNION ALL');
    await expectSameAsScan(texts);
  });

  it('a newer count is answered while an older one is still running (which may be interrupted)', async () => {
    const slow = core.api.countEvents({ filter: { text: '*x' } });
    const fresh = core.api.countEvents({ filter: { text: 'GetSecretValue' } });
    const [a, b] = await Promise.allSettled([slow, fresh]);
    expect(b.status).toBe('fulfilled');
    if (a.status === 'rejected') expect(String(a.reason)).toMatch(/cancel|replaced|interrupt/i);
  });
});
