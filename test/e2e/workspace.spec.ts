import { expect, test } from '@playwright/test';
import { e2eEnv } from './e2e-env';
import {
  attributeValues,
  callApi,
  expectOnlyOrigin,
  recordRequests,
  resetSavedView,
  shoot,
  totalOf,
} from './page-helpers';

// The demo case (bin/trailmark.mjs demo) holds CI, Lambda and EC2 roles, IAM users and SSO humans.
const MACHINE_IDENTITY = 'github-actions-deploy';

test.describe('workspace on the demo case', () => {
  // The view saved in the case by an earlier test would reopen; these tests start from the default view.
  test.beforeEach(async ({ request }) => {
    const env = e2eEnv();
    await resetSavedView(request, env.origin, env.token);
  });

  test('identities, machine filter, one identity’s events, an event’s raw record; nothing leaves 127.0.0.1', async ({
    page,
  }, testInfo) => {
    const env = e2eEnv();
    const requests = recordRequests(page);
    const identities = page.getByTestId('identity-row');
    const identityTotal = page.getByTestId('identity-total');
    const events = page.getByTestId('event-row');
    const eventTotal = page.getByTestId('event-total');

    await test.step('open the tokenized URL: the case and its identities load', async () => {
      await page.goto(env.url);
      await expect(page).toHaveURL(`${env.origin}/`);
      await expect(page.getByTestId('custody-status')).toHaveAttribute('data-ok', 'true');
      await expect(identities.first()).toBeVisible();
      await expect(identities.and(page.locator('[data-category="machine"]')).first()).toBeAttached();
      await expect(identities.and(page.locator('[data-category="human"]')).first()).toBeAttached();
      await expect(events.first()).toBeVisible();
      await shoot(page, testInfo, '01-identity-list');
    });

    const allIdentities = await totalOf(identityTotal);
    const allEvents = await totalOf(eventTotal);
    expect(allIdentities).toBeGreaterThan(1);

    await test.step('Machine filter: only machine rows, fewer of them', async () => {
      await page.getByTestId('identity-filter-machine').click();
      await expect.poll(() => totalOf(identityTotal)).toBeLessThan(allIdentities);
      await expect(identities.first()).toBeVisible();
      await expect
        .poll(async () => [...new Set(await attributeValues(identities, 'data-category'))])
        .toEqual(['machine']);
      await shoot(page, testInfo, '02-machine-filter');
    });

    let actor = '';
    await test.step(`select ${MACHINE_IDENTITY}: the events are filtered to it`, async () => {
      await page.getByTestId('identity-search').fill(MACHINE_IDENTITY);
      const match = identities.filter({ hasText: MACHINE_IDENTITY }).first();
      await expect(match).toBeVisible();
      await expect
        .poll(async () => (await identities.allInnerTexts()).every((t) => t.includes(MACHINE_IDENTITY)))
        .toBe(true);
      actor = (await match.getAttribute('data-actor')) ?? '';
      expect(actor).not.toBe('');
      await match.click();

      await expect(page.getByTestId('selected-identity')).toHaveAttribute('data-actor', actor);
      await expect(page.getByTestId('selected-identity')).toContainText(MACHINE_IDENTITY);
      await expect.poll(() => totalOf(eventTotal)).toBeLessThan(allEvents);
      expect(await totalOf(eventTotal)).toBeGreaterThan(0);
      await expect(events.first()).toBeVisible();
      await expect.poll(async () => [...new Set(await attributeValues(events, 'data-actor'))]).toEqual([actor]);
      // The cell may cut a long name in the middle; its title holds the whole of it.
      expect(await events.first().locator('.col-identity').getAttribute('title')).toContain(MACHINE_IDENTITY);
      await shoot(page, testInfo, '03-identity-events');
    });

    await test.step('open an event: the detail shows where it came from and its raw record', async () => {
      const row = events.nth(2);
      const eventUid = await row.getAttribute('data-event');
      await row.click();
      const detail = page.getByTestId('event-detail');
      await expect(detail).toHaveAttribute('data-event', eventUid ?? '');
      await expect(page.getByTestId('event-raw')).toContainText('"eventName"');
      await expect(detail).toContainText('Evidence');
      await shoot(page, testInfo, '04-event-detail');
    });

    expectOnlyOrigin(requests, env.origin);
  });

  test('keyboard: arrows and Enter select an identity, then an event', async ({ page }) => {
    const env = e2eEnv();
    await page.goto(env.url);
    const list = page.getByRole('listbox', { name: 'Identities' });
    await expect(page.getByTestId('identity-row').first()).toBeVisible();
    await list.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const second = page.getByTestId('identity-row').nth(1);
    await expect(page.getByTestId('selected-identity')).toHaveAttribute(
      'data-actor',
      (await second.getAttribute('data-actor')) ?? '',
    );

    await expect(page.getByTestId('event-row').first()).toBeVisible();
    await page.getByRole('grid', { name: 'Events' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const first = await page.getByTestId('event-row').first().getAttribute('data-event');
    await expect(page.getByTestId('event-detail')).toHaveAttribute('data-event', first ?? '');
  });

  test('event search narrows the table', async ({ page }) => {
    const env = e2eEnv();
    await page.goto(env.url);
    const total = page.getByTestId('event-total');
    const all = await totalOf(total);
    await page.getByTestId('event-search').fill('GetSecretValue');
    // The page comes first, the count after it (on its own connection): it lands as the API counts it.
    const expected = await callApi<{ total: number }>(page.request, env.origin, env.token, 'queryEvents', {
      filter: { text: 'GetSecretValue' },
      limit: 1,
    });
    await expect.poll(() => totalOf(total)).toBe(expected.total);
    expect(expected.total).toBeLessThan(all);
    expect(expected.total).toBeGreaterThan(0);
    await expect(page.getByTestId('event-row').first()).toContainText('GetSecretValue');
  });

  test('“Filter operation” in the detail narrows the table to that operation, removable as a chip', async ({
    page,
  }) => {
    const env = e2eEnv();
    await page.goto(env.url);
    const total = page.getByTestId('event-total');
    const all = await totalOf(total);
    await page.getByTestId('event-row').nth(3).click();
    const detail = page.getByTestId('event-detail');
    const operation = (await detail.locator('h2').innerText()).trim();
    await detail.getByRole('button', { name: 'Filter operation' }).click();
    await expect.poll(() => totalOf(total)).toBeLessThan(all);
    await expect(page.getByTestId('event-row').first()).toBeVisible();
    const operations = await page.getByTestId('event-row').locator('.col-operation').allInnerTexts();
    expect([...new Set(operations)]).toEqual([operation]);
    await page.getByRole('button', { name: 'Remove the operation filter' }).click();
    await expect.poll(() => totalOf(total)).toBe(all);
  });

  test('a failed call shows in the error banner until dismissed; the open case stays', async ({ page }, testInfo) => {
    const env = e2eEnv();
    await page.goto(env.url);
    await expect(page.getByTestId('identity-row').first()).toBeVisible();
    const missing = `${env.tmp}/does-not-exist.trailmark`;
    await page.getByTestId('case-path-input').fill(missing);
    await page.getByTestId('open-case-button').click();
    const banner = page.getByTestId('error-banner');
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('does-not-exist.trailmark');
    await expect(page.locator('.case-path')).toHaveText(env.casePath);
    await shoot(page, testInfo, '08-error-banner');
    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await expect(banner).toHaveCount(0);
  });

  test('dark theme follows the OS', async ({ page }, testInfo) => {
    const env = e2eEnv();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(env.url);
    await expect(page.getByTestId('event-row').nth(5)).toBeVisible();
    await page.getByTestId('identity-filter-machine').click();
    await page.getByTestId('identity-row').first().click();
    await page.getByTestId('event-row').nth(1).click();
    await expect(page.getByTestId('event-raw')).toContainText('"eventName"');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).not.toBe('rgb(246, 247, 249)');
    await shoot(page, testInfo, '09-dark-theme');
  });

  test('the host gives no app to a browser without the token', async ({ browser }) => {
    const env = e2eEnv();
    const stranger = await browser.newContext();
    try {
      const page = await stranger.newPage();
      const bare = await page.goto(`${env.origin}/`);
      expect([401, 403]).toContain(bare?.status());
      await expect(page.locator('#root')).toHaveCount(0);

      const wrong = await page.goto(`${env.origin}/?token=not-the-token`);
      expect([401, 403]).toContain(wrong?.status());
      await expect(page.locator('#root')).toHaveCount(0);

      const api = await stranger.request.post(`${env.origin}/api/caseInfo`, { data: {} });
      expect([401, 403]).toContain(api.status());
    } finally {
      await stranger.close();
    }
  });
});
