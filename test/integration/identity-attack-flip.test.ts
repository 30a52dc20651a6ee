// The attack must not hide its victim: injecting 1-3 human-like events (a console sign-in, calls from a browser)
// into any machine identity of the demo case leaves it machine, and the analysis reports it as a machine used like
// a person. Property-based (fast-check): the identity, the number and the kinds of injected events vary. Each run
// adds a file of injected records to a copy of one demo case, through the real ingest and analysis.
import { cp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreService } from '../../main/core/api/service';
import { generateCloudTrailArchive } from '../../main/core/demo/generate-cloudtrail';
import { ingest } from '../helpers/core';
import { tempDir } from '../helpers/paths';
import { checkBehaviourReason } from '../helpers/aws-reason-truth';

interface Machine {
  uid: string;
  userIdentity: Record<string, unknown>;
  account: string;
}

const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

describe('human-like events injected into a machine identity', () => {
  const dirs: string[] = [];
  let base: string;
  let machines: Machine[] = [];
  let lastMs = 0;
  let reasonsChecked = 0;

  beforeAll(async () => {
    const root = await tempDir();
    dirs.push(root);
    await generateCloudTrailArchive({ outDir: path.join(root, 'evidence'), seed: 11, days: 14, scale: 0.3 });
    const core = createCoreService('cli');
    base = (await core.api.openCase({ path: path.join(root, 'base.trailmark'), create: true })).path;
    await ingest(core, [path.join(root, 'evidence')]);
    const db = core.session.requireCase().db;
    const rows = await db.all<{ actor_uid: string; account_uid: string; raw: string }>(
      `SELECT i.actor_uid, i.account_uid, (SELECT raw FROM events e WHERE e.actor_uid = i.actor_uid LIMIT 1) AS raw
       FROM effective_identities i WHERE i.category = 'machine' AND i.source = 'cloudtrail' ORDER BY i.actor_uid`,
    );
    machines = rows.map((r) => ({
      uid: r.actor_uid,
      account: r.account_uid,
      userIdentity: (JSON.parse(r.raw) as { userIdentity: Record<string, unknown> }).userIdentity,
    }));
    lastMs = Date.parse(String(await db.scalar('SELECT max(time) FROM events')));
    // the demo's reasons, checked against its raw records while the case is open
    for (const r of (await core.api.listIdentities({ source: 'cloudtrail', limit: 500 })).rows) {
      const raws = await db.all<{ raw: string }>('SELECT raw FROM events WHERE actor_uid = ?', [r.actor_uid]);
      if (
        checkBehaviourReason(
          r.reason,
          raws.map((x) => x.raw),
        )
      )
        reasonsChecked++;
    }
    core.close();
  });
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it("cites in the demo's behaviour reasons what the raw records show", () => {
    expect(reasonsChecked).toBeGreaterThanOrEqual(2);
  });

  it('leaves it machine and yields a machine_used_like_human finding', async () => {
    expect(machines.length).toBeGreaterThan(5);
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.array(fc.constantFrom('signin', 'browser'), { minLength: 1, maxLength: 3 }),
        async (pick, kinds) => {
          const m = machines[pick % machines.length]!;
          const dir = await tempDir();
          dirs.push(dir);
          await cp(base, path.join(dir, 'case.trailmark'), { recursive: true });
          const records = kinds.map((k, i) => ({
            eventVersion: '1.09',
            eventTime: new Date(lastMs - 2 * 3_600_000 + i * 60_000).toISOString().replace('.000Z', 'Z'),
            eventSource: k === 'signin' ? 'signin.amazonaws.com' : 'iam.amazonaws.com',
            eventName: k === 'signin' ? 'ConsoleLogin' : 'ListUsers',
            eventType: k === 'signin' ? 'AwsConsoleSignIn' : 'AwsApiCall',
            awsRegion: 'us-east-1',
            sourceIPAddress: '203.0.113.66',
            userAgent: BROWSER,
            eventID: `injected-${i}`,
            recipientAccountId: m.account,
            userIdentity: m.userIdentity,
            ...(k === 'signin' ? { responseElements: { ConsoleLogin: 'Success' } } : {}),
          }));
          await writeFile(path.join(dir, 'injected.json'), JSON.stringify({ Records: records }));

          const core = createCoreService('cli');
          try {
            await core.api.openCase({ path: path.join(dir, 'case.trailmark'), create: false });
            await ingest(core, [path.join(dir, 'injected.json')]);
            const after = await core.api.getIdentity({ actor_uid: m.uid });
            expect(after.category, `${m.uid} after ${kinds.join(', ')}: ${after.reason}`).toBe('machine');
            const { job } = await core.api.startAnalysis({});
            const end = await core.session.jobs.wait(job);
            if (end.state !== 'done' || end.kind !== 'analysis' || !end.result)
              throw new Error(`analysis ${end.state}`);
            const findings = (await core.api.listFindings({ actor_uid: m.uid, limit: 100 })).rows;
            expect(
              findings.some((f) => f.explanation.includes('machine identity used like a person')),
              `${m.uid}: ${findings.map((f) => f.explanation).join(' | ')}`,
            ).toBe(true);
          } finally {
            core.close();
            await rm(dir, { recursive: true, force: true });
          }
        },
      ),
      {
        numRuns: 6,
        // every machine whose category comes from its behaviour (IAM users), not only the random picks
        examples: machines.flatMap((m, i) =>
          m.userIdentity.type === 'IAMUser' ? [[i, ['signin']] as [number, ('signin' | 'browser')[]]] : [],
        ),
      },
    );
  });
});
