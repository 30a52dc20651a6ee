import type { CoreService } from '../../core/api/service';
import { parse, positional, UsageError } from '../args';
import { printJson, printLine } from '../output';

export const USAGE = 'trailmark create <case> --investigator NAME [--organization ORG] [--json]';

/** --investigator / --organization (the report's spelling) as openCase takes them (ingest and create share them). */
export const INVESTIGATOR_OPTIONS = {
  investigator: { type: 'string' },
  organization: { type: 'string' },
} as const;

export function investigatorFrom(values: Record<string, unknown>): { investigator?: string; organisation?: string } {
  const name = values.investigator;
  const org = values.organization;
  if (org !== undefined && typeof name !== 'string') throw new UsageError('--organization goes with --investigator');
  return {
    ...(typeof name === 'string' ? { investigator: name } : {}),
    ...(typeof org === 'string' ? { organisation: org } : {}),
  };
}

/** Creates a case (or opens one) and names its investigator, the actor of every custody entry from then on. */
export async function createCommand(core: CoreService, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, INVESTIGATOR_OPTIONS, USAGE);
  const [casePath] = positional(positionals, 1, USAGE);
  const who = investigatorFrom(values);
  if (!who.investigator) throw new UsageError(`--investigator NAME is required\nusage: ${USAGE}`);
  const info = await core.api.openCase({ path: casePath!, create: true, ...who });
  if (values.json) printJson({ path: info.path, investigator: info.investigator, custody: info.custody });
  else
    printLine(
      `${info.path}: investigator ${info.investigator?.name}` +
        `${info.investigator?.organisation ? `, ${info.investigator.organisation}` : ''}`,
    );
  return 0;
}
