// Bench section: the desktop app's core off the main thread (main/electron/core-port.ts). The same ingest runs once in
// this thread and once in a worker thread running the utility-process bundle (dist/electron/core-process.mjs, the
// same code Electron's utilityProcess runs), while this thread's event-loop delay is sampled: that delay is how long a
// window would freeze. Also the cost of one API round trip over the port. Figures are printed, never asserted.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { JobState } from '../../shared/jobs';
import { createCoreService } from '../../main/core/api/service';
import { connectCore, nodePort, type CoreLike } from '../../main/electron/core-port';

// dist/bench/index.mjs → dist/electron/core-process.mjs
const CORE_BUNDLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'electron', 'core-process.mjs');

async function ingest(core: CoreLike, casePath: string, archive: string) {
  const opened = await core.dispatch('openCase', { path: casePath, create: true });
  if (!opened.ok) throw new Error(opened.error.message);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const t0 = process.hrtime.bigint();
  const started = await core.dispatch('startIngest', { paths: [archive] });
  if (!started.ok) throw new Error(started.error.message);
  const job = (started.result as { job: string }).job;
  for (;;) {
    const r = await core.dispatch('getJob', { job });
    if (!r.ok) throw new Error(r.error.message);
    if ((r.result as JobState).state !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  delay.disable();
  return { seconds, maxMs: delay.max / 1e6, p99Ms: delay.percentile(99) / 1e6 };
}

async function roundTripMs(core: CoreLike, n = 500): Promise<number> {
  await core.dispatch('appInfo', {});
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await core.dispatch('appInfo', {});
  return Number(process.hrtime.bigint() - t0) / 1e6 / n;
}

export async function benchCoreOffThread(archive: string, work: string): Promise<void> {
  if (!existsSync(CORE_BUNDLE)) {
    console.log(`\nCore off the main thread: skipped (${CORE_BUNDLE} not built; run node build/build.mjs electron)`);
    return;
  }
  const dir = path.join(work, 'core-off-thread');
  await rm(dir, { recursive: true, force: true });

  const local = createCoreService('electron');
  const inThread = await ingest(local, path.join(dir, 'in-thread.trailmark'), archive);
  const localRt = await roundTripMs(local);
  local.close();

  const worker = new Worker(CORE_BUNDLE);
  const { port1, port2 } = new MessageChannel();
  worker.postMessage({ port: port2 }, [port2]);
  const remote = connectCore(nodePort(port1));
  const offThread = await ingest(remote, path.join(dir, 'off-thread.trailmark'), archive);
  const remoteRt = await roundTripMs(remote);
  remote.close();
  await new Promise((resolve) => worker.once('exit', resolve));
  port1.close();
  await rm(dir, { recursive: true, force: true });

  console.log('\nCore off the main thread (the desktop app): main-thread event-loop delay during the same ingest');
  for (const [name, r, rt] of [
    ['core in the main thread', inThread, localRt],
    ['core in a worker (utility-process bundle)', offThread, remoteRt],
  ] as const) {
    console.log(
      `  ${name.padEnd(44)} ingest ${r.seconds.toFixed(2).padStart(6)} s   loop delay max ${r.maxMs
        .toFixed(1)
        .padStart(7)} ms, p99 ${r.p99Ms.toFixed(1).padStart(6)} ms   appInfo round trip ${rt.toFixed(3)} ms`,
    );
  }
}
