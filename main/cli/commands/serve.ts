import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TrailmarkError } from '../../../shared/errors';
import type { CoreService } from '../../core/api/service';
import type { CliCore } from '../cli-core';
import { startHost } from '../../host/server';
import { intOption, parse, positional } from '../args';
import { log, printLine } from '../output';

export const USAGE = 'trailmark serve <case> [--port N] [--json]';

/** dist/cli.mjs sits beside dist/renderer/. */
export function rendererDir(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), 'renderer');
}

export async function serveCommand(core: CoreService, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { port: { type: 'string' } }, USAGE);
  const [casePath] = positional(positionals, 1, USAGE);
  const port = values.port === undefined ? 0 : intOption(values.port as string, 'port', 0);
  const info = await core.api.openCase({ path: casePath!, create: false });
  const holder = (core as Partial<CliCore>).holder;
  if (holder)
    throw new TrailmarkError('conflict', `${info.path} is already open in a running Trailmark (pid ${holder.pid})`);
  const host = await startHost({ core, rendererDir: rendererDir(), port });
  if (values.json) printLine(JSON.stringify({ url: host.url, port: host.port, token: host.token, case: info.path }));
  else {
    printLine(`Trailmark is serving ${info.path}`);
    printLine(`open ${host.url}`);
    log('listening on 127.0.0.1 only; Ctrl-C stops it');
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await host.close();
  return 0;
}
