// What the desktop app does with a case or evidence the OS or the user hands it (command line, second instance, drop,
// Finder), against the real core and real case files; and the outbox that holds menu messages until the page listens.
// Plain Node: nothing of Electron is imported (its runtime can't run here).
import { cp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MenuMessage } from '../../shared/bridge';
import { createCoreService } from '../../main/core/api/service';
import { MENU_CHANNEL } from '../../main/electron/channels';
import { MenuOutbox, createOpener } from '../../main/electron/opener';
import { HAVE_SAMPLES, SAMPLES, tempDir } from '../helpers/paths';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const dir = await tempDir('trailmark-opener-');
  const core = createCoreService('electron');
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  cleanups.push(() => core.close());
  const sent: MenuMessage[] = [];
  const opened: string[] = [];
  const errors: string[] = [];
  const opener = createOpener({
    dispatch: (m, p) => core.dispatch(m, p),
    send: (m) => void sent.push(m),
    opened: (p) => void opened.push(p),
    error: (message) => void errors.push(message),
  });
  return { dir, core, sent, opened, errors, opener };
}

describe('opener (real core)', () => {
  it('opens a named case and tells the page', async () => {
    const t = await setup();
    const casePath = path.join(t.dir, 'a.trailmark');
    const maker = createCoreService('cli');
    expect(await maker.dispatch('openCase', { path: casePath, create: true })).toMatchObject({ ok: true });
    maker.close();
    await t.opener.openRequest({ casePath, evidence: [] });
    expect(t.errors).toEqual([]);
    expect(t.opened).toEqual([casePath]);
    expect(t.sent).toEqual([{ action: 'caseOpened', path: casePath }]);
  });

  it('says why a case cannot be opened, and then adds no evidence', async () => {
    const t = await setup();
    await t.opener.openRequest({ casePath: path.join(t.dir, 'missing.trailmark'), evidence: ['/x/logs.zip'] });
    expect(t.errors).toHaveLength(1);
    expect(t.errors[0]).toContain('missing.trailmark');
    expect(t.sent).toEqual([]);
  });

  it.skipIf(!HAVE_SAMPLES)(
    'evidence with no case open: a new case beside it, then the evidence for the page',
    async () => {
      const t = await setup();
      const evidence = path.join(t.dir, 'stratus');
      await cp(path.join(SAMPLES, 'aws_cloudtrail', 'stratus-red-team'), evidence, { recursive: true });
      await t.opener.openRequest({ casePath: null, evidence: [evidence] });
      const expected = path.join(t.dir, 'stratus.trailmark');
      expect(t.errors).toEqual([]);
      expect(existsSync(expected)).toBe(true);
      expect(t.sent).toEqual([
        { action: 'caseOpened', path: expected },
        { action: 'addEvidence', paths: [evidence] },
      ]);
      // With a case open, evidence goes to that case.
      t.sent.length = 0;
      await t.opener.openRequest({ casePath: null, evidence: [evidence] });
      expect(t.sent).toEqual([{ action: 'addEvidence', paths: [evidence] }]);
    },
  );
});

describe('menu outbox', () => {
  const page = () => {
    const got: unknown[][] = [];
    let destroyed = false;
    return {
      got,
      destroy: () => (destroyed = true),
      isDestroyed: () => destroyed,
      send: (channel: string, m: MenuMessage) => void got.push([channel, m]),
    };
  };

  it('holds messages until the page listens, and again while it reloads', () => {
    const outbox = new MenuOutbox();
    const p = page();
    outbox.send({ action: 'openDemo' });
    outbox.ready(p);
    expect(p.got).toEqual([[MENU_CHANNEL, { action: 'openDemo' }]]);
    outbox.send({ action: 'newCase' });
    expect(p.got).toHaveLength(2);
    outbox.reset(p);
    outbox.send({ action: 'exportReport' });
    expect(p.got).toHaveLength(2);
    outbox.ready(p);
    expect(p.got.at(-1)).toEqual([MENU_CHANNEL, { action: 'exportReport' }]);
    p.destroy();
    outbox.send({ action: 'verifyReport' });
    expect(p.got).toHaveLength(3);
  });
});
