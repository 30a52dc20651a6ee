import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportPdf } from '../../main/core/report/pdf-layout';
import { tempDir } from '../helpers/paths';
import { poppler } from './report-poppler';

const TOKENS = [
  'secretsmanager.amazonaws.com',
  'arn:aws:iam::111122223333:role/orders-processor-lambda-role',
  'arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db/master-AbCdEf',
  '/var/log/audit/2026/10/17/111122223333_CloudTrail_us-east-1_20261017T1311Z.json.gz',
  '{"bucketName":"prod-customer-exports","key":"2026/10/backup.tar","x-amz-acl":"private"}',
];
const BREAK_AFTER = '/:,.-_=&?;@|{[ ';

/**
 * Where a token's characters are split over lines in pdftotext's output, each split must fall just after a break
 * character (or before a closing bracket): never inside a run of letters and digits.
 */
function badBreaks(text: string, token: string): string[] {
  const escape = (ch: string) => ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  const re = new RegExp([...token].map(escape).join('\\n?'));
  const m = re.exec(text);
  if (!m) return [`${token}: not found whole`];
  const found = m[0];
  const bad: string[] = [];
  for (let i = found.indexOf('\n'); i >= 0; i = found.indexOf('\n', i + 1))
    if (!BREAK_AFTER.includes(found[i - 1]!) && !'}]'.includes(found[i + 1]!))
      bad.push(`${token}: broken at "${found.slice(Math.max(0, i - 8), i)}|${found.slice(i + 1, i + 9)}"`);
  return bad;
}

describe('table cells wrap at token boundaries (checked with pdftotext)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('trailmark-wrap-');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  for (const font of ['regular', 'mono'] as const)
    it(`${font} cells: every identifier is whole or split after a separator`, async () => {
      const pdf = new ReportPdf('A4', { title: 't', author: 'a', subject: 's' }, 'footer');
      pdf.doc.addPage();
      pdf.table(
        [
          { header: 'narrow', width: 1.2, font },
          { header: 'wide', width: 4 },
        ],
        TOKENS.map((t) => [t, 'x']),
        7,
      );
      const { pdf: bytes } = await pdf.finish();
      const file = path.join(dir, `${font}.pdf`);
      await writeFile(file, bytes);
      const text = poppler('pdftotext', '-raw', '-nopgbrk', file, '-');
      const lines = text.split('\n').filter((l) => TOKENS.some((t) => t.includes(l.trim()) && l.trim().length > 2));
      expect(lines.length).toBeGreaterThan(TOKENS.length); // the column is narrow: tokens do wrap
      const narrowOnly = text.replace(/ x$/gm, '');
      expect(TOKENS.flatMap((t) => badBreaks(narrowOnly, t))).toEqual([]);
    });
});
