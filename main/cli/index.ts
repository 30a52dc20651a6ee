import { exitCodeOf, TrailmarkError } from '../../shared/errors';
import type { CoreService } from '../core/api/service';
import { VERSION } from '../core/api/version';
import { UsageError } from './args';
import { createCliCore } from './cli-core';
import { analyzeCommand, USAGE as analyzeUsage } from './commands/analyze';
import { createCommand, USAGE as createUsage } from './commands/create';
import { demoCommand, USAGE as demoUsage } from './commands/demo';
import { eventsCommand, USAGE as eventsUsage } from './commands/events';
import { exportCommand, USAGE as exportUsage } from './commands/export';
import { findingsCommand, USAGE as findingsUsage } from './commands/findings';
import { identitiesCommand, USAGE as identitiesUsage } from './commands/identities';
import { infoCommand, USAGE as infoUsage } from './commands/info';
import { lineageCommand, USAGE as lineageUsage } from './commands/lineage';
import { ingestCommand, USAGE as ingestUsage } from './commands/ingest';
import { reportCommand, USAGE as reportUsage } from './commands/report';
import { serveCommand, USAGE as serveUsage } from './commands/serve';
import { sqlCommand, USAGE as sqlUsage } from './commands/sql';
import { timelineCommand, USAGE as timelineUsage } from './commands/timeline';
import { verifyCommand, USAGE as verifyUsage } from './commands/verify';
import { log } from './output';

type Command = (core: CoreService, argv: string[]) => Promise<number>;

// One usage text per command, in its own module: `--help` shows the same lines a usage error does.
const COMMANDS: Record<string, { run: Command; usage: string; about: string }> = {
  create: {
    run: createCommand,
    usage: createUsage,
    about: "create a case (or open one) and name its investigator, custody's actor from then on",
  },
  ingest: { run: ingestCommand, usage: ingestUsage, about: 'create the case if missing, add evidence, ingest' },
  info: {
    run: infoCommand,
    usage: infoUsage,
    about:
      'evidence, sources, counts, time range, custody status, log gaps, CloudTrail digest validation\n(keys: aws cloudtrail list-public-keys); --verify-case reads the tables again against their digests',
  },
  identities: {
    run: identitiesCommand,
    usage: identitiesUsage,
    about: 'identities with account and full id (the id, or an unambiguous name, is what --identity takes)',
  },
  events: {
    run: eventsCommand,
    usage: eventsUsage,
    about:
      'events in time order; --search matches words where they start, as the app does; --json gives total, offset and next_offset',
  },
  timeline: {
    run: timelineCommand,
    usage: timelineUsage,
    about: 'one identity over time; --rare names the least frequent values first',
  },
  analyze: {
    run: analyzeCommand,
    usage: analyzeUsage,
    about: 'run detectors and the shipped Sigma rules (+ --sigma DIR), store findings',
  },
  lineage: {
    run: lineageCommand,
    usage: lineageUsage,
    about: "who obtained an identity's credentials and what it issued or created, each link with its evidence events",
  },
  findings: { run: findingsCommand, usage: findingsUsage, about: 'findings with their status and note' },
  sql: {
    run: sqlCommand,
    usage: sqlUsage,
    about:
      "read-only SQL over the case views (docs/query-views.md), or a Sigma rule's matches; saved queries; every run in custody",
  },
  serve: { run: serveCommand, usage: serveUsage, about: 'loopback host; prints the URL with its token' },
  report: { run: reportCommand, usage: reportUsage, about: 'the PDF audit report, optionally signed' },
  verify: {
    run: verifyCommand,
    usage: verifyUsage,
    about:
      "check a signed report (against a case's custody chain, a pinned signer); exit 1 with the reason on any change",
  },
  demo: { run: demoCommand, usage: demoUsage, about: 'build a realistic sample case' },
  export: {
    run: exportCommand,
    usage: exportUsage,
    about: 'normalised events as Parquet, partitioned by source and day',
  },
};

const HELP = `trailmark ${VERSION}: what machine identities did, from exported audit logs (offline)

usage: trailmark <command> [options]   (every command takes --json)

${Object.values(COMMANDS)
  .map((c) => `  ${c.usage.replace(/\n\s*/g, '\n      ')}\n      ${c.about.replace(/\n/g, '\n      ')}`)
  .join('\n')}

exit codes: 0 success, 1 a problem found (e.g. a broken custody chain), 2 bad usage or bad input`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(VERSION + '\n');
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    log(`trailmark: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  // `serve` keeps the case open: its upgrade goes on in the background and its page shows it.
  const core = createCliCore({ awaitUpgrade: name !== 'serve' });
  try {
    return await command.run(core, rest);
  } catch (err) {
    if (err instanceof UsageError) {
      log(`trailmark ${name}: ${err.message}`);
      return 2;
    }
    if (err instanceof TrailmarkError) {
      log(`trailmark ${name}: ${err.message}`);
      return exitCodeOf(err.kind);
    }
    log(`trailmark ${name}: internal error: ${(err as Error).stack ?? String(err)}`);
    return 1;
  } finally {
    await core.close();
  }
}

// A reader that stops early (`trailmark info … | head`) closes the pipe: what is left of the output has nobody to
// read it. Say nothing and let the command finish and close the case cleanly; any other stdout error is real.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') return;
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    log(String(err));
    process.exitCode = 1;
  },
);
