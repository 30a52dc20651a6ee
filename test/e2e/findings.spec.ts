import { expect, test } from '@playwright/test';
import { e2eEnv } from './e2e-env';
import { shoot, showLowFindings } from './page-helpers';

test.describe('findings on the demo case', () => {
  test('analyse, list findings by level, confirm one with a note (kept after a re-run)', async ({ page }, testInfo) => {
    const panel = page.getByTestId('findings-panel');
    const findings = panel.getByTestId('finding');
    await page.goto(e2eEnv().url);
    await page.getByTestId('tab-findings').click();
    await expect(panel).toBeVisible();

    await panel.getByRole('button', { name: 'Analyse' }).click();
    await expect(panel.getByText(/learned from [\d,]+ events before/)).toBeVisible({ timeout: 60_000 });
    // The benign demo has nothing of medium or higher level; its low-level novelty is there to review.
    await panel.getByLabel('at least').selectOption('low');
    await expect(findings.first()).toBeVisible();
    await shoot(page, testInfo, 'findings-low');

    const first = findings.first();
    const title = await first.locator('.finding-title').innerText();
    await first.getByLabel('note').fill('expected change, reviewed');
    await first.getByRole('button', { name: 'Confirm' }).click();
    await expect(first).toHaveAttribute('data-status', 'confirmed');

    await panel.getByRole('button', { name: 'Analyse' }).click();
    await expect(panel.getByText(/1 decisions kept/)).toBeVisible({ timeout: 60_000 });
    await panel.getByLabel('status').selectOption('confirmed');
    await expect(findings).toHaveCount(1);
    await expect(findings.first().locator('.finding-title')).toHaveText(title);
    await expect(findings.first().getByLabel('note')).toHaveValue('expected change, reviewed');
  });

  test('a finding opens its evidence events, and its identity zoomed to its window', async ({ page }, testInfo) => {
    const panel = page.getByTestId('findings-panel');
    const findings = panel.getByTestId('finding');
    await page.goto(e2eEnv().url);
    await showLowFindings(page);
    const first = findings.first();
    await expect(first).toBeVisible();
    const label = await first.getByTestId('finding-show-events').innerText();
    const n = Number(/Show its (\d+) events/.exec(label)?.[1]);
    expect(n).toBeGreaterThan(0);

    await first.getByTestId('finding-show-events').click();
    await expect(page.getByTestId('chip-finding')).toBeVisible();
    await expect(page.getByTestId('event-total')).toHaveAttribute('data-total', String(n));
    await shoot(page, testInfo, 'finding-evidence-events');

    await page.getByTestId('tab-findings').click();
    await panel.getByLabel('at least').selectOption('low');
    await findings.first().getByTestId('finding-open-identity').click();
    const identity = page.getByTestId('identity-page');
    await expect(identity).toBeVisible();
    await expect(page.getByTestId('chip-from')).toBeVisible();
    await expect(page.getByTestId('chip-to')).toBeVisible();
    await shoot(page, testInfo, 'finding-identity-window');
  });
});
