import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { test } from '@playwright/test';
import { e2eEnv } from './e2e-env';

// The attack demo in a case and a host of its own (the shared e2e case is the benign demo): the CI deploy role is
// assumed through GitHub OIDC by a repository it never saw, creates svc-support and its key, and the key is used.
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(REPO, 'bin/trailmark.mjs');
export const CI_ROLE = 'arn:aws:iam::111122223333:role/github-actions-deploy';
export const BACKDOOR = 'arn:aws:iam::111122223333:user/svc-support';

export interface AttackHost {
  url: string;
  origin: string;
  token: string;
  casePath: string;
  stop(): Promise<void>;
}

/**
 * Serves the attack demo case, built on first use in the run's scratch folder (removed at teardown) and shared by
 * the specs that need it; each spec gets its own host process.
 */
export async function startAttackHost(): Promise<AttackHost> {
  const casePath = path.join(e2eEnv().tmp, 'attacks.trailmark');
  if (!existsSync(path.join(casePath, 'case.duckdb'))) {
    const demo = spawnSync(
      process.execPath,
      [CLI, 'demo', casePath, '--attacks', '--days', '15', '--scale', '0.3', '--json'],
      { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 240_000 },
    );
    if (demo.status !== 0) throw new Error(`trailmark demo --attacks failed (exit ${demo.status}):\n${demo.stderr}`);
  }
  const host: ChildProcess = spawn(process.execPath, [CLI, 'serve', casePath, '--json'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const first = await new Promise<string>((resolve, reject) => {
    host.once('exit', (code) => reject(new Error(`trailmark serve exited (${code}) before printing its URL`)));
    createInterface({ input: host.stdout! }).once('line', resolve);
  });
  const line = JSON.parse(first) as { url: string; token: string };
  return {
    url: line.url,
    origin: new URL(line.url).origin,
    token: line.token,
    casePath,
    stop: async () => {
      if (host.exitCode !== null) return;
      const exited = new Promise((resolve) => host.once('exit', resolve));
      host.kill('SIGTERM');
      await exited;
    },
  };
}

/** A spec's host on the attack demo: started before its tests, stopped after them; the fields are set once it runs. */
export function serveAttackDemo(): Omit<AttackHost, 'stop'> {
  const at = { url: '', origin: '', token: '', casePath: '' };
  let host: AttackHost | null = null;
  test.beforeAll(async () => {
    test.setTimeout(300_000);
    host = await startAttackHost();
    Object.assign(at, { url: host.url, origin: host.origin, token: host.token, casePath: host.casePath });
  });
  test.afterAll(() => host?.stop());
  return at;
}
