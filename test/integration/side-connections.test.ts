import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCloudTrailArchive } from '../../main/core/demo/generate-cloudtrail';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';
import type { CoreService } from '../../main/core/api/service';

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
