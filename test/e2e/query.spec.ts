import { expect, test } from '@playwright/test';
import { e2eEnv } from './e2e-env';
import { shoot, showLowFindings } from './page-helpers';

test.describe('query console on the demo case', () => {
  test('type a query, run it, see rows, save it, reload and find it again', async ({ page }, testInfo) => {
    await page.goto(e2eEnv().url);
    await page.getByTestId('tab-query').click();
    const view = page.getByTestId('query-view');
    const editor = view.getByTestId('sql-editor');
    await expect(editor).toBeVisible();

    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(
      'SELECT src_ip, count(DISTINCT credential_uid) AS access_keys FROM events GROUP BY src_ip ORDER BY access_keys DESC, src_ip',
    );
    await view.getByRole('button', { name: 'Run', exact: true }).click();
    const rows = view.getByTestId('query-row');
    await expect(rows.first()).toBeVisible();
    expect(await rows.count()).toBeGreaterThan(0);
    await expect(view.getByRole('columnheader', { name: 'access_keys' })).toBeVisible();
    await expect(view.getByTestId('query-status')).toContainText('in custody');

    // A write is refused with the reason, and the editor keeps the text.
    await view.getByLabel('query name').fill('keys per ip');
    await view.getByRole('button', { name: 'Save' }).click();
    await expect(view.getByTestId('saved-query').filter({ hasText: 'keys per ip' })).toBeVisible();
    await shoot(page, testInfo, 'query-console');

    await page.reload();
    await page.getByTestId('tab-query').click();
    const saved = page.getByTestId('saved-query').filter({ hasText: 'keys per ip' });
    await expect(saved).toBeVisible();
    await saved.getByRole('button', { name: 'keys per ip', exact: true }).click();
    await expect(page.getByTestId('sql-editor')).toContainText('count(DISTINCT credential_uid)');

    // Refused statements say why.
    await page.getByTestId('sql-editor').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('DELETE FROM events');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByTestId('query-error')).toContainText('DELETE statements are not allowed');
    // A Sigma rule pasted in the editor shows its matches, through the Sigma compiler.
    await page.getByTestId('sql-editor').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText(
      'title: Role assumed\nlogsource:\n  product: aws\n  service: cloudtrail\n' +
        'detection:\n  sel:\n    eventName: AssumeRole\n  condition: sel\nlevel: low\n',
    );
    await page.getByRole('button', { name: 'Run as Sigma' }).click();
    await expect(page.getByTestId('query-status')).toContainText('Sigma: Role assumed');
    await expect(page.getByTestId('query-row').first()).toContainText('AssumeRole');

    // The editor is styled: its generated styles reach it under the app's Content-Security-Policy.
    await expect(page.locator('.cm-scroller')).toHaveCSS('position', 'relative');
  });

  test("Show SQL on a finding opens its query in the console, and running it gives the finding's events", async ({
    page,
  }, testInfo) => {
    test.setTimeout(360_000); // the analysis runs first when no other test ran it
    const panel = page.getByTestId('findings-panel');
    const findings = panel.getByTestId('finding');
    await page.goto(e2eEnv().url);
    await showLowFindings(page);
    const first = findings.first();
    await expect(first).toBeVisible();
    const n = Number(/Show its (\d+) events/.exec(await first.getByTestId('finding-show-events').innerText())?.[1]);
    expect(n).toBeGreaterThan(0);

    await first.getByTestId('finding-show-sql').click();
    const view = page.getByTestId('query-view');
    await expect(view).toBeVisible();
    await expect(view.getByTestId('sql-editor')).toContainText('finding_events');
    await view.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(view.getByTestId('query-status')).toContainText(`rows 1–${n} ·`);
    await expect(view.getByTestId('query-row').first()).toBeVisible();
    // Chart it: the result has a time column; its rows counted over time, all of them.
    await view.getByTestId('chart-it').click();
    await expect(view.getByTestId('query-chart')).toHaveAttribute('data-total', String(n));
    await shoot(page, testInfo, 'query-show-sql-finding');
  });
});
