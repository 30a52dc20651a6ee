import { FieldMapping } from '../../../shared/model';
import type { CaseFile } from '../case/case-file';
import type { Duck } from '../db/duck';
import { csvHeaderOf, readHead, sniffInput } from './sniff';
import { mappingFits } from './sources/generic';

/** Saves (or replaces) a generic-log mapping in the case and logs it in custody. */
export async function saveMapping(c: CaseFile, input: FieldMapping): Promise<FieldMapping> {
  const m = FieldMapping.parse(input);
  await c.custody.record({
    change: () =>
      c.db.run('INSERT OR REPLACE INTO ingest_mappings VALUES (?, ?, ?, ?, ?, ?, ?, now())', [
        m.name,
        m.kind,
        m.time,
        m.actor,
        m.action,
        m.ip,
        m.outcome,
      ]),
    items: [{ action: 'mapping.saved', detail: { ...m } }],
  });
  return m;
}

export async function listMappings(db: Duck): Promise<FieldMapping[]> {
  const rows = await db.all<Record<string, string | null>>('SELECT * FROM ingest_mappings ORDER BY name');
  return rows.map((r) =>
    FieldMapping.parse({
      name: r.name,
      kind: r.kind,
      time: r.time_field,
      actor: r.actor_field,
      action: r.action_field,
      ip: r.ip_field,
      outcome: r.outcome_field,
    }),
  );
}

/** The fields a file offers: the first JSON line's keys, or the CSV header's columns. */
async function fieldsOf(file: string, gzip: boolean): Promise<{ kind: 'json' | 'csv'; fields: string[] } | null> {
  const { start } = sniffInput(await readHead(file, gzip));
  if (start.startsWith('{')) {
    try {
      const first = JSON.parse(start.split(/\r?\n/, 1)[0] ?? '') as unknown;
      if (first && typeof first === 'object' && !Array.isArray(first))
        return { kind: 'json', fields: Object.keys(first) };
    } catch {
      return null;
    }
    return null;
  }
  const header = csvHeaderOf(start);
  return header ? { kind: 'csv', fields: header } : null;
}

/** The first saved mapping whose kind and fields fit an otherwise unrecognised file, if any. */
export async function mappingFor(
  mappings: FieldMapping[],
  file: string,
  gzip: boolean,
): Promise<FieldMapping | undefined> {
  if (mappings.length === 0) return undefined;
  const got = await fieldsOf(file, gzip);
  if (!got) return undefined;
  return mappings.find((m) => m.kind === got.kind && mappingFits(m, got.fields));
}
