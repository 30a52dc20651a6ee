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
