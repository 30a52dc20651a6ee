// The WebAssembly the core runs is generated from its .wat sources (build/wasm.mjs): the committed bytes must be
// exactly what the sources compile to, so no one edits one without the other.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedModule, WASM_SOURCES } from '../../build/wasm.mjs';

const root = path.resolve(import.meta.dirname, '../..');

describe('generated WebAssembly modules', () => {
  it.each(WASM_SOURCES)('$ts is $wat compiled (npm run build:wasm)', async (source) => {
    expect(await readFile(path.join(root, source.ts), 'utf8')).toBe(await generatedModule(source));
  });
});
