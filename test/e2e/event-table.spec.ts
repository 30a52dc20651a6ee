import { expect, test, type Page } from '@playwright/test';
import { e2eEnv } from './e2e-env';
import { resetSavedView, shoot, showLowFindings } from './page-helpers';

/** The full values (titles) of one column over the rows drawn now, in table order. */
const columnValues = (page: Page, col: string) =>
  page
    .locator(`[data-testid="event-row"] .col-${col}`)
    .evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''));

test.describe('the events table, fit for evidence', () => {
  test.beforeEach(async ({ page }) => {
    const env = e2eEnv();
    await resetSavedView(page.request, env.origin, env.token);
    await page.goto(env.url);
    await page.getByTestId('tab-events').click();
    await expect(page.getByTestId('event-row').first()).toBeVisible();
  });

  test('a header sorts by its column, again the other way; the time button goes back to time order', async ({
    page,
  }, testInfo) => {
    const header = page.locator('[role="columnheader"].col-src_ip');
    await page.getByTestId('sort-src_ip').click();
    await expect(header).toHaveAttribute('aria-sort', 'ascending');
    await expect(page.getByTestId('event-row').first()).toBeVisible();
    const asc = (await columnValues(page, 'src_ip')).filter((v) => v !== '');
    expect(asc.length).toBeGreaterThan(5);
    expect(asc).toEqual([...asc].sort());
    await shoot(page, testInfo, 'events-sorted-by-ip');

    await page.getByTestId('sort-src_ip').click();
    await expect(header).toHaveAttribute('aria-sort', 'descending');
    await expect.poll(async () => (await columnValues(page, 'src_ip'))[0]).not.toBe(asc[0]);
    const desc = (await columnValues(page, 'src_ip')).filter((v) => v !== '');
    expect(desc).toEqual([...desc].sort().reverse());

    await page.getByTestId('event-order').click();
    await expect(page.locator('[role="columnheader"].col-time')).toHaveAttribute('aria-sort', 'ascending');
    const times = await page
      .getByTestId('event-row')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-time') ?? ''));
    expect(times).toEqual([...times].sort());
  });

  test('a column resizes by dragging its edge or by keys; rows follow; the width survives a reload', async ({
    page,
  }) => {
    const head = page.locator('[role="columnheader"].col-user_agent');
    const cell = page.locator('[data-testid="event-row"] .col-user_agent').first();
    const before = (await head.boundingBox())!.width;
    const edge = (await page.getByTestId('resize-user_agent').boundingBox())!;
    await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2);
    await page.mouse.down();
    await page.mouse.move(edge.x + 60, edge.y + edge.height / 2, { steps: 5 });
    await page.mouse.move(edge.x + 120, edge.y + edge.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => Math.round((await head.boundingBox())!.width - before)).toBeGreaterThan(100);
    const after = (await head.boundingBox())!.width;
    expect(Math.abs((await cell.boundingBox())!.width - after)).toBeLessThan(1);

    await page.getByTestId('resize-user_agent').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => Math.round((await head.boundingBox())!.width - after)).toBe(16);

    // The view is saved after a short pause; the reopened page draws the column at the width it was left.
    await page.waitForTimeout(800);
    await page.reload();
    await expect(page.getByTestId('event-row').first()).toBeVisible();
    expect(Math.round((await head.boundingBox())!.width)).toBe(Math.round(after + 16));
    await page.getByTestId('resize-user_agent').dblclick();
    await expect.poll(async () => Math.round((await head.boundingBox())!.width)).toBe(Math.round(before));
  });

  test('a narrow column cuts values in the middle: both ends stay, the full value is its title', async ({ page }) => {
    await page.getByTestId('column-chooser').click();
    await page.getByTestId('column-resource').check();
    await page.getByTestId('column-chooser').click();
    const handle = page.getByTestId('resize-resource');
    await handle.focus();
    for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowLeft');
    const cells = page.locator('[data-testid="event-row"] .col-resource');
    await expect.poll(async () => (await cells.allInnerTexts()).some((t) => t.includes('…'))).toBe(true);
    const pairs = await cells.evaluateAll((els) =>
      els.map((e) => ({
        shown: e.textContent ?? '',
        full: e.getAttribute('title') ?? '',
        fits: e.scrollWidth <= e.clientWidth,
      })),
    );
    for (const p of pairs.filter((x) => x.shown.includes('…'))) {
      const [head, tail] = p.shown.split('…') as [string, string];
      expect(p.full.startsWith(head)).toBe(true);
      expect(p.full.endsWith(tail)).toBe(true);
      expect(tail.length).toBeGreaterThanOrEqual(head.length);
      expect(p.fits).toBe(true);
    }
  });

  test('the raw record marks what the search matched, and scrolls to it', async ({ page }) => {
    await page.getByTestId('event-search').fill('getsecretvalue');
    await expect(page.getByTestId('event-row').first()).toContainText('GetSecretValue');
    await page.getByTestId('event-row').first().click();
    const mark = page.getByTestId('event-raw').locator('mark').first();
    await expect(mark).toHaveText('GetSecretValue');
    await expect(mark).toBeInViewport();
  });

  test("a failed call's error message: a column to show, and a field of the detail", async ({ page }) => {
    await page.getByTestId('filter-outcome').selectOption('failure');
    await page.getByTestId('column-chooser').click();
    await page.getByTestId('column-error_message').check();
    await page.getByTestId('column-chooser').click();
    const messages = page.locator('[data-testid="event-row"] .col-error_message');
    await expect.poll(async () => (await messages.allInnerTexts()).filter((t) => t.trim()).length).toBeGreaterThan(0);
    const row = page
      .getByTestId('event-row')
      .filter({ has: page.locator('.col-error_message:not(:empty)') })
      .first();
    const message = (await row.locator('.col-error_message').getAttribute('title'))!;
    await row.click();
    await expect(page.getByTestId('event-detail')).toContainText(message);
  });

  test('the findings list fills the view; its filters stay put while it scrolls', async ({ page }, testInfo) => {
    const panel = await showLowFindings(page);
    const list = panel.locator('.findings-list');
    const viewport = page.viewportSize()!;
    const box = (await list.boundingBox())!;
    expect(box.y + box.height).toBeGreaterThan(viewport.height - 4);
    const bar = panel.locator('.findings-bar');
    const barTop = (await bar.boundingBox())!.y;
    await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    expect((await bar.boundingBox())!.y).toBe(barTop);
    await expect(bar.getByRole('button', { name: 'Analyse' })).toBeInViewport();
    await shoot(page, testInfo, 'findings-full-height');
  });
});
