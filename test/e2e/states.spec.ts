import { expect, test } from '@playwright/test';
import { httpRoute } from '../../shared/api';
import type { ApiResponse } from '../../shared/errors';
import type { CaseInfo } from '../../shared/model';
import { e2eEnv } from './e2e-env';
import { resetSavedView, shoot } from './page-helpers';

// States the demo case can't reach on its own, made by rewriting the host's answers in the page's network layer.
test.describe('states made by rewriting the host’s answers', () => {
  // The view saved in the case by an earlier test would reopen; these tests start from the default view.
  test.beforeEach(async ({ request }) => {
    const env = e2eEnv();
    await resetSavedView(request, env.origin, env.token);
  });

  test('no case open: the empty state says what to do', async ({ page }, testInfo) => {
    const env = e2eEnv();
    await page.route(`**${httpRoute('appInfo')}`, async (route) => {
      const real = (await (await route.fetch()).json()) as ApiResponse<{ caseOpen: boolean }>;
      const body = real.ok ? { ...real, result: { ...real.result, caseOpen: false } } : real;
      await route.fulfill({ json: body });
    });
    await page.goto(env.url);
    await expect(page.getByText('No case open — open or create one')).toBeVisible();
    await expect(page.getByTestId('case-path-input')).toBeVisible();
    await expect(page.getByTestId('identity-row')).toHaveCount(0);
    await shoot(page, testInfo, '10-no-case');
  });

  test('a broken custody chain is shown loudly with its problem', async ({ page }, testInfo) => {
    const env = e2eEnv();
    const problem = 'line 7: prev hash does not match line 6';
    await page.route(`**${httpRoute('caseInfo')}`, async (route) => {
      const real = (await (await route.fetch()).json()) as ApiResponse<CaseInfo>;
      const body = real.ok
        ? { ...real, result: { ...real.result, custody: { ...real.result.custody, ok: false, problem } } }
        : real;
      await route.fulfill({ json: body });
    });
    await page.goto(env.url);
    const custody = page.getByTestId('custody-status');
    await expect(custody).toHaveAttribute('data-ok', 'false');
    await expect(custody).toContainText('BROKEN');
    await expect(custody).toContainText(problem);
    await expect(page.getByTestId('custody-alert')).toContainText(problem);
    await shoot(page, testInfo, '11-custody-broken');
  });

  test('a host that cannot be reached gives a clear error, not a blank page', async ({ page }) => {
    const env = e2eEnv();
    await page.route(`**${httpRoute('listIdentities')}`, (route) => route.abort('connectionrefused'));
    await page.goto(env.url);
    const banner = page.getByTestId('error-banner');
    await expect(banner).toContainText('Loading identities failed');
    await expect(banner).toContainText('cannot reach the Trailmark host');
    // The rest of the window still works.
    await expect(page.getByTestId('event-row').first()).toBeVisible();
  });
});
