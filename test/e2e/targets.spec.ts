import { expect, test } from '@playwright/test';
import type { TopValue } from '../../shared/methods/workspace';
import type { EventRow } from '../../shared/model';
import { CI_ROLE, serveAttackDemo } from './attack-host';
import { callApi, shoot, totalOf } from './page-helpers';

// The attack demo (attack-host.ts): the CI deploy role creates the user svc-support (CreateUser's
// requestParameters.userName), makes it admin and gives it a key.
const host = serveAttackDemo();

test("what the CI role created: svc-support in its Targets panel with first-seen, and in the events' Target column", async ({
  page,
}, testInfo) => {
  const api = <T>(method: string, params: unknown) => callApi<T>(page.request, host.origin, host.token, method, params);
  await page.goto(host.url);
  await page.getByTestId('tab-identities').click();
  await page.getByTestId('explorer-search').fill('github-actions-deploy');
  const row = page.locator(`[data-testid="explorer-row"][data-actor="${CI_ROLE}"]`);
  await expect(row).toBeVisible();
  await row.click();
  await expect(page.getByTestId('identity-page')).toHaveAttribute('data-actor', CI_ROLE);

  // The panel shows what the API counts for the same identity: svc-support, 3 calls, first seen at CreateUser.
  const top = await api<Record<string, TopValue[]>>('topValues', {
    filter: { actor_uids: [CI_ROLE] },
    dimensions: ['target'],
    limit: 8,
  });
  const svc = top.target!.find((t) => t.value === 'svc-support');
  expect(svc?.n).toBe(3);
  const panel = page.getByTestId('top-target');
  await expect(panel.getByRole('heading', { name: /Targets/ })).toBeVisible();
  const svcRow = panel.locator('tr[data-value="svc-support"]');
  await expect(svcRow).toBeVisible();
  await expect(svcRow).toContainText('3');
  await expect(svcRow).toContainText(svc!.first_seen!.slice(0, 10));
  await svcRow.scrollIntoViewIfNeeded();
  await shoot(page, testInfo, 'targets-panel-ci-role');

  // One click filters the identity's events to the calls on svc-support; the Target column names it.
  await svcRow.getByRole('button', { name: 'svc-support' }).click();
  await expect(page.getByTestId('chip-target')).toContainText('svc-support');
  const { rows, total } = await api<{ rows: EventRow[]; total: number }>('queryEvents', {
    filter: { actor_uids: [CI_ROLE], target: 'svc-support' },
    limit: 50,
  });
  expect(rows.map((r) => r.api_operation).sort()).toEqual(['AttachUserPolicy', 'CreateAccessKey', 'CreateUser']);
  expect(await totalOf(page.getByTestId('event-total'))).toBe(total);
  const createUser = rows.find((r) => r.api_operation === 'CreateUser')!;
  const cell = page.locator(`[data-testid="event-row"][data-event="${createUser.event_uid}"] .col-target`);
  await expect(cell).toHaveText('svc-support');
  await shoot(page, testInfo, 'targets-column-create-user');
});
