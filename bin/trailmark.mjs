#!/usr/bin/env node
// The `trailmark` command. The TypeScript sources are bundled into dist/ by `npm run build` (run by npm install).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write(`trailmark: ${cli} is missing; run "npm run build" in the checkout first\n`);
  process.exit(2);
}
await import(pathToFileURL(cli).href);
