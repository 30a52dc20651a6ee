import type { Duck } from '../db/duck';
import { param, sql } from '../db/sql';
import { GENESIS, type ParsedChain } from './custody-chain';

/** custody_anchor's one row (migration 0009). */
export type Anchor = {
  entries: number;
  head: string;
  prev_entries: number;
  prev_head: string;
  pending: string;
  problem: string | null;
};

export async function readAnchor(db: Duck): Promise<Anchor | null> {
  const row = await db.one<Anchor>(
    'SELECT entries, head, prev_entries, prev_head, pending, problem FROM custody_anchor WHERE id = 1',
  );
  return row ?? null;
}

/** Written inside the transaction of the action it records. */
export async function writeAnchor(db: Duck, a: Anchor): Promise<void> {
  await db.run(
    sql`INSERT OR REPLACE INTO custody_anchor VALUES (1, ${param(a.entries)}, ${param(a.head)},
      ${param(a.prev_entries)}, ${param(a.prev_head)}, ${param(a.pending)}, ${param(a.problem)}, now())`,
  );
}

const short = (h: string) => h.slice(0, 16) + '…';
const headAt = (chain: ParsedChain, n: number) => (n === 0 ? GENESIS : chain.heads[n - 1]);

/**
 * Whether the log lost the last action's lines after the database committed it (a crash, a full disk between the
 * two): the log holds exactly what it held before that action, plus at most a beginning of its lines.
 * Returns the byte offset where the lost lines start, or null when that is not what happened.
 */
export function lostTail(chain: ParsedChain, raw: Buffer, a: Anchor): number | null {
  if (a.entries <= a.prev_entries || chain.entries < a.prev_entries) return null;
  if (headAt(chain, a.prev_entries) !== a.prev_head) return null;
  const from = a.prev_entries === 0 ? 0 : chain.ends[a.prev_entries - 1]!;
  const rest = raw.subarray(from);
  const pending = Buffer.from(a.pending, 'utf8');
  return rest.length < pending.length && pending.subarray(0, rest.length).equals(rest) ? from : null;
}

/**
 * How the log differs from its anchor, in words, or null when they agree. Every difference is a break: a log cut
 * short, emptied, deleted, with lines added after the anchored head, or rewritten (even consistently).
 */
export function compareWithAnchor(chain: ParsedChain, exists: boolean, a: Anchor): string | null {
  if (chain.entries === a.entries && (a.entries === 0 || chain.head === a.head)) return null;
  const records = `the case records ${a.entries} entries (head ${short(a.head)})`;
  if (!exists) return `custody.jsonl is missing: ${records}`;
  if (chain.entries === 0) return `custody.jsonl is empty: ${records}`;
  if (chain.entries < a.entries)
    return `custody.jsonl has ${chain.entries} entries where ${records}: its end was cut off or removed`;
  if (chain.entries > a.entries) {
    return headAt(chain, a.entries) === a.head
      ? `custody.jsonl has ${chain.entries - a.entries} entries after line ${a.entries}, the last one the case records: added outside Trailmark (or the database lost its last changes)`
      : `custody.jsonl has ${chain.entries} entries where ${records}, and line ${a.entries} is not the one recorded: rewritten`;
  }
  return `custody.jsonl was rewritten: its head (line ${chain.entries}) is ${short(chain.head)} where ${records}`;
}
