// The first page of a frequent word in time order is found in a few of its blocks: that page itself when no row
// outside them could belong on it, else a time bound for the page query. Neither may change the page: rows stored
// out of time order (the probed blocks are not the earliest), rows added after the index was built, many rows at
// the bound's very microsecond, either order, and a filter beside the text. Each page is compared with a plain scan
// that sorts every matching row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { param, sql } from '../../main/core/db/sql';
import type { Duck } from '../../main/core/db/duck';
import { EVENT_COLUMNS, eventOrderBy } from '../../main/core/query/event-page';
import { textFirstPage } from '../../main/core/query/text-first-page';
import { scheduleTextIndex, textIndexRows } from '../../main/core/query/text-index';
import { textBlocks } from '../../main/core/query/text-scope';
import { openTempCase } from '../helpers/core';

process.env.TRAILMARK_TEXT_BLOCK_SHIFT = '9'; // 512-row blocks: 48 of them, the word in every one

let core: CoreService;
const db = () => core.session.requireCase().db;
const ROWS = 48 * 512;

beforeAll(async () => {
  ({ core } = await openTempCase('first-page'));
  await db().run(
    sql`INSERT INTO evidence_files (ingest_id, path, sha256, size, format, added_at)
        VALUES ('i1', '/evidence/synthetic.json', 'ab', 10, 'cloudtrail', now())`,
  );
  // Row i: the second half stored after the first but earlier in time, so the first blocks are not the earliest
  // rows; a seventh of the rows at one microsecond before all others, another seventh at one after all; the word in
  // every record, 'AccessDenied' in every third, 'rareword' in one.
  await db().run(
    sql`INSERT INTO events (event_uid, time, source, evidence_id, position, outcome, actor_uid, raw)
        SELECT printf('e%06d', (i * 7919) % ${param(ROWS)}),
          TIMESTAMPTZ '2026-03-01 00:00:00+00'
            + to_microseconds(CASE WHEN i % 7 = 0 THEN -999877 WHEN i % 7 = 1 THEN 3000000456
                WHEN i < ${param(ROWS / 2)} THEN 2000000000 + i * 1000 ELSE (i - ${param(ROWS / 2)}) * 1000 END),
          'cloudtrail', 1, CAST(i AS VARCHAR), CASE WHEN i % 3 = 0 THEN 'failure' ELSE 'success' END,
          CASE WHEN i % 2 = 0 THEN 'arn:aws:iam::1:role/a' ELSE 'arn:aws:iam::1:role/b' END,
          '{"eventName":"GetObject","note":"frequentword here"' || CASE WHEN i % 3 = 0 THEN ',"errorCode":"AccessDenied"' ELSE '' END
            || CASE WHEN i = 5000 THEN ',"x":"rareword"' ELSE '' END || '}'
        FROM range(${param(ROWS)}) t(i)`,
  );
  await indexAll(core, ROWS);
}, 60_000);
afterAll(() => core.close());

/** What the probe of a word's first page gives: the page, a bound, or nothing. */
async function probe(on: Duck, text: string, order: 'asc' | 'desc', limit: number) {
  const scope = await textBlocks(on, { text });
  const first = await textFirstPage(on, scope, {
    filter: { text },
    order,
    limit,
    columns: EVENT_COLUMNS,
    orderBy: eventOrderBy(undefined, order),
  });
  return { scope, kind: first === null ? 'none' : 'rows' in first ? 'page' : 'bound' };
}

/** Indexes the case's events as an ingest does once they are committed, and waits until every row is covered. */
async function indexAll(c: CoreService, rows: number) {
  const on = c.session.requireCase().db;
  await scheduleTextIndex(on);
  for (;;) {
    const s = await c.api.textIndexStatus({});
    if (s.state === 'ready' && (await textIndexRows(on)).rows === rows) break;
    if (s.state === 'failed') throw new Error(`text index failed: ${s.error}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const scan = (text: string, order: 'asc' | 'desc', limit: number, actor?: string, on: Duck = db()) =>
  on
    .all<{ event_uid: string }>(
      sql`SELECT event_uid FROM events WHERE regexp_matches(raw, ${param(`(?i)${text}`)})
          AND (${param(actor ?? null)} IS NULL OR actor_uid = ${param(actor ?? null)})
          ORDER BY time ${order === 'asc' ? sql`ASC` : sql`DESC`}, event_uid ${order === 'asc' ? sql`ASC` : sql`DESC`}
          LIMIT ${param(limit)}`,
    )
    .then((rows) => rows.map((r) => r.event_uid));

describe('the first page of a frequent word', () => {
  it('is found within a bound, and equals a sort of every matching row', async () => {
    for (const text of ['frequentword', 'AccessDenied'])
      for (const order of ['asc', 'desc'] as const)
        for (const limit of [1, 50, 200, 1000]) {
          const { scope, kind } = await probe(db(), text, order, limit);
          expect(scope?.frequent, `${text} is frequent`).toBe(true);
          // Rows out of order lie beyond the probed blocks' page, so it only bounds the query; a page longer than
          // the probed blocks hold is read without a bound.
          if (limit <= 200) expect(kind, `${text} ${order} ${limit}`).toBe('bound');
          const page = await core.api.queryEvents({ filter: { text }, order, limit, count: false });
          expect(
            page.rows.map((r) => r.event_uid),
            `${text} ${order} ${limit}`,
          ).toEqual(await scan(text, order, limit));
        }
  });

  it('keeps the rows at the bound microsecond, and the filters beside the text', async () => {
    // Over 3,000 rows share each end's microsecond; a page that ends inside them still holds the right ones.
    const tied = Number(await db().scalar(sql`SELECT count(*) FROM events WHERE epoch_us(time) % 1000 = 123`));
    expect(tied).toBeGreaterThan(3000);
    for (const order of ['asc', 'desc'] as const) {
      const actor = 'arn:aws:iam::1:role/b';
      const page = await core.api.queryEvents({
        filter: { text: 'frequentword', actor_uids: [actor] },
        order,
        limit: 300,
        count: false,
      });
      expect(page.rows.map((r) => r.event_uid)).toEqual(await scan('frequentword', order, 300, actor));
    }
  });

  it('is not bounded past the first page, nor for a word the index narrows on its own', async () => {
    const { scope, kind } = await probe(db(), 'rareword', 'asc', 50);
    expect(scope?.blocks).toHaveLength(1);
    expect(kind).toBe('none');
    expect((await core.api.queryEvents({ filter: { text: 'rareword' }, count: false })).rows).toHaveLength(1);
    const first = await core.api.queryEvents({ filter: { text: 'frequentword' }, limit: 100, count: false });
    const last = first.rows.at(-1)!;
    const next = await core.api.queryEvents({
      filter: { text: 'frequentword' },
      after: { time: last.time, event_uid: last.event_uid },
      limit: 100,
      count: false,
    });
    expect(next.rows.map((r) => r.event_uid)).toEqual((await scan('frequentword', 'asc', 200)).slice(100));
  });
});

describe('the first page of a frequent word, rows stored in time order', () => {
  let ordered: CoreService;
  const on = () => ordered.session.requireCase().db;
  const N = 24 * 512;
  beforeAll(async () => {
    ({ core: ordered } = await openTempCase('first-page-ordered'));
    await on().run(
      sql`INSERT INTO evidence_files (ingest_id, path, sha256, size, format, added_at)
          VALUES ('i1', '/evidence/synthetic.json', 'ab', 10, 'cloudtrail', now())`,
    );
    // In time order, as the loader writes rows; ten rows share each millisecond, so pages end inside ties.
    await on().run(
      sql`INSERT INTO events (event_uid, time, source, evidence_id, position, outcome, raw)
          SELECT printf('o%06d', (i * 7919) % ${param(N)}),
            TIMESTAMPTZ '2026-03-01 00:00:00+00' + to_milliseconds(i // 10),
            'cloudtrail', 1, CAST(i AS VARCHAR), 'success', '{"eventName":"GetObject","note":"frequentword"}'
          FROM range(${param(N)}) t(i)`,
    );
    await indexAll(ordered, N);
  }, 60_000);
  afterAll(() => ordered.close());

  const page = async (order: 'asc' | 'desc', limit: number) =>
    (await ordered.api.queryEvents({ filter: { text: 'frequentword' }, order, limit, count: false })).rows.map(
      (r) => r.event_uid,
    );

  it('is the page found in the probed blocks, which no row outside them could join', async () => {
    for (const order of ['asc', 'desc'] as const)
      for (const limit of [1, 35, 200]) {
        expect((await probe(on(), 'frequentword', order, limit)).kind, `${order} ${limit}`).toBe('page');
        expect(await page(order, limit), `${order} ${limit}`).toEqual(
          await scan('frequentword', order, limit, undefined, on()),
        );
      }
  });

  it('takes in rows added since the index was built, at either end of time or tied with the page', async () => {
    const add = (uid: string, time: string) =>
      on().run(
        sql`INSERT INTO events (event_uid, time, source, evidence_id, position, outcome, raw)
            VALUES (${param(uid)}, CAST(${param(time)} AS TIMESTAMPTZ), 'cloudtrail', 1, ${param(uid)}, 'success',
                    '{"note":"frequentword late"}')`,
      );
    // Tied with the 35th newest row (the 1,226th millisecond holds the 29th to 38th newest) and before it newest
    // first, by id: the only row outside the probed blocks, and it belongs on the page.
    await add('~~-tied', '2026-03-01 00:00:01.225+00');
    expect((await probe(on(), 'frequentword', 'desc', 35)).kind).toBe('bound');
    expect(await page('desc', 35)).toContain('~~-tied');
    expect(await page('desc', 35)).toEqual(await scan('frequentword', 'desc', 35, undefined, on()));
    await add('zz-newest', '2026-04-01 00:00:00+00');
    await add('00-oldest', '2026-02-01 00:00:00+00');
    for (const order of ['asc', 'desc'] as const)
      for (const limit of [1, 35, 200]) {
        expect((await probe(on(), 'frequentword', order, limit)).kind, `${order} ${limit}`).toBe('bound');
        expect(await page(order, limit), `${order} ${limit}`).toEqual(
          await scan('frequentword', order, limit, undefined, on()),
        );
      }
  });
});

// Found by the first test above: the API gives times to the millisecond, and a keyset cursor at the millisecond put the
// rows of its microsecond (a Kubernetes audit log's times have them) on the wrong side, so page 2 began again.
describe('keyset pages over times with microseconds', () => {
  it('walk every row once, in order, either way, with and without free text', async () => {
    for (const text of [undefined, 'frequentword'])
      for (const order of ['asc', 'desc'] as const) {
        const want = await scan('frequentword', order, 5000);
        const got: string[] = [];
        let after: { time: string; event_uid: string } | undefined;
        while (got.length < 5000) {
          const page = await core.api.queryEvents({ filter: { text }, order, after, limit: 700, count: false });
          if (!page.rows.length) break;
          got.push(...page.rows.map((r) => r.event_uid));
          const last = page.rows.at(-1)!;
          after = { time: last.time, event_uid: last.event_uid };
        }
        expect(got.slice(0, 5000), `${text ?? 'no text'} ${order}`).toEqual(want);
      }
  });
});
