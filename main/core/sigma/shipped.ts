import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the shipped rules sit, relative to a folder that holds them: `rules/sigma` (source tree and dist/). */
const SHIPPED = path.join('rules', 'sigma');
const MARK = 'LICENSE.Detection.Rules.md';

/** How a finding from a shipped rule credits its source (the Detection Rule License asks for author and link). */
export const SHIPPED_CREDIT = 'SigmaHQ rule, https://github.com/SigmaHQ/sigma, under the Detection Rule License 1.1';

/**
 * The SigmaHQ rules that ship with Trailmark: the nearest `rules/sigma` above this module, which is dist/rules/sigma
 * for the built CLI and app (build/build.mjs copies it there) and the repository's own for the source tree.
 */
export function shippedRulesDir(from: string = path.dirname(fileURLToPath(import.meta.url))): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, SHIPPED);
    if (existsSync(path.join(candidate, MARK))) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}
