import path from 'node:path';
import { ESLint, RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { CORE_FLOORS, coreLayering } from '../../build/core-layering.mjs';
import { REPO as ROOT } from '../helpers/paths';

RuleTester.describe = describe;
RuleTester.it = it;
const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
});
const at = (rel: string) => path.join(ROOT, rel);

describe('the core layering rule (build/core-layering.mjs)', () => {
  tester.run('core-layering', coreLayering, {
    valid: [
      { code: "import { sql } from '../db/sql';", filename: at('main/core/query/x.ts') },
      { code: "import { a } from './sibling';", filename: at('main/core/ingest/x.ts') },
      { code: "import { a } from '../../../shared/model';", filename: at('main/core/ingest/sources/x.ts') },
      { code: "import { Session } from '../session';", filename: at('main/core/api/x.ts') },
      { code: "import { createCore } from '../../core/api/service';", filename: at('main/cli/commands/x.ts') },
      { code: "import { readFile } from 'node:fs';", filename: at('main/core/case/x.ts') },
    ],
    invalid: [
      // the upward calls this rule was written against
      {
        code: "import { x } from '../query/text-index';",
        filename: at('main/core/case/x.ts'),
        errors: [{ messageId: 'upward' }],
      },
      {
        code: "import { x } from '../integrity/ingest-hook';",
        filename: at('main/core/ingest/x.ts'),
        errors: [{ messageId: 'upward' }],
      },
      {
        code: "import type { X } from '../analysis/finding-draft';",
        filename: at('main/core/sigma/x.ts'),
        errors: [{ messageId: 'upward' }],
      },
      {
        code: "export { x } from '../../report/y';",
        filename: at('main/core/ingest/sources/x.ts'),
        errors: [{ messageId: 'upward' }],
      },
      {
        code: "const m = import('../api/service');",
        filename: at('main/core/query/x.ts'),
        errors: [{ messageId: 'upward' }],
      },
      {
        code: "import { x } from '../newfloor/y';",
        filename: at('main/core/query/x.ts'),
        errors: [{ messageId: 'unknown' }],
      },
      {
        code: "import { x } from '../../core/ingest/limits';",
        filename: at('main/cli/commands/x.ts'),
        errors: [{ messageId: 'shell' }],
      },
      {
        code: "import { x } from '../core/report/key-store';",
        filename: at('main/electron/x.ts'),
        errors: [{ messageId: 'shell' }],
      },
    ],
  });

  // `npm test` lints the whole tree (eslint .), so the rule being on is what holds the code to it.
  it('is on for the core and the shells in the project config', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    for (const file of ['main/core/case/case-file.ts', 'main/cli/index.ts', 'main/electron/main.ts']) {
      const config = await eslint.calculateConfigForFile(at(file));
      expect(config.rules?.['trailmark/core-layering']?.[0], file).toBe(2);
    }
  });

  it('names every folder of the core', async () => {
    const { readdirSync } = await import('node:fs');
    const folders = readdirSync(at('main/core'), { withFileTypes: true }).filter((d) => d.isDirectory());
    expect(folders.map((d) => d.name).filter((n) => !CORE_FLOORS.includes(n))).toEqual([]);
  });
});
