import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { viewDocs } from '../../main/core/console/view-docs';
import { REPO } from '../helpers/paths';

it('docs/query-views.md is what the view definitions generate (node build/query-docs.mjs writes it)', async () => {
  const page = await readFile(path.join(REPO, 'docs/query-views.md'), 'utf8');
  const generated = await viewDocs();
  expect(page).toBe(generated);
  // Every column of every view is described: the page is documentation, not a list of names.
  expect(generated).not.toMatch(/\| [A-Z]+ \| \|$/m);
});
