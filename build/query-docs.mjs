// Writes docs/query-views.md from the query console's view definitions (main/core/console/view-docs.ts).
// test/integration/query-views-doc.test.ts fails when the page is out of date.
import { build } from 'esbuild';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'query-docs.mjs');
await build({
  entryPoints: [path.join(root, 'main/core/console/view-docs.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile: out,
  logLevel: 'warning',
});
const { viewDocs } = await import(pathToFileURL(out).href);
await mkdir(path.join(root, 'docs'), { recursive: true });
await writeFile(path.join(root, 'docs/query-views.md'), await viewDocs());
console.log('wrote docs/query-views.md');
