import { expect, test } from '@playwright/test';
import { e2eEnv } from './e2e-env';
import { shoot } from './page-helpers';

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
});
