import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { e2eEnv } from './e2e-env';
import { resetSavedView, shoot, showLowFindings } from './page-helpers';

// Every view of the demo case, in light and dark, checked by axe-core against WCAG 2.1 A and AA (contrast, names,
// roles, keyboard): a badge or a button that fails is named with its selector.
const VIEWS = ['home', 'identities', 'identity', 'timeline', 'events', 'flags', 'findings', 'query'] as const;

/** Violations on the page as it is; `contrastOnly` for the second theme (names and roles don't change with it). */
async function axeViolations(page: Page, contrastOnly: boolean): Promise<string[]> {
  const axe = new AxeBuilder({ page });
  const result = await (
    contrastOnly ? axe.withRules(['color-contrast']) : axe.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
  ).analyze();
  return result.violations.flatMap((v) =>
    v.nodes
      .slice(0, 5)
      .map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')} ${n.failureSummary ?? ''}`),
  );
}

test.describe('accessibility of every view', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`WCAG 2.1 AA in ${theme}`, async ({ page }, testInfo) => {
      // axe reads every element's colours: a view with thousands of rows takes tens of seconds on two busy cores.
      test.setTimeout(900_000);
      const env = e2eEnv();
      await resetSavedView(page.request, env.origin, env.token);
      await page.emulateMedia({ colorScheme: theme });
      await page.goto(env.url);
      await expect(page.getByTestId('tab-events')).toBeVisible();
      // The identity page and the findings need something to show: the busiest identity, and an analysis.
      await page.getByTestId('tab-identities').click();
      await page.getByTestId('explorer-row').first().click();
      await showLowFindings(page);
      const found: string[] = [];
      for (const view of VIEWS) {
        await page.getByTestId(`tab-${view}`).click();
        await expect(page.locator(`.view[data-view="${view}"]`)).toBeVisible();
        await page.waitForLoadState('networkidle');
        found.push(...(await axeViolations(page, theme === 'dark')).map((v) => `[${view}] ${v}`));
        await shoot(page, testInfo, `${theme}-a11y-${view}`);
      }
      expect(found, found.join('\n')).toEqual([]);
    });
  }
});
