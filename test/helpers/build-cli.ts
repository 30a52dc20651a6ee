import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { REPO } from './paths';

/** vitest globalSetup: the CLI tests run the real `trailmark` command, so bundle it fresh from the sources first. */
export default function setup(): void {
  execFileSync(process.execPath, [path.join(REPO, 'build/build.mjs'), 'cli'], { cwd: REPO, stdio: 'inherit' });
}
