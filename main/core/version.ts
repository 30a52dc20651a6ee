import { createRequire } from 'node:module';

/** The version in package.json, read once: reports and custody lines name the tool version that made them. */
function readVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    for (const rel of ['../../package.json', '../../../package.json', '../package.json']) {
      try {
        const pkg = require(rel) as { name?: string; version?: string };
        if (pkg.name === 'trailmark' && pkg.version) return pkg.version;
      } catch {
        // try the next layout (source tree vs. bundled dist/)
      }
    }
  } catch {
    // fall through
  }
  return '0.0.0-unknown';
}

export const VERSION = readVersion();
