import { expect, test, type Page } from '@playwright/test';
import type { IdentityExRow } from '../../shared/methods/workspace';
import type { CaseInfo } from '../../shared/model';
import { e2eEnv } from './e2e-env';
import { callApi, resetSavedView, shoot, textContrasts } from './page-helpers';

// Issue 25's workspace bugs, each as the investigator met it on the demo case.
const ROLE = 'arn:aws:iam::111122223333:role/github-actions-deploy';

const api = <T>(page: Page, method: string, params: unknown = {}) => {
  const env = e2eEnv();
  return callApi<T>(page.request, env.origin, env.token, method, params);
};

async function openIdentity(page: Page, actor: string): Promise<void> {
  await page.getByTestId('tab-identities').click();
  await page.getByTestId('explorer-search').fill('github-actions-deploy');
  const row = page.locator(`[data-testid="explorer-row"][data-actor="${actor}"]`);
  await expect(row).toBeVisible();
  await row.click();
  await expect(page.getByTestId('identity-page')).toHaveAttribute('data-actor', actor);
}

test.describe('workspace state and keys', () => {
  test.beforeEach(async ({ page, request }) => {
    const env = e2eEnv();
    await resetSavedView(request, env.origin, env.token);
    await page.goto(env.url);
    await expect(page.getByTestId('tab-home')).toBeVisible();
  });
  test.afterEach(async ({ request }) => {
    const env = e2eEnv();
    await resetSavedView(request, env.origin, env.token);
  });

  test('the case timeline’s split leaves the identity timeline’s stack as its selector says', async ({ page }) => {
    await openIdentity(page, ROLE);
    await expect(page.getByTestId('stack-by')).toHaveValue('operation');
    const ops = page.getByTestId('identity-timeline').locator('.legend');
    await expect(ops).toBeVisible();
    await page.getByTestId('tab-timeline').click();
    await page.getByTestId('case-stack').selectOption('source');
    await page.getByTestId('case-stack').selectOption('category');
    await expect(page.getByTestId('case-timeline').locator('.legend')).toContainText('machine');
    await page.getByTestId('tab-identity').click();
    await expect(page.getByTestId('stack-by')).toHaveValue('operation');
    // The series drawn are the identity's operations, not the case's human/machine split.
    const tl = await api<{ series: string[] }>(page, 'eventTimeline', {
      filter: { actor_uids: [ROLE] },
      stack: 'operation',
      series: 8,
      buckets: 100,
    });
    for (const s of tl.series) await expect(page.getByTestId('identity-timeline').locator('.legend')).toContainText(s);
    await expect(page.getByTestId('identity-timeline').locator('.legend')).not.toContainText('machine');
    await page.getByTestId('tab-timeline').click();
    await expect(page.getByTestId('case-stack')).toHaveValue('category');
  });

  test('rarest first: the identity’s lists show its least frequent values, as the API counts them', async ({
    page,
  }) => {
    await openIdentity(page, ROLE);
    const ips = page.getByTestId('top-src_ip').locator('tbody tr');
    await expect(ips.first()).toBeVisible();
    await page.getByTestId('top-order').selectOption('rare');
    const rare = await api<Record<string, { value: string; n: number }[]>>(page, 'topValues', {
      filter: { actor_uids: [ROLE] },
      dimensions: ['src_ip', 'operation'],
      limit: 8,
      order: 'rare',
    });
    await expect(ips.first()).toHaveAttribute('data-value', rare.src_ip![0]!.value);
    const ops = page.getByTestId('top-operation').locator('tbody tr');
    await expect(ops.first()).toHaveAttribute('data-value', rare.operation![0]!.value);
    await expect(ops.first().locator('td.num').first()).toHaveText(String(rare.operation![0]!.n));
  });

  test('saving a flag says so, and the custody badge counts the new entry at once', async ({ page }) => {
    const custody = page.getByTestId('custody-status');
    const entries = async () => Number((await custody.innerText()).replace(/[^\d]/g, ''));
    await expect(custody).toHaveAttribute('data-ok', 'true');
    const before = await entries();
    await openIdentity(page, ROLE);
    await page.getByTestId('flag-identity').click();
    await page.getByTestId('flag-note').fill('checked by the workspace spec');
    await page.getByTestId('flag-save').click();
    await expect(page.getByTestId('flag-dialog')).toHaveCount(0);
    await expect(page.getByTestId('notice')).toContainText('Flag saved on identity');
    await expect.poll(entries).toBeGreaterThan(before);
  });

  test('Esc leaves the search box, so j/k move the cursor instead of typing', async ({ page }) => {
    await page.getByTestId('tab-events').click();
    await expect(page.getByTestId('event-row').first()).toBeVisible();
    await page.locator('body').press('/');
    const search = page.getByTestId('event-search');
    await expect(search).toBeFocused();
    await search.press('Escape');
    await expect(search).not.toBeFocused();
    await page.keyboard.press('j');
    await expect(search).toHaveValue('');
  });

  test('Esc closes the Verify panel and the Report dialog', async ({ page }) => {
    await page.getByTestId('open-verify-panel').click();
    await expect(page.getByTestId('verify-panel')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('verify-panel')).toHaveCount(0);
    await page.getByTestId('open-report-dialog').click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
  });

  test('with the detail open, j/k move the cursor and the detail follows it', async ({ page }) => {
    await page.getByTestId('tab-events').click();
    const rows = page.getByTestId('event-row');
    await rows.nth(1).click();
    const detail = page.getByTestId('event-detail');
    await expect(detail).toHaveAttribute('data-event', (await rows.nth(1).getAttribute('data-event'))!);
    await page.getByRole('grid', { name: 'Events' }).focus();
    await page.keyboard.press('j');
    await expect(detail).toHaveAttribute('data-event', (await rows.nth(2).getAttribute('data-event'))!);
    await page.keyboard.press('k');
    await page.keyboard.press('k');
    await expect(detail).toHaveAttribute('data-event', (await rows.nth(0).getAttribute('data-event'))!);
  });

  test('the raw record fills and scrolls the detail pane at 1440×900', async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('tab-events').click();
    await page.getByTestId('event-row').nth(2).click();
    const raw = page.getByTestId('event-raw');
    await expect(raw).toContainText('"eventName"');
    await raw.scrollIntoViewIfNeeded();
    await expect(raw).toBeInViewport();
    // Not squeezed: the whole record shows at its own height (or at least a readable block of it).
    const { client, scroll } = await raw.evaluate((el) => ({ client: el.clientHeight, scroll: el.scrollHeight }));
    expect(client).toBeGreaterThanOrEqual(Math.min(scroll, 160));
    const tree = page.locator('.detail-scroll .json-tree');
    const treeHeight = await tree.evaluate((el) => el.clientHeight);
    expect(treeHeight).toBeGreaterThanOrEqual(100);
    await shoot(page, testInfo, 'detail-raw-1440x900');
  });

  test('severity badges, CRITICAL first, reach WCAG AA contrast in light and dark', async ({ page }, testInfo) => {
    await page.getByTestId('tab-findings').click();
    const panel = page.getByTestId('findings-panel');
    await panel.getByLabel('at least').selectOption('low');
    // Every level as the findings list and the markers draw it, beside the real badges on screen.
    await panel.evaluate((el) => {
      const probe = document.createElement('div');
      probe.dataset.testid = 'sev-probe';
      for (const level of ['critical', 'high', 'medium', 'low', 'info', 'note'])
        probe.insertAdjacentHTML(
          'beforeend',
          `<span class="finding-sev sev sev-${level}">${level}</span><span class="sev sev-${level}">${level}</span>`,
        );
      el.prepend(probe);
    });
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      const badges = panel.locator('[data-testid="sev-probe"] .sev, [data-testid="finding-severity"]');
      const ratios = await textContrasts(badges);
      expect(ratios.length).toBeGreaterThanOrEqual(12);
      for (const r of ratios) expect(r.ratio, `${theme}: ${r.text}`).toBeGreaterThanOrEqual(4.5);
      await shoot(page, testInfo, `severity-badges-${theme}`);
    }
  });

  test('after Analyse, Identities shows the new findings without a reload', async ({ page }) => {
    const info = await api<CaseInfo>(page, 'caseInfo');
    const byFindings = async () =>
      (await api<{ rows: IdentityExRow[] }>(page, 'listIdentities', { sort: 'findings', limit: 200 })).rows;
    await page.getByTestId('tab-identities').click();
    await page.getByTestId('sort-findings').click();
    const first = page.getByTestId('explorer-row').first();
    await expect(first).toBeVisible();
    const before = new Map((await byFindings()).map((r) => [r.actor_uid, r.findings]));
    await expect(first).toHaveAttribute('data-findings', String([...before.values()][0]));

    // A learning window of the first day only: nearly everything after it is new, so the counts change.
    const until = new Date(Date.parse(info.time_range.from!) + 86_400e3).toISOString();
    await page.getByTestId('tab-findings').click();
    const panel = page.getByTestId('findings-panel');
    await panel.getByLabel('baseline until').fill(until);
    await panel.getByRole('button', { name: 'Analyse' }).click();
    await expect(panel.getByText(/learned from [\d,]+ events before/)).toBeVisible({ timeout: 90_000 });
    // An identity near the top (so its row is drawn) whose count the run changed: the shipped Sigma rules' findings
    // do not depend on the learning window, the detectors' do.
    const changed = (await byFindings()).slice(0, 10).find((r) => before.get(r.actor_uid) !== r.findings);
    expect(changed, 'the run changed the findings of a listed identity').toBeTruthy();

    await page.getByTestId('tab-identities').click();
    await expect(page.locator(`[data-testid="explorer-row"][data-actor="${changed!.actor_uid}"]`)).toHaveAttribute(
      'data-findings',
      String(changed!.findings),
    );

    // Leave the case analysed as the other specs expect it (the default window).
    await page.getByTestId('tab-findings').click();
    await panel.getByLabel('baseline until').fill('');
    await panel.getByRole('button', { name: 'Analyse' }).click();
    await expect(panel.getByRole('button', { name: 'Analyse' })).toBeEnabled({ timeout: 90_000 });
  });
});
