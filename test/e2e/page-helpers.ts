import { expect, type APIRequestContext, type Locator, type Page, type TestInfo } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

/** Every URL the page asks for, from the first navigation on. */
export function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  return urls;
}

/** A full-page screenshot, saved as test-results/screenshots/NAME.png and attached to the report. */
export async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const dir = path.join(testInfo.project.outputDir, 'screenshots');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

/** The number a pane shows as its total (data-total), once loaded. */
export async function totalOf(counter: Locator): Promise<number> {
  await expect(counter).toHaveAttribute('data-total', /^\d+$/);
  return Number(await counter.getAttribute('data-total'));
}

/** Values of one attribute over every matching element currently rendered. */
export function attributeValues(rows: Locator, name: string): Promise<string[]> {
  return rows.evaluateAll((els, attr) => els.map((e) => e.getAttribute(attr) ?? ''), name);
}

/** The page asked nothing of any host but the loopback one it was opened from. */
export function expectOnlyOrigin(requests: string[], origin: string): void {
  expect(
    requests.filter((u) => !u.startsWith(`${origin}/`)),
    'requests outside the loopback host',
  ).toEqual([]);
}

/** Calls the host's API directly (as the page would), with the run's token. */
export async function callApi<T>(
  request: APIRequestContext,
  origin: string,
  token: string,
  method: string,
  params: unknown,
): Promise<T> {
  const res = await request.post(`${origin}/api/${method}`, { headers: { 'x-trailmark-token': token }, data: params });
  const body = (await res.json()) as { ok: boolean; result?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
  return body.result as T;
}

/** Forgets the view saved in the case, so the next page load opens on the default view. */
export async function resetSavedView(request: APIRequestContext, origin: string, token: string): Promise<void> {
  await callApi(request, origin, token, 'saveViewState', { state: '' });
}

/**
 * WCAG contrast ratio of each matching element's text colour on its own background (both as computed, opaque
 * backgrounds assumed: a badge paints its own), with the element's text.
 */
export function textContrasts(els: Locator): Promise<{ text: string; ratio: number }[]> {
  return els.evaluateAll((nodes) => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const lum = (c: string) => {
      const [r, g, b] = rgb(c).map((v) => {
        const x = v / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    return nodes.map((n) => {
      const s = getComputedStyle(n);
      const [hi, lo] = [lum(s.color), lum(s.backgroundColor)].sort((a, b) => b - a);
      return { text: n.textContent ?? '', ratio: (hi! + 0.05) / (lo! + 0.05) };
    });
  });
}

/**
 * The findings tab at level low and up, analysing first when the case has none yet (an earlier test may have run
 * it); returns the panel once a finding shows.
 */
export async function showLowFindings(page: Page): Promise<Locator> {
  const panel = page.getByTestId('findings-panel');
  await page.getByTestId('tab-findings').click();
  await panel.getByLabel('at least').selectOption('low');
  const first = panel.getByTestId('finding').first();
  if (!(await first.isVisible().catch(() => false))) {
    await panel.getByRole('button', { name: 'Analyse' }).click();
    await expect(panel.getByText(/learned from [\d,]+ events before/)).toBeVisible({ timeout: 300_000 });
  }
  await expect(first).toBeVisible();
  return panel;
}
