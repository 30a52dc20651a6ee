import { expect, test, type Page } from '@playwright/test';
import type { Timeline, TopValue } from '../../shared/methods/workspace';
import type { CaseInfo, EventRow } from '../../shared/model';
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

// The seeded demo case: a GitHub Actions deploy role (machine) in account 111122223333, among other roles, users and
// SSO people. Every figure the UI shows is checked against the API's own answer for the same question.
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

/** Drags across the middle of a timeline: from 30% to 55% of its width. */
async function brush(page: Page, testId: string): Promise<void> {
  const box = (await page.getByTestId(`${testId}-brush`).boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.3, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.45, y, { steps: 4 });
  await page.mouse.move(box.x + box.width * 0.55, y, { steps: 4 });
  await page.mouse.up();
}

test.describe('investigation views on the demo case', () => {
  let requests: string[] = [];
  test.beforeEach(async ({ page, request }) => {
    const env = e2eEnv();
    await resetSavedView(request, env.origin, env.token);
    requests = recordRequests(page);
    await page.goto(env.url);
    await expect(page.getByTestId('tab-home')).toBeVisible();
  });
  test.afterEach(async ({ request }) => {
    const env = e2eEnv();
    expectOnlyOrigin(requests, env.origin);
    await resetSavedView(request, env.origin, env.token);
  });

  test('case home: evidence, sources, time range, identity counts, custody', async ({ page }) => {
    const info = await api<CaseInfo>(page, 'caseInfo');
    await page.getByTestId('tab-home').click();
    await expect(page.getByTestId('home-source').first()).toContainText('cloudtrail');
    await expect(page.getByTestId('home-identities')).toContainText(`${info.identities.machine} machine`);
    await expect(page.getByTestId('home-identities')).toContainText(`${info.identities.human} human`);
    await expect(page.getByTestId('home-range')).toContainText(info.time_range.from!.slice(0, 19));
    await expect(page.getByTestId('home-custody')).toContainText('intact');
    await expect(page.getByTestId('evidence-table').locator('tbody tr')).toHaveCount(
      Math.min(info.evidence.length, 1000),
    );
    await expect(page.getByTestId('evidence-table')).toContainText(info.evidence[0]!.sha256.slice(0, 16));
    await expect(page.getByText(`Log gaps (${info.gaps.total} in ${info.gaps.streams} streams`)).toBeVisible();
  });

  test('identity explorer: facets, sort, reason on hover, Enter opens the identity', async ({ page }) => {
    await page.getByTestId('tab-identities').click();
    const rows = page.getByTestId('explorer-row');
    const total = page.getByTestId('explorer-total');
    const all = await totalOf(total);
    const machine = page.getByTestId('facet-category').locator('[data-value="machine"]');
    const machineCount = Number((await machine.locator('.facet-count').innerText()).replace(/,/g, ''));
    await machine.click();
    await expect.poll(() => totalOf(total)).toBe(machineCount);
    expect(machineCount).toBeLessThan(all);
    await expect.poll(async () => [...new Set(await attributeValues(rows, 'data-category'))]).toEqual(['machine']);
    // The classifier's reason is the badge's tooltip.
    await expect(rows.first().locator('.badge')).toHaveAttribute('title', /.{10,}/);
    await page.getByTestId('sort-first_seen').click();
    await expect(page.getByTestId('sort-first_seen')).toContainText('▾');
    // Keyboard: focus the table, j moves down, Enter opens the identity page.
    const first = await rows.first().getAttribute('data-actor');
    await page.getByRole('grid', { name: 'Identity table' }).focus();
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('identity-page')).toHaveAttribute('data-actor', first!);
  });

  test('identity page: timeline, heatmap and top-N agree with the API; the brush filters the table; back/forward', async ({
    page,
  }, testInfo) => {
    await openIdentity(page, ROLE);
    const filter = { actor_uids: [ROLE] };
    const expected = await api<{ total: number }>(page, 'queryEvents', { filter, limit: 1 });
    const timeline = page.getByTestId('identity-timeline');
    await expect(timeline).toHaveAttribute('data-total', String(expected.total));
    const eventTotal = page.getByTestId('event-total');
    await expect.poll(() => totalOf(eventTotal)).toBe(expected.total);

    const top = await api<Record<string, TopValue[]>>(page, 'topValues', {
      filter,
      dimensions: ['operation'],
      limit: 8,
    });
    await expect(page.getByTestId('top-operation').locator('tbody tr').first()).toHaveAttribute(
      'data-value',
      top.operation![0]!.value,
    );
    const heatSum = await page
      .getByTestId('heatmap')
      .locator('.heat-cell')
      .evaluateAll((cells) => cells.reduce((a, c) => a + Number(c.getAttribute('data-n')), 0));
    expect(heatSum).toBe(expected.total);
    await expect(page.getByTestId('top-session')).toBeVisible(); // a role: its sessions are listed
    await expect(page.getByTestId('top-credential')).toBeVisible();
    await shoot(page, testInfo, 'identity-page-light');

    await test.step('brush: the window filters the events below to it', async () => {
      await brush(page, 'identity-timeline');
      await expect(page.getByTestId('chip-from')).toBeVisible();
      await expect.poll(() => totalOf(eventTotal)).toBeLessThan(expected.total);
      const from = (await page.getByTestId('chip-from').locator('.mono').innerText()).trim();
      const to = (await page.getByTestId('chip-to').locator('.mono').innerText()).trim();
      const windowed = await api<{ total: number; rows: EventRow[] }>(page, 'queryEvents', {
        filter: { ...filter, from, to },
        limit: 1,
      });
      await expect.poll(() => totalOf(eventTotal)).toBe(windowed.total);
      await expect(timeline).toHaveAttribute('data-total', String(windowed.total));
      const times = await attributeValues(page.getByTestId('event-row'), 'data-time');
      for (const t of times) expect(t >= from && t < to, `${t} in [${from}, ${to})`).toBe(true);
      await shoot(page, testInfo, 'identity-page-brushed');
    });

    await test.step('back restores the unzoomed filter, forward the zoom', async () => {
      const zoomed = await totalOf(eventTotal);
      await page.getByTestId('nav-back').click();
      await expect(page.getByTestId('chip-from')).toHaveCount(0);
      await expect.poll(() => totalOf(eventTotal)).toBe(expected.total);
      await page.keyboard.press('Alt+ArrowRight');
      await expect(page.getByTestId('chip-from')).toBeVisible();
      await expect.poll(() => totalOf(eventTotal)).toBe(zoomed);
    });
  });

  test('events: filter bar with CIDR, column chooser, JSON path, surrounding events by IP', async ({
    page,
  }, testInfo) => {
    await page.getByTestId('tab-events').click();
    const eventTotal = page.getByTestId('event-total');
    const all = await totalOf(eventTotal);
    const ips = await api<Record<string, TopValue[]>>(page, 'topValues', { dimensions: ['src_ip'], limit: 20 });
    const ip = ips.src_ip!.find((v) => /^\d+\.\d+\.\d+\.\d+$/.test(v.value))!;
    const cidr = `${ip.value.split('.').slice(0, 2).join('.')}.0.0/16`;
    const expected = await api<{ total: number }>(page, 'queryEvents', { filter: { ip: cidr }, limit: 1 });
    await page.getByTestId('filter-ip').fill(cidr);
    await page.getByTestId('filter-ip').press('Enter');
    await expect.poll(() => totalOf(eventTotal)).toBe(expected.total);
    expect(expected.total).toBeLessThan(all);
    const shown = await page.getByTestId('event-row').locator('.col-src_ip').allInnerTexts();
    for (const a of shown) expect(a.startsWith(ip.value.split('.').slice(0, 2).join('.') + '.')).toBe(true);

    await page.getByTestId('column-chooser').click();
    await page.getByTestId('column-credential').check();
    await expect(page.getByTestId('event-row').first().locator('.col-credential')).toBeAttached();
    await page.getByTestId('column-chooser').click();

    await page.getByTestId('event-row').first().click();
    const key = page.getByTestId('json-tree').locator('[data-path="userIdentity.arn"]');
    await key.click();
    await expect(page.getByTestId('json-copied-path')).toContainText('userIdentity.arn');
    await shoot(page, testInfo, 'events-filtered-detail');

    const detailIp = await page.getByTestId('event-detail').getAttribute('data-event');
    expect(detailIp).not.toBeNull();
    await page.getByTestId('around-ip').click();
    await expect(page.getByTestId('chip-ip')).toBeVisible();
    await expect(page.getByTestId('chip-from')).toBeVisible();
    await expect(page.getByTestId('filter-ip')).not.toHaveValue(cidr);
  });

  test('a flag on an event is in custody, on the flags list, and survives reopening the case', async ({
    page,
  }, testInfo) => {
    const env = e2eEnv();
    await openIdentity(page, ROLE);
    await page.getByTestId('event-row').nth(1).click();
    const eventUid = (await page.getByTestId('event-detail').getAttribute('data-event'))!;
    const before = await api<CaseInfo>(page, 'caseInfo');
    await page.getByTestId('flag-event').click();
    await page.getByTestId('flag-severity').selectOption('high');
    await page.getByTestId('flag-tags').fill('e2e, exfil');
    await page.getByTestId('flag-note').fill('flagged by the e2e test');
    await page.getByTestId('flag-save').click();
    await expect(page.getByTestId('flag-dialog')).toHaveCount(0);
    await expect(page.getByTestId('marker-flag').first()).toBeAttached();
    const after = await api<CaseInfo>(page, 'caseInfo');
    expect(after.custody.entries).toBe(before.custody.entries + 1);

    await test.step('reopen: another case, then this one again', async () => {
      await page.getByTestId('case-path-input').fill(`${env.tmp}/other-${Date.now()}.trailmark`);
      await page.getByTestId('create-case-button').click();
      await expect(page.getByText('No events yet — add evidence').first()).toBeVisible();
      await page.getByTestId('case-path-input').fill(env.casePath);
      await page.getByTestId('open-case-button').click();
      await expect(page.locator('.case-path')).toHaveText(env.casePath);
    });
    // The view saved in the case comes back exactly: the identity page of the role.
    await expect(page.getByTestId('identity-page')).toHaveAttribute('data-actor', ROLE);
    await page.getByTestId('tab-flags').click();
    const row = page.locator(`[data-testid="flag-row"][data-target="${eventUid}"]`);
    await expect(row).toContainText('flagged by the e2e test');
    await expect(row).toContainText('e2e, exfil');
    await expect(row).toContainText('high');
    await shoot(page, testInfo, 'flags-list');
  });

  test('reclassification asks for a note, shows everywhere and goes to custody', async ({ page }) => {
    await openIdentity(page, ROLE);
    const before = await api<CaseInfo>(page, 'caseInfo');
    await page.getByTestId('reclassify').click();
    await page.getByTestId('reclassify-human').check();
    await expect(page.getByTestId('reclassify-save')).toBeDisabled();
    await page.getByTestId('reclassify-note').fill('an engineer ran the pipeline by hand');
    await page.getByTestId('reclassify-save').click();
    await expect(page.getByTestId('selected-identity').locator('.badge')).toHaveText('human*');
    await expect(page.getByTestId('case-summary-identities').or(page.locator('.case-summary'))).toContainText(
      `${before.identities.machine - 1} machine`,
    );
    // Undo, so the other tests see the automatic verdict.
    await page.getByTestId('reclassify').click();
    await page.getByTestId('reclassify-automatic').check();
    await page.getByTestId('reclassify-note').fill('undo');
    await page.getByTestId('reclassify-save').click();
    await expect(page.getByTestId('selected-identity').locator('.badge')).toHaveText('machine');
    const after = await api<CaseInfo>(page, 'caseInfo');
    expect(after.custody.entries).toBe(before.custody.entries + 2);
    // Who and when, on the case home's custody log.
    await page.getByTestId('tab-home').click();
    const latest = page.getByTestId('custody-log').locator('tr').first();
    await expect(latest).toHaveAttribute('data-action', 'identity.reclassified');
    await expect(latest).toContainText('"to":"automatic"');
  });

  test('case timeline: human vs machine over the whole case, swimlanes compare identities', async ({ page }) => {
    const info = await api<CaseInfo>(page, 'caseInfo');
    await page.getByTestId('tab-timeline').click();
    await expect(page.getByTestId('case-timeline')).toHaveAttribute('data-total', String(info.events));
    const tl = await api<Timeline>(page, 'eventTimeline', { stack: 'category', buckets: 100 });
    for (const s of tl.series) await expect(page.getByTestId('case-timeline').locator('.legend')).toContainText(s);
    const input = page.getByTestId('compare-input');
    await input.fill(ROLE);
    await input.press('Enter');
    await input.fill(ROLE.replace('111122223333', '444455556666'));
    await input.press('Enter');
    await expect(page.getByTestId('swimlane')).toHaveCount(2);
  });

  test('keys and theme: / searches, Esc closes, Alt+digit switches views; the picked theme survives a reload', async ({
    page,
  }) => {
    await page.getByTestId('tab-events').click();
    await page.getByTestId('event-row').nth(1).click();
    await expect(page.getByTestId('event-detail')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('event-detail')).toHaveCount(0);
    await page.locator('body').press('/');
    await expect(page.getByTestId('event-search')).toBeFocused();
    await page.getByTestId('event-search').press('Escape');
    await page.locator('body').press('Alt+2');
    await expect(page.getByTestId('tab-identities')).toHaveAttribute('aria-selected', 'true');
    await page.locator('body').press('/');
    await expect(page.getByTestId('explorer-search')).toBeFocused();

    await page.emulateMedia({ colorScheme: 'light' });
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await bg();
    await page.getByTestId('theme-toggle').click(); // system → light
    await page.getByTestId('theme-toggle').click(); // light → dark
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await bg()).not.toBe(light);
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await bg()).not.toBe(light);
  });

  test('screenshots of every view, light and dark', async ({ page }, testInfo) => {
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await page.getByTestId('tab-home').click();
      await expect(page.getByTestId('evidence-table')).toBeVisible();
      await shoot(page, testInfo, `${theme}-1-case-home`);
      await openIdentity(page, ROLE);
      await expect(page.getByTestId('identity-timeline')).toBeVisible();
      await expect(page.getByTestId('top-operation').locator('tbody tr').first()).toBeVisible();
      await page.getByTestId('tab-identities').click();
      await page.getByTestId('explorer-search').fill('');
      await expect(page.getByTestId('explorer-row').nth(5)).toBeVisible();
      await shoot(page, testInfo, `${theme}-2-identities`);
      await page.getByTestId('tab-identity').click();
      await expect(page.getByTestId('identity-timeline')).toBeVisible();
      await expect(page.getByTestId('heatmap')).toBeVisible();
      await shoot(page, testInfo, `${theme}-3-identity`);
      await page.getByTestId('tab-timeline').click();
      await expect(page.getByTestId('case-timeline')).toBeVisible();
      await shoot(page, testInfo, `${theme}-4-timeline`);
      await page.getByTestId('tab-events').click();
      await page.getByTestId('event-row').nth(2).click();
      await expect(page.getByTestId('event-raw')).toContainText('"eventName"');
      await shoot(page, testInfo, `${theme}-5-events`);
      await page.getByTestId('tab-flags').click();
      await expect(page.getByTestId('flags-table').or(page.getByText('No flags or notes yet'))).toBeVisible();
      await shoot(page, testInfo, `${theme}-6-flags`);
      await page.keyboard.press('Escape');
    }
  });
});
