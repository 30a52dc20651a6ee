import type { JobState } from '../../shared/jobs';
import type { JobProgress } from '../../shared/model';
import type { CoreService } from '../core/api/service';
import { escapeText, formatBytes, log } from './output';

function describe(p: JobProgress): string {
  const amount = (n: number) => (p.unit === 'bytes' ? formatBytes(n) : n.toLocaleString('en-US'));
  const of = p.total
    ? ` / ${amount(p.total)} ${p.unit === 'bytes' ? '' : p.unit}`.trimEnd()
    : ` ${p.unit === 'bytes' ? '' : p.unit}`;
  const pct = p.total ? ` (${Math.floor((100 * p.done) / p.total)}%)` : '';
  const text = p.message ? escapeText(p.message, false) : ''; // a file name: written raw to a terminal below
  const msg = text ? `  ${text.length > 70 ? '…' + text.slice(-69) : text}` : '';
  return `${p.phase}: ${amount(p.done)}${of}${pct}${msg}`;
}

/** How often a job held by another process is asked for its state. */
const POLL_MS = 250;

/**
 * Follows a job to its end, showing progress on stderr (one rewritten line on a terminal, a line every few
 * seconds otherwise). Ctrl-C cancels the job, which leaves the case as it was. A job of the process that holds
 * the case (cli-core.ts) is followed through the API.
 */
export async function followJob(core: CoreService & { holder?: unknown }, job: string): Promise<JobState> {
  const tty = process.stderr.isTTY === true;
  let lastPhase = '';
  let lastLine = 0;
  let kind: JobProgress['kind'] | null = null;
  const show = (p: JobProgress) => {
    if (p.job !== job || p.state !== 'running') return;
    kind = p.kind;
    const now = Date.now();
    if (tty) process.stderr.write(`\r\x1b[2K${describe(p).slice(0, (process.stderr.columns ?? 100) - 1)}`);
    else if (p.phase !== lastPhase || now - lastLine > 2000) {
      log(describe(p));
      lastLine = now;
    }
    lastPhase = p.phase;
  };
  const off = core.onProgress(show);
  const onSigint = () => {
    log(
      kind === 'upgrade'
        ? '\ncancelling… (what the upgrade did is kept; it resumes when the case is next opened)'
        : '\ncancelling… (the case is left as it was before this job)',
    );
    void core.api.cancelJob({ job }).catch(() => undefined);
  };
  process.once('SIGINT', onSigint);
  try {
    if (!core.holder) return await core.session.jobs.wait(job);
    for (;;) {
      const state = await core.api.getJob({ job });
      if (state.state !== 'running') return state;
      show(state);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } finally {
    off();
    process.off('SIGINT', onSigint);
    if (tty) process.stderr.write('\r\x1b[2K');
  }
}
