import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { createSelfSignedIdentity, toPkcs12 } from '../../main/core/report/signing-identity';
import { e2eEnv } from './e2e-env';
import { expectOnlyOrigin, recordRequests, shoot } from './page-helpers';

test.describe('the report dialog and the Verify screen', () => {
  test('writes a signed PDF of the open case with the investigator’s PKCS#12, then verifies it', async ({
    page,
  }, testInfo) => {
    test.setTimeout(240_000);
    const env = e2eEnv();
    const p12 = path.join(env.tmp, 'e2e-investigator.p12');
    await writeFile(
      p12,
      toPkcs12(createSelfSignedIdentity({ name: 'Erin Examiner', organization: 'E2E Audit' }), 'pw'),
    );
    const out = path.join(env.tmp, 'e2e-report.pdf');
    const requests = recordRequests(page);

    await page.goto(env.url);
    await page.getByTestId('open-report-dialog').click();
    const dialog = page.getByTestId('report-dialog');
    await dialog.getByLabel('Investigator name').fill('Erin Examiner');
    await dialog.getByLabel('Organization').fill('E2E Audit');
    await dialog.getByText('My PKCS#12 file').click();
    await dialog.getByRole('textbox', { name: 'PKCS#12 file' }).fill(p12);
    await dialog.getByLabel('PKCS#12 passphrase').fill('pw');
    await dialog.getByLabel('Report file').fill(out);
    await shoot(page, testInfo, 'report-dialog');
    await dialog.getByTestId('report-start').click();
    const result = dialog.getByTestId('report-result');
    await expect(result).toBeVisible({ timeout: 200_000 });
    await expect(result).toContainText(out);
    await expect(result).toContainText('Erin Examiner (PAdES B-B)');

    await result.getByRole('button', { name: 'Verify it' }).click();
    const verdict = page.getByTestId('verify-verdict');
    await expect(verdict).toContainText('✓ Valid: unchanged since it was signed');
    await expect(verdict).toContainText('Erin Examiner, E2E Audit (self-signed certificate)');
    await shoot(page, testInfo, 'report-verified');

    // A third party with only the PDF: poppler agrees.
    const sig = execFileSync('pdfsig', [out], { encoding: 'utf8' });
    expect(sig).toContain('Signature is Valid');
    expectOnlyOrigin(requests, env.origin);
  });
});
