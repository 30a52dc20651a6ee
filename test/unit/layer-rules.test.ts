import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/paths';

// The architecture's layer rules (DESIGN §1) are lint errors; these prove the rules fire, on code that breaks them.
const eslint = new ESLint({ cwd: REPO });

async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layer rules', () => {
  it.each([
    ['main/core/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['main/cli/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['renderer/src/x.ts', "import { Session } from '../../main/core/session';\nexport const s = Session;\n"],
    ['renderer/src/x.ts', "import fs from 'node:fs';\nexport const f = fs;\n"],
    ['renderer/src/x.ts', "import { DuckDBInstance } from '@duckdb/node-api';\nexport const d = DuckDBInstance;\n"],
    ['shared/x.ts', "import { Session } from '../main/core/session';\nexport const s = Session;\n"],
    ['shared/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['shared/x.ts', "import path from 'node:path';\nexport const p = path;\n"],
  ])('%s: %s is refused', async (file, code) => {
    expect(await ruleIds(file, code)).toContain('no-restricted-imports');
  });

  it('lets main/electron import electron and the renderer import shared/', async () => {
    expect(await ruleIds('main/electron/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
    expect(
      await ruleIds(
        'renderer/src/x.ts',
        "import { API_METHODS } from '../../shared/api';\nexport const m = API_METHODS;\n",
      ),
    ).toEqual([]);
  });
});
