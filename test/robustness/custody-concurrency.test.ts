import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseChain } from '../../main/core/case/custody-chain';
import { createCoreService } from '../../main/core/api/service';
import { robustCase } from './robust-case';

/** Many actions at once through the API (as two windows, or the host and a script, would send them). */
describe('custody under concurrent writers', () => {
  let c: Awaited<ReturnType<typeof robustCase>>;
  beforeAll(async () => {
    c = await robustCase({ analyse: true });
  });
  afterAll(() => c?.cleanup());

  const chain = async () => {
    const text = await readFile(path.join(c.caseDir, 'custody.jsonl'), 'utf8');
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { seq: number; action: string });
    return { parsed: parseChain(text), lines };
  };

  it('50 concurrent annotations leave an intact chain with 50 distinct entries', async () => {
    const before = (await chain()).parsed.entries;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        c.core.dispatch('addAnnotation', {
          target_kind: 'range',
          target_id: `2026-01-01T00:00:00Z/2026-01-01T${String(i % 24).padStart(2, '0')}:30:00Z`,
          kind: 'note',
          note: `concurrent note ${i}`,
        }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const { parsed, lines } = await chain();
    expect(parsed.problem).toBeNull();
    const added = lines.slice(before).filter((l) => l.action === 'annotation.note');
    expect(added).toHaveLength(50);
    expect(new Set(added.map((l) => l.seq)).size).toBe(50);
    expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => i + 1));
  });

  it('concurrent finding decisions, reclassifications and annotations keep one chain, intact on reopen', async () => {
    const findings = await c.core.api.listFindings({ limit: 20 });
    expect(findings.rows.length).toBeGreaterThan(1);
    const ids = await c.core.api.listIdentities({ limit: 5 });
    const calls = [
      ...findings.rows.map((f, i) =>
        c.core.dispatch('setFindingStatus', { id: f.id, status: i % 2 ? 'confirmed' : 'dismissed', note: `n${i}` }),
      ),
      ...ids.rows.map((r) =>
        c.core.dispatch('setIdentityCategory', { actor_uid: r.actor_uid, category: 'machine', note: 'by hand' }),
      ),
      ...findings.rows.map((f) =>
        c.core.dispatch('addAnnotation', { target_kind: 'finding', target_id: f.id, kind: 'flag' }),
      ),
    ];
    const results = await Promise.all(calls);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const { parsed } = await chain();
    expect(parsed.problem).toBeNull();
    c.core.close();
    const again = createCoreService('cli');
    try {
      const info = await again.api.openCase({ path: c.caseDir });
      expect(info.custody).toMatchObject({ ok: true, problem: null });
    } finally {
      again.close();
    }
  });
});
