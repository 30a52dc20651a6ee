import { expect, test, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOKEN_HEADER } from '../../shared/bridge';
import { e2eEnv } from './e2e-env';
import { expectOnlyOrigin, recordRequests, shoot, totalOf } from './page-helpers';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLOUDTRAIL_SAMPLES = path.resolve(REPO, '../shared/samples/aws_cloudtrail');

/** Creates a fresh case in the scratch folder through the path field, as a user of the browser shell would. */
async function createCase(page: Page, name: string): Promise<string> {
  const env = e2eEnv();
  const casePath = path.join(env.tmp, name);
  await page.goto(env.url);
  await page.getByTestId('case-path-input').fill(casePath);
  await page.getByTestId('create-case-button').click();
  await expect(page.locator('.case-path')).toHaveText(casePath);
  await expect(page.getByText('No events yet — add evidence')).toBeVisible();
  return casePath;
}

async function addEvidence(page: Page, evidence: string): Promise<void> {
  await page.getByTestId('add-evidence-input').fill(evidence);
  await page.getByTestId('add-evidence-button').click();
  await expect(page.getByTestId('ingest-progress')).toBeVisible();
}

// These tests switch the host's open case; the workspace tests expect the demo case back.
test.describe('ingest through the UI', () => {
  test.describe.configure({ mode: 'serial' });

  test.afterAll(async ({ playwright }) => {
    const env = e2eEnv();
    const api = await playwright.request.newContext({
      baseURL: env.origin,
      extraHTTPHeaders: { [TOKEN_HEADER]: env.token },
    });
    const res = await api.post('/api/openCase', { data: { path: env.casePath } });
    expect((await res.json()) as { ok: boolean }).toMatchObject({ ok: true });
    await api.dispose();
  });

  test('a large ingest shows real progress and can be cancelled, leaving the case as it was', async ({
    page,
  }, testInfo) => {
    const requests = recordRequests(page);
    await createCase(page, 'ui-cancel.trailmark');
    await addEvidence(page, e2eEnv().bigEvidence);
    const panel = page.getByTestId('ingest-progress');
    await expect(panel).toHaveAttribute('data-state', 'running');
    await expect
      .poll(async () => Number((await panel.getByRole('progressbar').getAttribute('aria-valuenow')) ?? 0), {
        timeout: 60_000,
      })
      .toBeGreaterThan(0);
    await shoot(page, testInfo, '05-ingest-progress');

    await page.getByTestId('ingest-cancel').click();
    await expect(panel).toHaveAttribute('data-state', 'cancelled', { timeout: 60_000 });
    await expect(page.getByTestId('ingest-error')).toContainText('cancelled');
    await expect(page.getByTestId('case-events')).toContainText('0');
    await expect(page.getByText('No events yet — add evidence')).toBeVisible();
    await shoot(page, testInfo, '06-ingest-cancelled');
    expectOnlyOrigin(requests, e2eEnv().origin);
  });

  test('adding the CloudTrail samples fills the case, the identities and the events', async ({ page }, testInfo) => {
    if (!existsSync(CLOUDTRAIL_SAMPLES)) console.log(`[skip] ${CLOUDTRAIL_SAMPLES} not found (../shared is absent)`);
    test.skip(!existsSync(CLOUDTRAIL_SAMPLES), `${CLOUDTRAIL_SAMPLES} not found`);

    const requests = recordRequests(page);
    await createCase(page, 'ui-samples.trailmark');
    await addEvidence(page, CLOUDTRAIL_SAMPLES);
    const panel = page.getByTestId('ingest-progress');
    await expect(panel).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
    const summary = page.getByTestId('ingest-summary');
    await expect(summary).toBeVisible();
    await expect(summary).toContainText('loaded');
    await expect(summary).toContainText('identities');

    await expect(page.getByTestId('identity-row').first()).toBeVisible();
    // The case's figures refresh when the job ends: poll, as the counts may still be the empty case's for a moment.
    await expect.poll(() => totalOf(page.getByTestId('identity-total'))).toBeGreaterThan(0);
    await expect.poll(() => totalOf(page.getByTestId('event-total'))).toBeGreaterThan(0);
    await expect(page.getByTestId('event-row').first()).toBeVisible();
    await shoot(page, testInfo, '07-ingest-done');
    expectOnlyOrigin(requests, e2eEnv().origin);
  });
});
