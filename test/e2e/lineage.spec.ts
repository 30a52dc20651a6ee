import { expect, test } from '@playwright/test';
import type { LineageLink } from '../../shared/methods/lineage';
import type { Finding } from '../../shared/model';
import { BACKDOOR, CI_ROLE, serveAttackDemo } from './attack-host';
import { callApi, shoot, totalOf } from './page-helpers';

const host = serveAttackDemo();

test('from the finding on the CI role: the user it created, its key, and one click to every call made with it', async ({
  page,
}, testInfo) => {
  const api = <T>(method: string, params: unknown) => callApi<T>(page.request, host.origin, host.token, method, params);
  await page.goto(host.url);
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
