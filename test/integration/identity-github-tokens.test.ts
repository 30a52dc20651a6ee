// One GitHub token is one identity whichever fields its records carry. GitHub documents hashed_token (SHA-256 of the
// token, base64) on every event made with a token; token_id is on some records (API requests, token management) and
// not on others (the git events of an export may carry hashed_token alone). The records below are written in the
// audit log's documented shape (JSON lines of the export / streaming: @timestamp, action, actor, org, repo,
// hashed_token, token_id, programmatic_access_type, user_agent), with made-up values.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeFindings } from '../../main/core/analysis/store';
import { verifyCase } from '../../main/core/case/verify-case';
import type { CoreService } from '../../main/core/api/service';
import { param, sql } from '../../main/core/db/sql';
import { ingest, openTempCase } from '../helpers/core';
import { gh } from '../helpers/lineage-sources/github';
import { type Obj, at, lines } from '../helpers/lineage-sources/shared';
import { tempDir } from '../helpers/paths';

const HASH = 'tK4nH4sh0aB1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV1w=';
const ID = '4242';
const HASH_KEY = `github:token:${HASH}`;
const ID_KEY = `github:token:${ID}`;
const fine = { actor: 'alice', actor_id: 501, programmatic_access_type: 'Fine-grained personal access token' };

/** The token's git events: hashed_token only. */
const hashedOnly = [
  gh(1, 'git.clone', { ...fine, repo: 'acme/web', hashed_token: HASH, user_agent: 'git/2.44.0' }),
  gh(2, 'git.push', { ...fine, repo: 'acme/web', hashed_token: HASH, user_agent: 'git/2.44.0' }),
];
/** Its API requests: token_id and hashed_token; and one with token_id alone. */
const withId = [
  gh(3, 'api.request', { ...fine, hashed_token: HASH, token_id: 4242, route: '/repos/{owner}/{repo}/pulls' }),
  gh(4, 'repo.download_zip', { ...fine, repo: 'acme/web', token_id: 4242 }),
];

async function folder(files: Record<string, Obj[]>): Promise<string> {
  const dir = await tempDir();
  for (const [name, rows] of Object.entries(files)) await writeFile(path.join(dir, name), lines(rows));
  return dir;
}

async function state(core: CoreService) {
  const db = core.session.requireCase().db;
  const { rows } = await core.api.listIdentities({ limit: 200 });
  const tokens = rows.filter((r) => r.actor_uid.startsWith('github:token:'));
  const events = await db.all<{ actor_uid: string; credential_uid: string; n: number }>(
    `SELECT actor_uid, credential_uid, count(*)::INTEGER AS n FROM events WHERE actor_uid LIKE 'github:token:%'
     GROUP BY ALL ORDER BY ALL`,
  );
  const aliases = await db.all<{ from_uid: string; to_uid: string; source: string; rule: string }>(
    `SELECT * FROM actor_aliases WHERE source = 'github_audit' ORDER BY from_uid`,
  );
  return { db, tokens, events, aliases };
}

function expectOneToken(s: Awaited<ReturnType<typeof state>>) {
  expect(s.tokens.map((t) => [t.actor_uid, t.event_count, t.kind, t.category])).toEqual([
    [ID_KEY, 4, 'github_token', 'machine'],
  ]);
  expect(s.tokens[0]!.reason).toContain(`token_id ${ID} and hashed_token ${HASH}`);
  // every event of the token names it by its token_id, the hashed-only ones too
  expect(s.events).toEqual([{ actor_uid: ID_KEY, credential_uid: ID, n: 4 }]);
  expect(s.aliases).toEqual([
    {
      from_uid: HASH_KEY,
      to_uid: ID_KEY,
      source: 'github_audit',
      rule: expect.stringContaining(`hashed_token = ${HASH} in records without token_id; 1 record that carries both`),
    },
  ]);
}

describe('GitHub token keys', () => {
  it('one ingest: events with hashed_token only, token_id only and both are one identity', async () => {
    const { core } = await openTempCase('gh-one');
    try {
      await ingest(core, [await folder({ 'audit.json': [...hashedOnly, ...withId] })]);
      expectOneToken(await state(core));
    } finally {
      core.close();
    }
  });

  it('two ingests, hashed-only first: the override, flag and finding of the hash move to the token_id', async () => {
    const { core } = await openTempCase('gh-two');
    try {
      await ingest(core, [await folder({ 'git.json': hashedOnly })]);
      const before = await state(core);
      expect(before.tokens.map((t) => t.actor_uid)).toEqual([HASH_KEY]);
      expect(before.aliases).toEqual([]);
      await core.api.setIdentityCategory({ actor_uid: HASH_KEY, category: 'machine', note: 'release script' });
      await core.api.addAnnotation({ target_kind: 'identity', target_id: HASH_KEY, kind: 'flag', note: 'whose?' });
      await storeFindings(before.db, 'run-1', [
        {
          detector: 'first_seen_operation',
          severity: 'medium',
          score: 50,
          actor_uid: HASH_KEY,
          start: at(1),
          end: at(2),
          title: 'first push',
          explanation: 'first git.push by this token',
          event_uids: [],
        },
      ]);

      await ingest(core, [await folder({ 'api.json': withId })]);
      const after = await state(core);
      expectOneToken(after);
      const token = await core.api.getIdentity({ actor_uid: ID_KEY });
      expect(token).toMatchObject({ overridden: true, category: 'machine', event_count: 4 });
      expect(token.reason).toContain('release script');
      const flags = await core.api.listAnnotations({ target_kind: 'identity', target_id: ID_KEY });
      expect(flags.rows.map((f) => f.note)).toEqual(['whose?']);
      const findings = await after.db.all<{ actor_uid: string }>(`SELECT actor_uid FROM findings`);
      expect(findings).toEqual([{ actor_uid: ID_KEY }]);
      await expect(core.api.getIdentity({ actor_uid: HASH_KEY })).rejects.toMatchObject({ kind: 'not_found' });
    } finally {
      core.close();
    }
  });

  it('two ingests, the records with both fields first: the later hashed-only events join the token_id', async () => {
    const { core } = await openTempCase('gh-two-rev');
    try {
      await ingest(core, [await folder({ 'api.json': withId })]);
      await ingest(core, [await folder({ 'git.json': hashedOnly })]);
      expectOneToken(await state(core));
    } finally {
      core.close();
    }
  });

  it('a hashed_token seen with two token_ids is not merged', async () => {
    const { core } = await openTempCase('gh-conflict');
    const OTHER = 'oTh3rH4sh0aB1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV1w=';
    try {
      await ingest(core, [
        await folder({
          'audit.json': [
            gh(1, 'git.clone', { ...fine, repo: 'acme/web', hashed_token: OTHER }),
            gh(2, 'api.request', { ...fine, hashed_token: OTHER, token_id: 5001 }),
            gh(3, 'api.request', { ...fine, hashed_token: OTHER, token_id: 5002 }),
          ],
        }),
      ]);
      const s = await state(core);
      expect(s.aliases).toEqual([]);
      expect(s.events).toEqual([
        { actor_uid: 'github:token:5001', credential_uid: '5001', n: 1 },
        { actor_uid: 'github:token:5002', credential_uid: '5002', n: 1 },
        { actor_uid: `github:token:${OTHER}`, credential_uid: OTHER, n: 1 },
      ]);
    } finally {
      core.close();
    }
  });

  it('the case digests still verify after the merge moved rows the case had', async () => {
    const { core } = await openTempCase('gh-digests');
    try {
      await ingest(core, [await folder({ 'git.json': hashedOnly })]);
      await core.api.setIdentityCategory({ actor_uid: HASH_KEY, category: 'human', note: 'checked' });
      await core.api.addAnnotation({ target_kind: 'identity', target_id: HASH_KEY, kind: 'flag', note: 'look' });
      await ingest(core, [await folder({ 'api.json': withId })]);
      const kase = core.session.requireCase();
      expect(Number(await kase.db.scalar(sql`SELECT count(*) FROM events WHERE actor_uid = ${param(HASH_KEY)}`))).toBe(
        0,
      );
      const verified = await verifyCase(kase);
      expect(verified.tables.filter((t) => !t.ok)).toEqual([]);
      expect(verified.ok).toBe(true);
    } finally {
      core.close();
    }
  });

  it('the digests verify when only the credential of earlier events changes (a token created, then used)', async () => {
    const { core } = await openTempCase('gh-digests-cred');
    try {
      // managing the token is the person's event: no token key to merge, but its credential becomes the token_id
      const created = gh(0, 'personal_access_token.create', {
        ...fine,
        hashed_token: HASH,
        user_programmatic_access_name: 'release-script',
        user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/126.0',
      });
      await ingest(core, [await folder({ 'create.json': [created] })]);
      await ingest(core, [await folder({ 'api.json': withId })]);
      const kase = core.session.requireCase();
      const rows = await kase.db.all<{ actor_uid: string; credential_uid: string }>(
        sql`SELECT actor_uid, credential_uid FROM events WHERE api_operation = 'personal_access_token.create'`,
      );
      expect(rows).toEqual([{ actor_uid: 'github:alice', credential_uid: ID }]);
      const verified = await verifyCase(kase);
      expect(verified.tables.filter((t) => !t.ok)).toEqual([]);
    } finally {
      core.close();
    }
  });
});
