// The Electron shell's IPC, run in plain Node (no Electron runtime needed): the channel table derived from the API,
// the sender check, the handlers' wiring against the real core, and the open dialog options.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { API_METHODS, PROGRESS_CHANNEL, ipcChannel } from '../../shared/api';

import { isApiErrorData } from '../../shared/errors';
import type { JobProgress } from '../../shared/model';
import { createCoreService } from '../../main/core/api/service';

import {
  DROP_CHANNEL,
  MENU_CHANNEL,
  MENU_READY_CHANNEL,
  PICK_PATH_CHANNEL,
  SHOW_IN_FOLDER_CHANNEL,
  allChannels,
  apiChannels,
  isPickPurpose,
} from '../../main/electron/channels';
import { droppedPaths, openedCasePath, registerIpc, type IpcDeps } from '../../main/electron/ipc';
import {
  isTrustedSender,
  makeApiHandler,
  openDialogOptions,
  pickResult,
  untrustedSenderResponse,
} from '../../main/electron/ipc-guard';

import { APP_ENTRY_URL } from '../../main/electron/origin';

const frame = (url: string) => ({ senderFrame: { url } });

describe('channels derived from the API table', () => {
  it('has exactly one channel per API method, named by ipcChannel', () => {
    const table = apiChannels();
    expect(table.map((c) => c.method)).toEqual(API_METHODS);
    for (const { method, channel } of table) expect(channel).toBe(ipcChannel(method));
    expect(API_METHODS.length).toBeGreaterThan(0);
  });

  it('never reuses a channel name', () => {
    const all = allChannels();
    expect(new Set(all).size).toBe(all.length);
    expect(all).toContain(PROGRESS_CHANNEL);
    expect(all).toContain(PICK_PATH_CHANNEL);
    expect(all).toContain(MENU_CHANNEL);
  });

  it('knows the dialog purposes', () => {
    expect(isPickPurpose('case')).toBe(true);
    expect(isPickPurpose('evidence')).toBe(true);
    for (const bad of ['', 'Case', 'file', null, undefined, 1, {}]) expect(isPickPurpose(bad)).toBe(false);
  });
});

describe('sender check', () => {
  it('trusts frames of the app origin only', () => {
    expect(isTrustedSender(frame(APP_ENTRY_URL))).toBe(true);
    expect(isTrustedSender(frame('app://trailmark/'))).toBe(true);
    expect(isTrustedSender(frame('app://trailmark/identities?x=1#y'))).toBe(true);
  });

  it.each([
    'app://evil/index.html',
    'app://trailmark.evil/',
    'app://trailmark:8080/',
    'app://user@trailmark/',
    'app:trailmark/index.html',
    'http://127.0.0.1:5173/',
    'https://trailmark/',
    'file:///work/main/dist/renderer/index.html',
    'devtools://devtools/bundled/inspector.html',
    'about:blank',
    'data:text/html,<b>x</b>',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isTrustedSender(frame(url))).toBe(false);
  });

  it('refuses a missing or destroyed frame', () => {
    expect(isTrustedSender(undefined)).toBe(false);
    expect(isTrustedSender({})).toBe(false);
    expect(isTrustedSender({ senderFrame: null })).toBe(false);
    const throwing = {
      get senderFrame(): { url: string } {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    expect(isTrustedSender(throwing)).toBe(false);
    expect(untrustedSenderResponse('appInfo', throwing).ok).toBe(false);
  });

  it('answers a refused call with an error envelope, as data', () => {
    const res = untrustedSenderResponse('queryEvents', frame('https://example.com/'));
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.kind).toBe('bad_request');
    expect(isApiErrorData(res.error)).toBe(true);
    expect(res.error.message).toContain('queryEvents');
    expect(res.error.message).toContain('https://example.com/');
  });

  it('only dispatches calls from the app, and never throws', async () => {
    const dispatch = vi.fn(async (m: string, p: unknown) => ({ ok: true as const, result: { m, p } }));
    const handler = makeApiHandler('getEvent', dispatch);
    const refused = await handler(frame('https://example.com/'), { event_uid: 'x' });
    expect(refused.ok).toBe(false);
    expect(dispatch).not.toHaveBeenCalled();

    expect(await handler(frame(APP_ENTRY_URL), { event_uid: 'x' })).toEqual({
      ok: true,
      result: { m: 'getEvent', p: { event_uid: 'x' } },
    });

    const broken = makeApiHandler('getEvent', async () => {
      throw new Error('boom');
    });
    expect(await broken(frame(APP_ENTRY_URL), {})).toEqual({ ok: false, error: { kind: 'internal', message: 'boom' } });
  });
});

describe('registerIpc', () => {
  function fakeDeps(overrides: Partial<IpcDeps> = {}) {
    const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
    const removed: string[] = [];
    const listeners = new Map<string, (event: never, ...args: unknown[]) => void>();
    let progress: ((p: JobProgress) => void) | null = null;
    const unsubscribed = vi.fn();
    const sent: Array<[string, unknown]> = [];
    const dialogCalls: unknown[] = [];
    const deps: IpcDeps = {
      ipcMain: {
        handle: (channel, handler) => {
          expect(handlers.has(channel), `${channel} registered twice`).toBe(false);
          handlers.set(channel, handler as (event: unknown, ...args: unknown[]) => unknown);
        },
        removeHandler: (channel) => void removed.push(channel),
        on: (channel, listener) => void listeners.set(channel, listener),
        removeListener: (channel) => void listeners.delete(channel),
      },
      core: createCoreService('electron'),
      showOpenDialog: async (_sender, options) => {
        dialogCalls.push(options);
        return { canceled: false, filePaths: ['/tmp/a.trailmark'] };
      },
      progressTargets: () => [
        { isDestroyed: () => false, send: (channel, p) => void sent.push([channel, p]) },
        { isDestroyed: () => true, send: () => expect.unreachable('sent to a destroyed window') },
      ],
      platform: 'linux',
      ...overrides,
    };
    const originalOnProgress = deps.core.onProgress;
    deps.core = {
      dispatch: deps.core.dispatch,
      onProgress: (l) => {
        progress = l;
        const off = originalOnProgress(l);
        return () => {
          unsubscribed();
          off();
        };
      },
    };
    const dispose = registerIpc(deps);
    const call = (channel: string, event: unknown, ...args: unknown[]) => handlers.get(channel)!(event, ...args);
    return {
      handlers,
      listeners,
      removed,
      dispose,
      call,
      sent,
      dialogCalls,
      unsubscribed,
      emit: (p: JobProgress) => progress!(p),
    };
  }

  it('registers a handler for every API method and the dialog, and removes them all on dispose', () => {
    const t = fakeDeps();
    expect([...t.handlers.keys()].sort()).toEqual([...API_METHODS.map(ipcChannel), PICK_PATH_CHANNEL].sort());
    t.dispose();
    expect(t.removed.sort()).toEqual([...t.handlers.keys()].sort());
    expect(t.unsubscribed).toHaveBeenCalledOnce();
  });

  it('runs the real core behind the check: envelopes for results and for errors', async () => {
    const t = fakeDeps();
    const info = await t.call(ipcChannel('appInfo'), frame(APP_ENTRY_URL), {});
    expect(info).toMatchObject({ ok: true, result: { shell: 'electron', caseOpen: false } });

    const noCase = (await t.call(ipcChannel('listIdentities'), frame(APP_ENTRY_URL), {})) as {
      ok: boolean;
      error: unknown;
    };
    expect(noCase).toMatchObject({ ok: false, error: { kind: 'no_case' } });

    const badParams = await t.call(ipcChannel('getEvent'), frame(APP_ENTRY_URL), { event_uid: 42 });
    expect(badParams).toMatchObject({ ok: false, error: { kind: 'bad_request' } });

    const foreign = await t.call(ipcChannel('appInfo'), frame('http://localhost:3000/'), {});
    expect(foreign).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
    t.dispose();
  });

  it('drops and menu-ready messages: trusted senders only, dropped paths checked', () => {
    const dropped: string[][] = [];
    const ready: unknown[] = [];
    const t = fakeDeps({ onDropped: (p) => void dropped.push(p), onMenuReady: (s) => void ready.push(s) });
    const drop = t.listeners.get(DROP_CHANNEL)!;
    drop(frame('https://example.com/') as never, ['/etc/passwd']);
    drop(frame(APP_ENTRY_URL) as never, 'not a list');
    drop(frame(APP_ENTRY_URL) as never, [42]);
    drop(frame(APP_ENTRY_URL) as never, []);
    drop(frame(APP_ENTRY_URL) as never, ['/x/logs.zip', '/x/a.trailmark']);
    expect(dropped).toEqual([['/x/logs.zip', '/x/a.trailmark']]);
    const onReady = t.listeners.get(MENU_READY_CHANNEL)!;
    onReady({ ...frame('app://evil/'), sender: 'evil' } as never);
    onReady({ ...frame(APP_ENTRY_URL), sender: 'page' } as never);
    expect(ready).toEqual(['page']);
    t.dispose();
    expect(t.listeners.size).toBe(0);
    expect(droppedPaths(new Array(1001).fill('/a'))).toBeNull();
  });

  it('reveals a written file in the file manager only for the app, and only an absolute path', () => {
    const shown: string[] = [];
    const t = fakeDeps({ showItemInFolder: (p) => void shown.push(p) });
    const show = t.listeners.get(SHOW_IN_FOLDER_CHANNEL)!;
    show(frame('https://example.com/') as never, '/tmp/report.pdf');
    show(frame(APP_ENTRY_URL) as never, 'relative/report.pdf');
    show(frame(APP_ENTRY_URL) as never, { path: '/tmp/x' });
    show(frame(APP_ENTRY_URL) as never, '/tmp/report.pdf');
    expect(shown).toEqual(['/tmp/report.pdf']);
    t.dispose();
    expect(t.listeners.size).toBe(0);
  });

  it('reports the case a successful openCase opened (for Open recent), not a failed one', async () => {
    const opened: string[] = [];
    const t = fakeDeps({ onCaseOpened: (p) => void opened.push(p) });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'trailmark-ipc-'));
    try {
      const casePath = path.join(dir, 'r.trailmark');
      await t.call(ipcChannel('openCase'), frame(APP_ENTRY_URL), { path: path.join(dir, 'missing.trailmark') });
      expect(opened).toEqual([]);
      const res = await t.call(ipcChannel('openCase'), frame(APP_ENTRY_URL), { path: casePath, create: true });
      expect(res).toMatchObject({ ok: true });
      expect(opened).toEqual([casePath]);
    } finally {
      t.dispose();
      await rm(dir, { recursive: true, force: true });
    }
    expect(openedCasePath('startDemo', { ok: true, result: { job: 'j', case: '/d.trailmark' } })).toBe('/d.trailmark');
    expect(openedCasePath('caseInfo', { ok: true, result: { path: '/x' } })).toBeNull();
  });

  it('pickPath: checks the sender and the purpose, and returns paths or null', async () => {
    const t = fakeDeps();
    expect(await t.call(PICK_PATH_CHANNEL, frame('https://example.com/'), 'case')).toBeNull();
    expect(await t.call(PICK_PATH_CHANNEL, frame(APP_ENTRY_URL), 'anything')).toBeNull();
    expect(t.dialogCalls).toHaveLength(0);
    expect(await t.call(PICK_PATH_CHANNEL, frame(APP_ENTRY_URL), 'case')).toEqual(['/tmp/a.trailmark']);
    expect(t.dialogCalls[0]).toMatchObject({
      properties: expect.arrayContaining(['openDirectory', 'createDirectory']),
    });
    t.dispose();

    const cancelled = fakeDeps({ showOpenDialog: async () => ({ canceled: true, filePaths: [] }) });
    expect(await cancelled.call(PICK_PATH_CHANNEL, frame(APP_ENTRY_URL), 'evidence')).toBeNull();
    cancelled.dispose();

    const failing = fakeDeps({
      showOpenDialog: async () => {
        throw new Error('no display');
      },
    });
    expect(await failing.call(PICK_PATH_CHANNEL, frame(APP_ENTRY_URL), 'evidence')).toBeNull();
    failing.dispose();
  });

  it('forwards job progress to live windows on the progress channel', () => {
    const t = fakeDeps();
    const p: JobProgress = {
      job: 'j1',
      kind: 'ingest',
      state: 'running',
      phase: 'read',
      done: 1,
      total: 2,
      unit: 'files',
      message: 'reading',
    };
    t.emit(p);
    expect(t.sent).toEqual([[PROGRESS_CHANNEL, p]]);
    t.dispose();
  });
});

describe('open dialog options', () => {
  it('case: one folder, which may be created', () => {
    const o = openDialogOptions('case', 'linux');
    expect(o.properties).toContain('openDirectory');
    expect(o.properties).toContain('createDirectory');
    expect(o.properties).not.toContain('multiSelections');
    expect(o.properties).not.toContain('openFile');
    // macOS: a .trailmark package is chosen like a file.
    expect(openDialogOptions('case', 'darwin').properties).toEqual(
      expect.arrayContaining(['openFile', 'openDirectory', 'createDirectory']),
    );
    expect(openDialogOptions('case', 'darwin').properties).not.toContain('multiSelections');
  });

  it('evidence: several files (and folders where the platform dialog can do both)', () => {
    const mac = openDialogOptions('evidence', 'darwin');
    expect(mac.properties).toEqual(expect.arrayContaining(['openFile', 'openDirectory', 'multiSelections']));
    for (const platform of ['linux', 'win32'] as const) {
      const o = openDialogOptions('evidence', platform);
      // Both openFile and openDirectory would turn these dialogs into folder pickers (no archives).
      expect(o.properties).toEqual(expect.arrayContaining(['openFile', 'multiSelections']));
      expect(o.properties).not.toContain('openDirectory');
    }
  });

  it('maps the answer to paths or null', () => {
    expect(pickResult({ canceled: true, filePaths: ['/x'] })).toBeNull();
    expect(pickResult({ canceled: false, filePaths: [] })).toBeNull();
    expect(pickResult({ canceled: false, filePaths: ['/a', '/b'] })).toEqual(['/a', '/b']);
  });
});
