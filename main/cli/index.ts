import { TrailmarkError } from '../../shared/errors';
import { createCoreService, type CoreService } from '../core/api/service';
import { VERSION } from '../core/version';
import { UsageError } from './args';
import { analyzeCommand } from './commands/analyze';
import { demoCommand } from './commands/demo';
import { eventsCommand } from './commands/events';
import { exportCommand } from './commands/export';
import { findingsCommand } from './commands/findings';
import { identitiesCommand } from './commands/identities';
import { infoCommand } from './commands/info';
import { ingestCommand } from './commands/ingest';
import { reportCommand } from './commands/report';
import { serveCommand } from './commands/serve';
import { timelineCommand } from './commands/timeline';
import { verifyCommand } from './commands/verify';
import { log } from './output';

type Command = (core: CoreService, argv: string[]) => Promise<number>;

const COMMANDS: Record<string, { run: Command; help: string }> = {
  ingest: {
    run: ingestCommand,
    help:
      'ingest   <case> <path>...        create the case if missing, add evidence, ingest\n' +
      '           [--max-member-size SIZE] [--max-total-size SIZE] [--max-ratio N] [--max-depth N]',
  },
  info: {
    run: infoCommand,
    help:
      'info     <case>                   evidence, sources, counts, time range, custody status, log gaps,\n' +
      '           [--public-keys KEYS.json]    CloudTrail digest validation (keys: aws cloudtrail list-public-keys)',
  },
  identities: { run: identitiesCommand, help: 'identities <case> [--machine|--human] [--source S]' },
  events: {
    run: eventsCommand,
    help: 'events   <case> [--identity ID|NAME] [--from T] [--to T] [--operation OP] [--search TEXT] [--limit N] [--offset N]',
  },
  timeline: {
    run: timelineCommand,
    help: 'timeline <case> --identity ID|NAME [--buckets N] [--by operation|service|outcome|source] [--series N] [--rare]',
  },
  analyze: {
    run: analyzeCommand,
    help: 'analyze  <case> [--baseline-until T] [--sigma DIR]   run detectors (+ Sigma rules), store findings',
  },
  findings: { run: findingsCommand, help: 'findings <case> [--identity ID|NAME] [--min-severity S] [--status S]' },
  serve: { run: serveCommand, help: 'serve    <case> [--port N]        loopback host; prints the URL with its token' },
  report: {
    run: reportCommand,
    help: 'report   <case> --out FILE.pdf [--sign FILE.p12 --pass-env VAR] [--investigator NAME]',
  },
  verify: {
    run: verifyCommand,
    help: 'verify   <FILE.pdf>                check a signed report; exit 1 with the reason on any change',
  },
  demo: { run: demoCommand, help: 'demo     [<case>] [--attacks]     build a realistic sample case' },
  export: {
    run: exportCommand,
    help: 'export   <case> --parquet DIR     normalised events as Parquet, partitioned by source and day',
  },
};

const HELP = `trailmark ${VERSION}: what machine identities did, from exported audit logs (offline)

usage: trailmark <command> [options]   (every command takes --json)

${Object.values(COMMANDS)
  .map((c) => '  ' + c.help)
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
  const core = createCoreService('cli');
  try {
    return await command.run(core, rest);
  } catch (err) {
    if (err instanceof UsageError) {
      log(`trailmark ${name}: ${err.message}`);
      return 2;
    }
    if (err instanceof TrailmarkError) {
      log(`trailmark ${name}: ${err.message}`);
      return ['bad_request', 'bad_input', 'not_found', 'no_case'].includes(err.kind) ? 2 : 1;
    }
    log(`trailmark ${name}: internal error: ${(err as Error).stack ?? String(err)}`);
    return 1;
  } finally {
    core.close();
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
