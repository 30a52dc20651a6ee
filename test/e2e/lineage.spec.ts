import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import type { LineageLink } from '../../shared/methods/lineage';
import type { Finding } from '../../shared/model';
import { callApi, shoot, totalOf } from './page-helpers';

// The attack demo in a case and a host of its own (the shared e2e case is the benign demo): the CI deploy role is
// assumed through GitHub OIDC by a repository it never saw, creates svc-support and its key, and the key is used.
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(REPO, 'bin/trailmark.mjs');
const CI_ROLE = 'arn:aws:iam::111122223333:role/github-actions-deploy';
const BACKDOOR = 'arn:aws:iam::111122223333:user/svc-support';

let tmp = '';
let host: ChildProcess | null = null;
let url = '';
let origin = '';
let token = '';

test.beforeAll(async () => {
  test.setTimeout(300_000);
  tmp = await mkdtemp(path.join(os.tmpdir(), 'trailmark-e2e-lineage-'));
  const casePath = path.join(tmp, 'attacks.trailmark');
  const demo = spawnSync(
    process.execPath,
    [CLI, 'demo', casePath, '--attacks', '--days', '15', '--scale', '0.3', '--json'],
    { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 240_000 },
  );
  expect(demo.status, demo.stderr).toBe(0);
  host = spawn(process.execPath, [CLI, 'serve', casePath, '--json'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const first = await new Promise<string>((resolve) => createInterface({ input: host!.stdout! }).once('line', resolve));
  const line = JSON.parse(first) as { url: string; token: string };
  url = line.url;
  origin = new URL(url).origin;
  token = line.token;
});

test.afterAll(async () => {
  if (host && host.exitCode === null) {
    const exited = new Promise((resolve) => host!.once('exit', resolve));
    host.kill('SIGTERM');
    await exited;
  }
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

test('from the finding on the CI role: the user it created, its key, and one click to every call made with it', async ({
  page,
}, testInfo) => {
  const api = <T>(method: string, params: unknown) => callApi<T>(page.request, origin, token, method, params);
  await page.goto(url);
  await page.getByTestId('tab-findings').click();
  const panel = page.getByTestId('findings-panel');
  await panel.getByRole('button', { name: 'Analyse' }).click();
  await expect(panel.getByText(/learned from [\d,]+ events before/)).toBeVisible({ timeout: 90_000 });
  const { rows: list } = await api<{ rows: Finding[] }>('listFindings', { limit: 500 });
  expect(list.some((f) => f.actor_uid === CI_ROLE && f.detectors.includes('federated_role_new_subject'))).toBe(true);

  const card = panel
    .getByTestId('finding')
    .filter({ has: page.locator(`[data-testid="finding-identity"]`, { hasText: CI_ROLE }) })
    .filter({ hasText: 'unknown repository' });
  await card.first().getByTestId('finding-identity').click();
  await expect(page.getByTestId('identity-page')).toHaveAttribute('data-actor', CI_ROLE);

  const lineage = page.getByTestId('lineage-panel');
  const children = lineage.getByTestId('lineage-children');
  await expect(children.locator(`[data-kind="created_user"][data-other="${BACKDOOR}"]`)).toBeVisible();
  const key = children.locator(`[data-kind="access_key"][data-other="${BACKDOOR}"]`);
  await expect(key).toBeVisible();
  await expect(
    lineage.getByTestId('lineage-parents').locator('[data-kind="oidc_federation"]', { hasText: 'octo-fork/ci-probe' }),
  ).toBeVisible();
  await lineage.scrollIntoViewIfNeeded();
  await shoot(page, testInfo, 'lineage-ci-role');

  const links = await api<LineageLink[]>('identityLineage', { actor_uid: CI_ROLE, depth: 1 });
  const keyLink = links.find((l) => l.kind === 'access_key' && l.child_uid === BACKDOOR)!;
  expect(keyLink.use_count).toBeGreaterThan(0);

  // One click: the backdoor user's page, filtered to the calls signed with its key.
  await key.getByTestId('lineage-uses').click();
  await expect(page.getByTestId('identity-page')).toHaveAttribute('data-actor', BACKDOOR);
  expect(await totalOf(page.getByTestId('event-total'))).toBe(keyLink.use_count);
  await expect(page.getByTestId('lineage-parents').locator('[data-kind="access_key"]')).toBeVisible();
  await shoot(page, testInfo, 'lineage-backdoor-key-calls');
});
