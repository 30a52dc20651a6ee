import { generateCloudTrailArchive } from '../../main/core/demo/generate-cloudtrail';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ENV_KEYS } from './e2e-env';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(REPO, 'bin/trailmark.mjs');
const LOGS = path.join(REPO, 'test/e2e/test-results');

interface ServeLine {
  url: string;
  port: number;
  token: string;
  case: string;
}

/** dist/ is what the host serves: rebuild the CLI and the renderer so the tests never run a stale build. */
function build(): void {
  if (process.env.TRAILMARK_E2E_NO_BUILD === '1' && existsSync(path.join(REPO, 'dist/renderer/index.html'))) return;
  const r = spawnSync(process.execPath, ['build/build.mjs', 'cli', 'renderer'], { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`build/build.mjs cli renderer failed (exit ${r.status})`);
}

/** Builds the seeded demo case; returns the folder of generated CloudTrail evidence it was ingested from, if said. */
function buildDemoCase(casePath: string): string | null {
  const r = spawnSync(process.execPath, [CLI, 'demo', casePath, '--json'], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 5 * 60_000,
  });
  if (r.status !== 0) throw new Error(`trailmark demo failed (exit ${r.status}):\n${r.stderr}`);
  try {
    const out = JSON.parse(r.stdout) as { evidence?: unknown };
    return typeof out.evidence === 'string' ? out.evidence : null;
  } catch {
    return null;
  }
}

/** Starts `trailmark serve` and resolves with its first stdout line, the JSON with the URL and token. */
function serve(casePath: string, logFile: string): Promise<{ child: ChildProcess; line: ServeLine }> {
  const child = spawn(process.execPath, [CLI, 'serve', casePath, '--json'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile);
  child.stderr!.pipe(log);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`trailmark serve printed no URL within 60 s (see ${logFile})`));
    }, 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`trailmark serve exited with ${code} before printing its URL (see ${logFile})`));
    });
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (text) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      // Keep draining stdout so the server never blocks on a full pipe.
      lines.on('line', (more) => log.write(`[stdout] ${more}\n`));
      try {
        resolve({ child, line: JSON.parse(text) as ServeLine });
      } catch {
        child.kill('SIGTERM');
        reject(new Error(`trailmark serve's first line is not JSON: ${text}`));
      }
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  build();
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'trailmark-e2e-'));
  // Signing identities the tests make (the walk's kept identity) live in the run's scratch folder, not the home.
  process.env.TRAILMARK_IDENTITIES_DIR = path.join(tmp, 'signing-identities');
  const casePath = path.join(tmp, 'e2e.trailmark');
  const evidence = buildDemoCase(casePath);
  // About 200,000 events: an ingest that takes several seconds, so the cancel test cancels a running job.
  const big = path.join(tmp, 'big-evidence');
  await generateCloudTrailArchive({ outDir: big, seed: 5, days: 21, scale: 6 });
  const serveLog = path.join(tmp, 'serve.log');
  const { child, line } = await serve(casePath, serveLog);

  process.env[ENV_KEYS.url] = line.url;
  process.env[ENV_KEYS.origin] = new URL(line.url).origin;
  process.env[ENV_KEYS.token] = line.token;
  process.env[ENV_KEYS.casePath] = line.case;
  process.env[ENV_KEYS.tmp] = tmp;
  if (evidence) process.env[ENV_KEYS.demoEvidence] = evidence;
  process.env[ENV_KEYS.bigEvidence] = big;

  return async () => {
    await stop(child);
    // The host's stderr, kept beside the test results for post-mortems.
    await mkdir(LOGS, { recursive: true });
    await copyFile(serveLog, path.join(LOGS, 'serve.log')).catch(() => undefined);
    await rm(tmp, { recursive: true, force: true });
  };
}
