import type { CaseFile } from '../case/case-file';
import { logGaps } from '../integrity/gaps';
import { validateDigests } from '../integrity/validate-digests';
import type { GenericTable } from './content';

const PROBLEMS_LISTED = 200;

/**
 * The integrity section: CloudTrail digest validation (log-file hashes and the digest chain; RSA signatures need
 * AWS's public keys, which `trailmark info --public-keys` takes) and the log gaps found per source/account/region.
 */
export async function gatherIntegrity(c: CaseFile): Promise<GenericTable[]> {
  const d = await validateDigests(c);
  const g = await logGaps(c);
  const tables: GenericTable[] = [];
  const summary: [string, string][] = d.digests
    ? [
        ['digest files', `${d.digests}`],
        [
          'log files listed in digests',
          `${d.log_files.listed}: ${d.log_files.valid} match, ${d.log_files.missing} missing, ${d.log_files.altered} altered`,
        ],
        ['log files in the case listed by no digest', `${d.unlisted}`],
        ['digest chain', `${d.chain.links} links, ${d.chain.broken} broken`],
        [
          'digest signatures (RSA)',
          `${d.signatures.valid} valid, ${d.signatures.invalid} invalid, ${d.signatures.unchecked} not checked`,
        ],
        ['result', d.ok ? 'no problem found' : `${d.problems.length} problems (listed below)`],
      ]
    : [['digest files', 'none in this case: CloudTrail log-file integrity cannot be validated from digests']];
  tables.push({
    name: 'CloudTrail digest validation',
    columns: ['check', 'result'],
    rows: summary,
    total: summary.length,
  });
  if (d.problems.length)
    tables.push({
      name: 'Digest validation problems',
      columns: ['problem', 'file', 'detail'],
      rows: d.problems.slice(0, PROBLEMS_LISTED).map((p) => [p.kind, p.file, p.detail]),
      total: d.problems.length,
    });
  tables.push({
    name: `Log gaps (${g.total} in ${g.streams} streams with enough history to have a pattern)`,
    columns: ['source / account / region', 'from (UTC)', 'to (UTC)', 'hours', 'why it is a gap'],
    rows: g.gaps.map((x) => [
      [x.source, x.account_uid ?? '-', x.region ?? '-'].join(' / '),
      x.start.slice(0, 16).replace('T', ' '),
      x.end.slice(0, 16).replace('T', ' '),
      x.hours,
      x.reason,
    ]),
    total: g.total,
  });
  return tables;
}
