import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCloudTrailArchive } from '../../main/core/demo/generate-cloudtrail';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';
import { createCoreService, type CoreService } from '../../main/core/api/service';

// Counts and summaries run on connections of their own beside the case's. Closing the case while any of them (or a
// page on the case's own connection) is in flight must answer every caller, with its result or an error, never
// leave it waiting: a hang here fails the test by its timeout.
let evidence = '';
beforeAll(async () => {
  evidence = path.join(await tempDir(), 'ct');
  await generateCloudTrailArchive({ outDir: evidence, seed: 9, days: 2, scale: 0.2 });
});

const calls: Record<string, (core: CoreService) => Promise<unknown>> = {
  'a free-text count': (core) => core.api.countEvents({ filter: { text: 'not-in-any-record' } }),
  'a case timeline (builds the hourly summary)': (core) => core.api.eventTimeline({ stack: 'category' }),
  "an identity's top-N (builds its summary)": async (core) => {
    const id = (await core.api.listIdentities({ limit: 1 })).rows[0]!.actor_uid;
    return core.api.topValues({ filter: { actor_uids: [id] }, dimensions: ['operation'] });
  },
  'a free-text page': (core) => core.api.queryEvents({ filter: { text: 'not-in-any-record' } }),
};

describe('closing a case with work in flight', () => {
  for (const [name, call] of Object.entries(calls))
    for (const delay of [0, 3, 20])
      it(`${name}, closed after ${delay} ms, answers`, async () => {
        const { core } = await openTempCase('close');
        await ingest(core, [evidence]);
        const pending = call(core);
        await new Promise((r) => setTimeout(r, delay));
        core.close();
        const [settled] = await Promise.allSettled([pending]);
        if (settled!.status === 'rejected')
          expect(String(settled!.reason)).toMatch(/closed|interrupt|no case is open/i);
      }, 20_000);
});

// DuckDB's file lock does not stop a second instance in the same process: a case opened again while its close still
// waits for a statement would be written by two instances at once, and a folder removed then would be written into
// as it goes (ENOTEMPTY). The close resolves once the database is closed, and an open of the same case waits for it.
describe('a case closed with work in flight', () => {
  for (const delay of [0, 3, 20])
    it(`answers every call, and an open of it waits for its close to resolve (closed after ${delay} ms)`, async () => {
      const { core, dir } = await openTempCase('reopen');
      await ingest(core, [evidence]);
      const order: string[] = [];
      const answered = () => void order.push('call answered');
      const pending = core.api.eventTimeline({ stack: 'category' }).then(answered, answered);
      await new Promise((r) => setTimeout(r, delay));
      const closed = core.close().then(() => void order.push('closed'));
      const again = createCoreService('cli');
      const reopened = again.api.openCase({ path: dir, create: false }).then(() => void order.push('opened again'));
      await Promise.all([pending, closed, reopened]);
      expect(order.filter((o) => o !== 'call answered')).toEqual(['closed', 'opened again']);
      expect(order).toContain('call answered');
      expect((await again.api.countEvents({ filter: {} })).total).toBeGreaterThan(0);

      // Once its close resolved, nothing writes in the case's folder: it is removed at the first try.
      await again.api.queryEvents({ filter: { text: 'not-in-any-record' } }).catch(() => undefined);
      await again.close();
      await rm(dir, { recursive: true });
      await expect(readdir(dir)).rejects.toThrow(/ENOENT/);
    }, 30_000);
});
