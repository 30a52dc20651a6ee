// The core off the main thread: dispatch and progress forwarded over a message port (core-port.ts), the real core on
// the far side. Node's worker_threads MessageChannel is a real message channel (structured clone, asynchronous), and
// the last test runs the bundled utility-process entry (core-process.ts) in a real worker thread. Electron's own
// utilityProcess can't run here (no runtime): the supervisor is tested with a fake child whose port is real.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobState } from '../../shared/jobs';
import type { JobProgress } from '../../shared/model';
import { createCoreService } from '../../main/core/api/service';
import { connectCore, electronPort, nodePort, serveCore, type RemoteCore } from '../../main/electron/core-port';
import { superviseCore, type ChildLike } from '../../main/electron/core-supervisor';
import { safeStorageKeyStore, type SafeStorageLike } from '../../main/electron/key-store';
import { HAVE_SAMPLES, REPO, SAMPLES, tempDir } from '../helpers/paths';

const SAMPLE = path.join(SAMPLES, 'aws_cloudtrail', 'stratus-red-team', 'aws.persistence.iam-create-admin-user.json');

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function waitForJob(core: RemoteCore, job: string): Promise<JobState> {
  for (;;) {
    const res = await core.dispatch('getJob', { job });
    if (!res.ok) throw new Error(res.error.message);
    const state = res.result as JobState;
    if (state.state !== 'running') return state;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('core over a message port (real MessageChannel, real core)', () => {
  function pair() {
    const { port1, port2 } = new MessageChannel();
    const core = createCoreService('electron');
    let closed = false;
    serveCore(nodePort(port2), core, () => (closed = true));
    const remote = connectCore(nodePort(port1));
    cleanups.push(() => {
      remote.close();
      port1.close();
    });
    return { remote, isClosed: () => closed };
  }

  it('answers dispatches with the core envelopes: results, errors, bad params', async () => {
    const { remote } = pair();
    expect(await remote.dispatch('appInfo', {})).toMatchObject({ ok: true, result: { shell: 'electron' } });
    expect(await remote.dispatch('listIdentities', {})).toMatchObject({ ok: false, error: { kind: 'no_case' } });
    expect(await remote.dispatch('getEvent', { event_uid: 42 })).toMatchObject({
      ok: false,
      error: { kind: 'bad_request' },
    });
    expect(await remote.dispatch('noSuchMethod', {})).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
    // Calls in flight at the same time each get their own answer.
    const many = await Promise.all([1, 2, 3].map(() => remote.dispatch('appInfo', {})));
    expect(many.every((r) => r.ok)).toBe(true);
  });

  it.skipIf(!HAVE_SAMPLES)('streams job progress and runs an ingest on the far side', async () => {
    const { remote } = pair();
    const dir = await tempDir('trailmark-port-');
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const progress: JobProgress[] = [];
    remote.onProgress((p) => progress.push(p));
    const opened = await remote.dispatch('openCase', { path: path.join(dir, 'p.trailmark'), create: true });
    expect(opened).toMatchObject({ ok: true });
    const started = await remote.dispatch('startIngest', { paths: [SAMPLE] });
    if (!started.ok) throw new Error(started.error.message);
    const job = (started.result as { job: string }).job;
    const done = await waitForJob(remote, job);
    expect(done.state).toBe('done');
    expect(progress.some((p) => p.job === job)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ job, state: 'done' });
    const ids = await remote.dispatch('listIdentities', {});
    if (!ids.ok) throw new Error(ids.error.message);
    expect((ids.result as { total: number }).total).toBeGreaterThan(0);
  });

  it('close: the core closes, and later calls answer with an error instead of hanging', async () => {
    const { remote, isClosed } = pair();
    await remote.dispatch('appInfo', {});
    remote.close();
    await expect.poll(isClosed).toBe(true);
    expect(await remote.dispatch('appInfo', {})).toMatchObject({ ok: false, error: { kind: 'internal' } });
  });

  it('fail: calls in flight answer with the reason', async () => {
    const { port1 } = new MessageChannel(); // nobody answers on the other end
    const remote = connectCore(nodePort(port1));
    cleanups.push(() => port1.close());
    const inFlight = remote.dispatch('appInfo', {});
    remote.fail('the core process stopped (exit code 9)');
    expect(await inFlight).toEqual({
      ok: false,
      error: { kind: 'internal', message: 'the core process stopped (exit code 9)' },
    });
  });

  it('the Electron adapter reads event.data and starts the port once', () => {
    const got: unknown[] = [];
    let listener: ((e: { data: unknown }) => void) | undefined;
    let starts = 0;
    const port = electronPort({
      postMessage: () => {},
      on: (_e, l) => (listener = l),
      start: () => void starts++,
      close: () => {},
    });
    port.onMessage((d) => got.push(d));
    listener!({ data: { type: 'progress' } });
    expect(got).toEqual([{ type: 'progress' }]);
    expect(starts).toBe(1);
  });
});

describe('the OS key store, used by the core through the main process', () => {
  // Electron's safeStorage can't run here: this stand-in seals by XOR with a secret, which is enough to see that the
  // bytes go through it and come back.
  const fakeSafeStorage = (backend = 'gnome_libsecret'): SafeStorageLike & { sealed: number } => {
    const s = {
      sealed: 0,
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => backend,
      encryptString: (text: string) => {
        s.sealed++;
        return Buffer.from(Buffer.from(text, 'utf8').map((b) => b ^ 0x5a));
      },
      decryptString: (sealed: Buffer) => Buffer.from(sealed.map((b) => b ^ 0x5a)).toString('utf8'),
    };
    return s;
  };

  function pair(keyStore?: ReturnType<typeof safeStorageKeyStore>) {
    const { port1, port2 } = new MessageChannel();
    const core = createCoreService('electron');
    const { keyProtector } = serveCore(nodePort(port2), core);
    const remote = connectCore(nodePort(port1), keyStore);
    cleanups.push(() => {
      remote.close();
      port1.close();
    });
    return keyProtector;
  }

  it('seals and opens a key across the port; the sealed bytes are not the key', async () => {
    const ss = fakeSafeStorage();
    const protector = pair(safeStorageKeyStore(ss, 'linux'));
    expect(protector.kind).toBe('os-key-store');
    const key = Buffer.from('-----BEGIN PRIVATE KEY-----\nMIIE...\n');
    const sealed = await protector.seal(key);
    expect(ss.sealed).toBe(1);
    expect(sealed.includes(key)).toBe(false);
    expect((await protector.open(sealed)).equals(key)).toBe(true);
  });

  it('refuses where there is no real key store, and when the shell has none', async () => {
    await expect(
      pair(safeStorageKeyStore(fakeSafeStorage('basic_text'), 'linux')).seal(Buffer.from('k')),
    ).rejects.toThrow(/no OS key store/);
    const unavailable = { ...fakeSafeStorage(), isEncryptionAvailable: () => false };
    await expect(pair(safeStorageKeyStore(unavailable, 'win32')).open(Buffer.from('k'))).rejects.toThrow(
      /not available/,
    );
    await expect(pair().seal(Buffer.from('k'))).rejects.toThrow(/no OS key store in this shell/);
  });
});

describe('core supervisor', () => {
  it('starts the core process on the first call, fails calls in flight when it dies, then starts a new one', async () => {
    const children: Array<{ exit: (code: number) => void; killed: boolean }> = [];
    const logs: string[] = [];
    const sup = superviseCore({
      log: (m) => void logs.push(m),
      // A real channel; the "child" serves a real core on the port it is sent, as core-process.ts does.
      channel: () => {
        const { port1, port2 } = new MessageChannel();
        const asElectron = (p: MessagePortLike) => ({
          postMessage: (m: unknown) => p.postMessage(m),
          on: (_e: 'message', l: (e: { data: unknown }) => void) => void p.on('message', (data) => l({ data })),
          start: () => {},
          close: () => p.close(),
        });
        return { port1: asElectron(port1), port2 };
      },
      fork: (): ChildLike => {
        let onExit: ((code: number) => void) | undefined;
        const record = { exit: (code: number) => onExit?.(code), killed: false };
        children.push(record);
        return {
          postMessage: (_m, transfer) => {
            const port = transfer![0] as MessagePortLike;
            serveCore(nodePort(port), createCoreService('electron'));
          },
          once: (_e, l) => (onExit = l),
          kill: () => (record.killed = true),
        };
      },
    });
    expect(children).toHaveLength(0);
    expect(await sup.dispatch('appInfo', {})).toMatchObject({ ok: true });
    expect(children).toHaveLength(1);
    children[0]!.exit(134);
    expect(logs.join('\n')).toContain('code 134');
    expect(await sup.dispatch('appInfo', {})).toMatchObject({ ok: true });
    expect(children).toHaveLength(2);
    // stop: a close message, then a kill when the process does not exit in time.
    await sup.stop(50);
    expect(children[1]!.killed).toBe(true);
  });
});

type MessagePortLike = InstanceType<typeof MessageChannel>['port1'];

describe('core-process.ts, the utility process entry, in a real worker thread', () => {
  it('serves the core on the port it is given', async () => {
    const outfile = path.join(REPO, 'test-results', 'core-process-test', 'core-process.mjs');
    await build({
      entryPoints: [path.join(REPO, 'main/electron/core-process.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'warning',
    });
    const worker = new Worker(outfile);
    cleanups.push(() => void worker.terminate());
    const { port1, port2 } = new MessageChannel();
    worker.postMessage({ port: port2 }, [port2]);
    const remote = connectCore(nodePort(port1));
    const info = await remote.dispatch('appInfo', {});
    expect(info).toMatchObject({ ok: true, result: { shell: 'electron', caseOpen: false } });
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
    remote.close();
    expect(await exited).toBe(0);
    port1.close();
  });
});
