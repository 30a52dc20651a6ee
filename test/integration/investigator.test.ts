import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultOf } from '../../shared/jobs';
import { createCoreService, type CoreService } from '../../main/core/api/service';
import { currentUser, type CustodyEntry } from '../../main/core/case/custody';
import { tempDir } from '../helpers/paths';
import { poppler, trailmark } from './report-poppler';

const entries = async (dir: string): Promise<CustodyEntry[]> =>
  (await readFile(path.join(dir, 'custody.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as CustodyEntry);

describe('the investigator as the actor of the case', () => {
  let dir: string;
  let core: CoreService;
  let casePath: string;

  beforeAll(async () => {
    dir = await tempDir('trailmark-investigator-');
    casePath = path.join(dir, 'c.trailmark');
    core = createCoreService('cli');
    const built = await core.session.jobs.wait((await core.api.startDemo({ path: casePath, days: 2, scale: 0.1 })).job);
    expect(resultOf(built, 'demo'), built.error?.message).not.toBeNull();
  });
  afterAll(async () => {
    core?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('before one is named, the OS user is the actor', async () => {
    const info = await core.api.caseInfo({});
    expect(info.investigator).toBeNull();
    const log = await entries(casePath);
    expect(log.at(-1)!.by).toBe(currentUser());
    expect(log.at(-1)!.os_user).toBeUndefined();
  });

  it('once named, custody, decisions and flags credit the investigator; the OS user is kept as a detail', async () => {
    const info = await core.api.setInvestigator({ name: '  Ada Lovelace ', organisation: 'Analytical Audits Ltd' });
    expect(info.investigator).toEqual({ name: 'Ada Lovelace', organisation: 'Analytical Audits Ltd' });
    const set = (await entries(casePath)).at(-1)!;
    expect(set).toMatchObject({
      action: 'case.investigator_set',
      by: 'Ada Lovelace',
      os_user: currentUser(),
      detail: { name: 'Ada Lovelace', organisation: 'Analytical Audits Ltd', was: null },
    });
    const db = core.session.requireCase().db;
    const uid = await db.scalar<string>(`SELECT actor_uid FROM identities ORDER BY event_count DESC LIMIT 1`);
    await core.api.setIdentityCategory({ actor_uid: uid, category: 'machine', note: 'a deploy script' });
    await core.api.addAnnotation({ target_kind: 'identity', target_id: uid, kind: 'flag', note: 'look here' });
    expect(await db.scalar(`SELECT by_user FROM identity_overrides WHERE actor_uid = ?`, [uid])).toBe('Ada Lovelace');
    expect(await db.scalar(`SELECT by_user FROM annotations ORDER BY annotation_id DESC LIMIT 1`)).toBe('Ada Lovelace');
    const last = (await entries(casePath)).slice(-2);
    for (const e of last) expect(e, e.action).toMatchObject({ by: 'Ada Lovelace', os_user: currentUser() });
    expect((await core.api.verifyCase({})).ok).toBe(true);
  });

  it('is kept in the case: a later open names the same investigator, and a change is recorded', async () => {
    core.close();
    core = createCoreService('cli');
    const info = await core.api.openCase({ path: casePath });
    expect(info.investigator).toEqual({ name: 'Ada Lovelace', organisation: 'Analytical Audits Ltd' });
    expect((await entries(casePath)).at(-1)).toMatchObject({ action: 'case.opened', by: 'Ada Lovelace' });
    await core.api.openCase({ path: casePath, investigator: 'Grace Hopper' });
    expect((await entries(casePath)).at(-1)).toMatchObject({
      action: 'case.investigator_set',
      by: 'Grace Hopper',
      detail: { name: 'Grace Hopper', organisation: null, was: 'Ada Lovelace' },
    });
    const history = await core.session
      .requireCase()
      .db.all(`SELECT name, os_user FROM case_investigator ORDER BY set_at`);
    expect(history).toEqual([
      { name: 'Ada Lovelace', os_user: currentUser() },
      { name: 'Grace Hopper', os_user: currentUser() },
    ]);
    await expect(core.api.setInvestigator({ name: '   ' })).rejects.toThrow(/needs a name/);
  });

  it("a report names the case's investigator when the request names no one", async () => {
    const out = path.join(dir, 'r.pdf');
    const end = await core.session.jobs.wait(
      (await core.api.startReport({ out, sections: ['summary', 'custody'] })).job,
    );
    expect(end.state, end.error?.message).toBe('done');
    const cover = poppler('pdftotext', '-f', '1', '-l', '1', out, '-');
    expect(cover).toContain('Grace Hopper');
    expect((await entries(casePath)).at(-1)).toMatchObject({ action: 'report.exported', by: 'Grace Hopper' });
  });

  it('trailmark create names the investigator in the case.created entry itself', async () => {
    const other = path.join(dir, 'new.trailmark');
    const r = trailmark(
      'create',
      other,
      '--investigator',
      'Zoë Ångström',
      '--organization',
      'Łódź Forensics',
      '--json',
    );
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).investigator).toEqual({ name: 'Zoë Ångström', organisation: 'Łódź Forensics' });
    const log = await entries(other);
    expect(log[0]).toMatchObject({
      action: 'case.created',
      by: 'Zoë Ångström',
      os_user: currentUser(),
      detail: { investigator: { name: 'Zoë Ångström', organisation: 'Łódź Forensics' } },
    });
    expect(trailmark('create', other).code).toBe(2);
  });
});
