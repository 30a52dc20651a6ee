import { readFile } from 'node:fs/promises';
import type { CustodyLine } from '../../../shared/methods/workspace';
import type { CaseFile } from '../case/case-file';
import type { CustodyEntry } from '../case/custody';

/** The last `limit` entries of custody.jsonl, newest first (the chain itself is checked on open). */
export async function listCustody(c: CaseFile, limit: number): Promise<{ rows: CustodyLine[]; total: number }> {
  const text = await readFile(c.custody.file, 'utf8').catch(() => '');
  const lines = text.split('\n').filter((l) => l.trim());
  const rows: CustodyLine[] = [];
  for (const line of lines.slice(-limit).reverse()) {
    try {
      const e = JSON.parse(line) as CustodyEntry;
      rows.push({ seq: e.seq, at: e.at, by: e.by, action: e.action, detail: e.detail ?? {} });
    } catch {
      rows.push({ seq: -1, at: '', by: '', action: 'unreadable line', detail: { text: line.slice(0, 200) } });
    }
  }
  return { rows, total: lines.length };
}
