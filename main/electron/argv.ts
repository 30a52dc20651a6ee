// Which case to open from a command line (first launch, or a second instance's argv). Pure.

/**
 * The case folder named on the command line: the last argument ending in ".trailmark" (a trailing slash allowed) that
 * is not a switch, or the value of --case=PATH / --case PATH. Electron's and Chromium's own switches are ignored.
 */
export function caseFromArgv(argv: readonly string[]): string | null {
  let found: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--case=')) {
      found = arg.slice('--case='.length) || found;
    } else if (arg === '--case' && i + 1 < argv.length) {
      found = argv[++i] ?? found;
    } else if (!arg.startsWith('-') && /\.trailmark[\\/]?$/i.test(arg)) {
      found = arg;
    }
  }
  return found;
}

/** What to open: a case folder, and evidence to add to it (archives and log files). */
export interface OpenRequest {
  casePath: string | null;
  evidence: string[];
}

// Evidence a double-click or a command line may name: archives and the log formats the ingest reads.
const EVIDENCE = /\.(zip|tar|tgz|tar\.gz|gz|json|jsonl|ndjson|log|csv)$/i;
const CASE = /\.trailmark[\\/]?$/i;

/** The case and the evidence named on a command line (switches, the app's own path and other arguments ignored). */
export function openRequestFromArgv(argv: readonly string[]): OpenRequest {
  const evidence = argv.filter((a) => !a.startsWith('-') && EVIDENCE.test(a));
  return { casePath: caseFromArgv(argv), evidence };
}

/** Paths dropped on the window: a NAME.trailmark folder is the case, everything else (files, folders) evidence. */
export function openRequestFromDrop(paths: readonly string[]): OpenRequest {
  const cases = paths.filter((p) => CASE.test(p));
  return { casePath: cases[cases.length - 1] ?? null, evidence: paths.filter((p) => !CASE.test(p)) };
}

/** Evidence opened with no case open gets a new case beside it: /x/logs.tar.gz → /x/logs.trailmark. */
export function caseBesideEvidence(evidencePath: string): string {
  const trimmed = evidencePath.replace(/[\\/]+$/, '');
  const sep = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  const dir = sep >= 0 ? trimmed.slice(0, sep) : '.';
  const base = (sep >= 0 ? trimmed.slice(sep + 1) : trimmed).replace(EVIDENCE, '').replace(/\.tar$/i, '') || 'case';
  return `${dir}${sep >= 0 ? trimmed[sep] : '/'}${base}.trailmark`;
}
