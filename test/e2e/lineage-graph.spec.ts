import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import type { LineageGraph } from '../../shared/methods/lineage';
import type { Finding } from '../../shared/model';
import { BACKDOOR, CI_ROLE, serveAttackDemo } from './attack-host';
import { callApi, shoot, totalOf } from './page-helpers';

// The attack demo (attack-host.ts): from the CI role's finding, its chain as a graph. The screenshots go to the
// test results; TRAILMARK_E2E_DOCS=1 also writes them to docs/ for the README.
const DOCS =
  process.env.TRAILMARK_E2E_DOCS === '1'
    ? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs')
    : null;
const PROBE =
  'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com:repo:octo-fork/ci-probe:ref:refs/heads/main';

const host = serveAttackDemo();

test("from the CI role's finding, its chain: the repository, the user it created, its key, and the calls made with it", async ({
  page,
}, testInfo) => {
  const api = <T>(method: string, params: unknown) => callApi<T>(page.request, host.origin, host.token, method, params);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(host.url);
  await page.getByTestId('tab-findings').click();
  const panel = page.getByTestId('findings-panel');
  await panel.getByRole('button', { name: 'Analyse' }).click();
  await expect(panel.getByText(/learned from [\d,]+ events before/)).toBeVisible({ timeout: 90_000 });
  const { rows } = await api<{ rows: Finding[] }>('listFindings', { limit: 500, actor_uid: CI_ROLE });
  const finding = rows.find((f) => f.detectors.includes('federated_role_new_subject'))!;
  expect(finding).toBeTruthy();

  await panel
    .locator(`[data-testid="finding"]`)
    .filter({ hasText: finding.title })
    .first()
    .getByTestId('finding-show-chain')
    .click();
  const view = page.getByTestId('lineage-view');
  await expect(view).toBeVisible();
  const graph = view.getByTestId('lineage-graph');
  await expect(graph.locator(`[data-testid="graph-node"][data-actor="${CI_ROLE}"]`)).toHaveAttribute(
    'data-root',
    'true',
  );
  await expect(graph.locator(`[data-testid="graph-node"][data-actor="${BACKDOOR}"]`)).toBeVisible();
  await expect(graph.locator(`[data-testid="graph-node"][data-actor="${PROBE}"]`)).toBeVisible();
  await expect(
    graph.locator(`[data-kind="oidc_federation"][data-from="${PROBE}"][data-to="${CI_ROLE}"]`),
  ).toBeVisible();
  await expect(
    graph.locator(`[data-kind="created_user"][data-from="${CI_ROLE}"][data-to="${BACKDOOR}"]`),
  ).toBeVisible();
  const keyEdge = graph.locator(`[data-kind="access_key"][data-from="${CI_ROLE}"][data-to="${BACKDOOR}"]`);
  await expect(keyEdge).toBeVisible();
  // the finding's window: the benign repositories' sessions of other days are left out, and said so
  await expect(graph.locator('[data-testid="graph-node"]')).toHaveCount(3);
  await expect(view.getByTestId('graph-notes')).toContainText('issuances outside it');

  const g = await api<LineageGraph>('lineageGraph', { finding: finding.id });
  const key = g.edges.find((e) => e.kind === 'access_key' && e.child_uid === BACKDOOR)!;
  expect(key.use_count).toBeGreaterThan(0);

  // keyboard: the key's hop takes focus and Enter opens its evidence
  await keyEdge.focus();
  await page.keyboard.press('Enter');
  const evidence = view.getByTestId('graph-edge-evidence');
  await expect(evidence).toHaveAttribute('data-kind', 'access_key');
  await expect(evidence).toContainText(key.credentials[0]!);
  await page.mouse.move(0, 0);
  await shoot(page, testInfo, 'lineage-graph-light');
  if (DOCS) await page.screenshot({ path: path.join(DOCS, 'lineage-graph-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('body')).toHaveCSS('background-color', /rgb\((1[0-9]|2[0-9]), /);
  await shoot(page, testInfo, 'lineage-graph-dark');
  if (DOCS) await page.screenshot({ path: path.join(DOCS, 'lineage-graph-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });

  // the issuing record opens beside the graph
  await evidence.getByTestId('graph-issue-event').first().click();
  await expect(page.getByTestId('event-raw')).toContainText('CreateAccessKey');

  // a box opens its identity at the time of its hops
  await graph.locator(`[data-testid="graph-node"][data-actor="${BACKDOOR}"]`).click();
  await expect(page.getByTestId('identity-page')).toHaveAttribute('data-actor', BACKDOOR);
  await expect(page.getByTestId('reset-zoom')).toBeVisible();
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(keyEdge).toBeVisible();

  // one click from the key's hop to every call made with it
  await keyEdge.click();
  await view.getByTestId('graph-edge-calls').click();
  await expect(page.getByTestId('identity-page')).toHaveAttribute('data-actor', BACKDOOR);
  expect(await totalOf(page.getByTestId('event-total'))).toBe(key.use_count);

  // the identity's lineage panel opens the same graph around it, its whole lineage
  await page.getByTestId('lineage-panel').getByTestId('lineage-show-graph').click();
  await expect(page.getByTestId('lineage-view')).toBeVisible();
  await expect(page.locator(`[data-testid="graph-node"][data-actor="${BACKDOOR}"][data-root="true"]`)).toBeVisible();
  await expect(page.locator(`[data-testid="graph-node"][data-actor="${CI_ROLE}"]`)).toBeVisible();
});
