import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { createCoreService } from '../../main/core/api/service';
import { cloudTrailRecords } from '../helpers/archives';
import { REPO, tempDir } from '../helpers/paths';

const bin = path.join(REPO, 'bin/trailmark.mjs');
function trailmark(...args: string[]): unknown {
  const r = spawnSync(process.execPath, [bin, ...args, '--json'], { encoding: 'utf8', cwd: REPO });
  if (r.status !== 0) throw new Error(`trailmark ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

const user = (name: string) => ({
  type: 'IAMUser',
  arn: `arn:aws:iam::111122223333:user/${name}`,
  accountId: '111122223333',
  userName: name,
});

// The word at the start of a value, at the start of a longer word, inside a word, and not at all; identities whose
// names hold "deploy" at their start and inside.
const RECORDS = cloudTrailRecords(
  6,
  (i) =>
    [
      { errorCode: 'AccessDenied', userIdentity: user('deploy-bot') },
      { errorCode: 'AccessDeniedException', userIdentity: user('redeploy') },
      { requestParameters: { bucketName: 'xaccessdeniedx' }, userIdentity: user('deploy-bot') },
      { requestParameters: { key: 'logs/AccessDenied/2026' } },
      { requestParameters: { key: 'nothing here' } },
      { userAgent: 'Terraform/1.9 access-denied-probe' },
    ][i]!,
);

// Each CLI run opens the case anew, so a few words that tell the rules apart.
const EVENT_WORDS = ['AccessDenied', '*accessdenied', 'denied', 'deploy-bot'];
const IDENTITY_WORDS = ['deploy', 'DEPLOY-B'];

describe('--search gives the same answer in the CLI as in the app (one query API)', () => {
  let dir: string;
  let caseDir: string;
  let core: CoreService;
  const cliEvents = new Map<string, string[]>();
  const cliIdentities = new Map<string, string[]>();
  beforeAll(async () => {
    dir = await tempDir();
    caseDir = path.join(dir, 'parity.trailmark');
    const file = path.join(dir, 'records.json');
    await writeFile(file, RECORDS);
    trailmark('ingest', caseDir, file);
    // The CLI first (it holds the case's lock while it runs), then the API in this process.
    for (const word of EVENT_WORDS) {
      const events = trailmark('events', caseDir, '--search', word) as { rows: { event_uid: string }[] };
      cliEvents.set(
        word,
        events.rows.map((r) => r.event_uid),
      );
    }
    for (const word of IDENTITY_WORDS) {
      const identities = trailmark('identities', caseDir, '--search', word) as { actor_uid: string }[];
      cliIdentities.set(
        word,
        identities.map((r) => r.actor_uid),
      );
    }
    core = createCoreService('cli');
    await core.api.openCase({ path: caseDir });
  }, 600_000);
  afterAll(() => core?.close());

  it.each(EVENT_WORDS)('events --search %j lists the events the app lists', async (word) => {
    const app = await core.api.queryEvents({ filter: { text: word }, limit: 5000 });
    expect(cliEvents.get(word)).toEqual(app.rows.map((r) => r.event_uid));
  });

  it.each(IDENTITY_WORDS)('identities --search %j lists the identities the app lists', async (word) => {
    const app = await core.api.listIdentities({ search: word, limit: 5000 });
    expect(app.total).toBeGreaterThan(0);
    expect(cliIdentities.get(word)).toEqual(app.rows.map((r) => r.actor_uid));
  });

  it('the rule is where a word starts, not anywhere inside one (a leading * asks for anywhere)', async () => {
    const all = (await core.api.queryEvents({ limit: 50 })).rows.map((r) => r.event_uid);
    expect(all).toHaveLength(6);
    const [r0, r1, r2, r3] = all;
    // records 0, 1 and 3 hold a word that starts with "AccessDenied"; record 2 has it only inside "xaccessdeniedx",
    // which a substring match (the CLI's rule before) also listed
    expect(cliEvents.get('AccessDenied')).toEqual([r0, r1, r3]);
    expect(cliEvents.get('*accessdenied')).toEqual(expect.arrayContaining([r0, r1, r2, r3]));
  });
});
