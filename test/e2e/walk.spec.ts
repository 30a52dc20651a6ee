import { readdir } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import type { Finding } from '../../shared/model';
import { BACKDOOR, CI_ROLE, serveAttackDemo } from './attack-host';
import { callApi, shoot, totalOf } from './page-helpers';

// The investigation the workspace is for, end to end on the attack demo: which machine identities → the CI role
// at the hour it was abused → what it created → what else came from that address → flag it → confirm the finding →
// a signed report. Once by mouse, once by keyboard; neither may log an error in the page's console.
const host = serveAttackDemo();

/** Errors the page logs or throws, from now on. */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

const api = <T>(page: Page, method: string, params: unknown) =>
  callApi<T>(page.request, host.origin, host.token, method, params);

/** The finding on the CI role from an unknown repository (analysing first if the case has none yet). */
async function ciFinding(page: Page): Promise<Finding> {
  let { rows } = await api<{ rows: Finding[] }>(page, 'listFindings', { limit: 500 });
  if (!rows.some((f) => f.actor_uid === CI_ROLE)) {
    const panel = page.getByTestId('findings-panel');
    await page.getByTestId('tab-findings').click();
    await panel.getByRole('button', { name: 'Analyse' }).click();
    await expect(panel.getByText(/learned from [\d,]+ events before/)).toBeVisible({ timeout: 180_000 });
    ({ rows } = await api<{ rows: Finding[] }>(page, 'listFindings', { limit: 500 }));
  }
  const f = rows.find((r) => r.actor_uid === CI_ROLE && r.detectors.includes('federated_role_new_subject'));
  expect(f, 'the finding on the CI role').toBeTruthy();
  return f!;
}

test('by mouse: from the machine identities to a confirmed finding and a signed report', async ({ page }, testInfo) => {
  test.setTimeout(600_000);
  const errors = consoleErrors(page);
  await page.goto(host.url);
  await expect(page.getByTestId('tab-identities')).toBeVisible();
  const finding = await ciFinding(page);

  // Which machine identities: the explorer's machine facet, the CI role among them.
  await page.getByTestId('tab-identities').click();
  await page.getByTestId('facet-category').getByText('machine', { exact: true }).click();
  await page.getByTestId('explorer-search').fill('github-actions-deploy');
  await page.locator(`[data-testid="explorer-row"][data-actor="${CI_ROLE}"]`).click();
  await expect(page.getByTestId('identity-page')).toHaveAttribute('data-actor', CI_ROLE);

  // The hour it was abused: its finding opens the identity zoomed to the finding's window.
  await page.getByTestId('tab-findings').click();
  const card = page.locator(`[data-testid="finding"][data-id="${finding.id}"]`);
  await card.getByTestId('finding-open-identity').click();
  await expect(page.getByTestId('identity-page')).toHaveAttribute('data-actor', CI_ROLE);
  await expect(page.getByTestId('chip-from')).toBeVisible();
  await shoot(page, testInfo, 'walk-1-ci-role-at-the-finding');

  // What it created: the lineage names the user, and its issuing record is the CreateUser call.
  const created = page.getByTestId('lineage-children').locator(`[data-kind="created_user"][data-other="${BACKDOOR}"]`);
  await expect(created).toBeVisible();
  await created.getByTestId('lineage-issue').click();
  await expect(page.getByTestId('event-raw')).toContainText('"CreateUser"');
  await expect(page.getByTestId('event-raw')).toContainText('svc-support');
  await shoot(page, testInfo, 'walk-2-what-it-created');

  // What else came from that address: the whole case, every identity.
  const ip = (await page.getByTestId('event-detail').getAttribute('data-ip')) ?? '';
  await page.getByTestId('around-ip').click();
  await expect(page.getByTestId('chip-ip')).toBeVisible();
  await page.getByTestId('chip-from').getByRole('button').click();
  await page.getByTestId('chip-to').getByRole('button').click();
  const fromIp = await api<{ total: number }>(page, 'queryEvents', { filter: { ip }, limit: 1 });
  expect(await totalOf(page.getByTestId('event-total'))).toBe(fromIp.total);
  await shoot(page, testInfo, 'walk-3-same-address');

  // Flag the first of them, then confirm the finding with a note.
  await page.getByTestId('event-row').first().click();
  await page.getByTestId('flag-event').click();
  await page.getByTestId('flag-severity').selectOption('high');
  await page.getByTestId('flag-note').fill('CI role abused from an unknown repository; created svc-support');
  await page.getByTestId('flag-save').click();
  await expect(page.getByTestId('flag-dialog')).toHaveCount(0);
  await page.getByTestId('tab-findings').click();
  await card.getByLabel('note').fill('confirmed: OIDC trust abused, backdoor user created');
  await card.getByRole('button', { name: 'Confirm' }).click();
  await expect(card).toHaveAttribute('data-status', 'confirmed');

  // The report, signed with an identity Trailmark keeps for the investigator.
  await page.getByTestId('open-report-dialog').click();
  const dialog = page.getByTestId('report-dialog');
  await dialog.getByLabel('Investigator name').fill('Erin Examiner');
  // Signed by default: an identity Trailmark keeps, its key sealed under a passphrase typed here (no OS key store).
  await expect(dialog.getByTestId('sign-kept')).toBeChecked();
  await dialog.getByLabel('Key-store passphrase').fill('correct horse battery staple');
  await dialog.getByRole('button', { name: /New identity for/ }).click();
  await expect(dialog.getByLabel('Signing identity', { exact: true })).not.toHaveValue('');
  await dialog.getByTestId('report-start').click();
  const result = dialog.getByTestId('report-result');
  await expect(result).toBeVisible({ timeout: 300_000 });
  await expect(result).toContainText('Erin Examiner');
  await shoot(page, testInfo, 'walk-4-report');
  // The kept key is sealed in the run's scratch folder (global-setup), never in the home of whoever runs the tests.
  const kept = await readdir(process.env.TRAILMARK_IDENTITIES_DIR!);
  expect(kept.some((f) => f.endsWith('.key'))).toBe(true);
  expect(errors, errors.join('\n')).toEqual([]);
});

test('by keyboard: the same walk without the mouse', async ({ page }, testInfo) => {
  test.setTimeout(600_000);
  const errors = consoleErrors(page);
  await page.goto(host.url);
  await expect(page.getByTestId('tab-identities')).toBeVisible();
  const finding = await ciFinding(page);
  const body = page.locator('body');

  // Alt+2: identities; / searches; Enter on the first match opens it.
  await body.press('Alt+2');
  await body.press('/');
  await expect(page.getByTestId('explorer-search')).toBeFocused();
  await page.keyboard.type('github-actions-deploy');
  const rows = page.getByTestId('explorer-row');
  // The search has landed when only matching identities are listed (the cursor starts over when it does).
  await expect
    .poll(async () => (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-actor') ?? ''))).join(' '))
    .toMatch(/^(\S*github-actions-deploy\S*\s?)+$/);
  const index = await rows.evaluateAll(
    (els, actor) => els.findIndex((e) => e.getAttribute('data-actor') === actor),
    CI_ROLE,
  );
  // Tab leaves the search for the table (Esc would clear the search), past the buttons between them.
  const grid = page.getByRole('grid', { name: 'Identity table' });
  for (let i = 0; i < 6 && !(await grid.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await expect(grid).toBeFocused();
  for (let i = 0; i <= index; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('identity-page')).toHaveAttribute('data-actor', CI_ROLE);

  // Alt+7: findings; the card's buttons take Enter.
  await body.press('Alt+7');
  const card = page.locator(`[data-testid="finding"][data-id="${finding.id}"]`);
  await card.getByTestId('finding-open-identity').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('chip-from')).toBeVisible();

  // The lineage's "record" link opens the CreateUser call; Esc closes it again.
  const created = page.getByTestId('lineage-children').locator(`[data-kind="created_user"][data-other="${BACKDOOR}"]`);
  await created.getByTestId('lineage-issue').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('event-raw')).toContainText('"CreateUser"');
  await page.getByTestId('around-ip').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('chip-ip')).toBeVisible();

  // In the table: j/k move, Enter opens, the flag dialog saves from the keyboard.
  const table = page.getByRole('grid', { name: 'Events' });
  await table.focus();
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('event-detail')).toBeVisible();
  await page.getByTestId('flag-event').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('flag-note')).toBeFocused();
  await page.keyboard.type('seen from the same address as the abuse');
  await page.getByTestId('flag-save').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('flag-dialog')).toHaveCount(0);
  await shoot(page, testInfo, 'walk-keyboard-flagged');
  expect(errors, errors.join('\n')).toEqual([]);
});
