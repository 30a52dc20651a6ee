/** One API page: its rows and the total the query has. */
export interface Page<T> {
  rows: T[];
  total: number;
}

/**
 * Reads `limit` rows from `offset` through an API that pages (at most 5,000 rows a call), and says where the next
 * page starts (null at the end): what is left out is said, never silently.
 */
export async function readPages<T>(
  fetch: (offset: number, limit: number) => Promise<Page<T>>,
  offset: number,
  limit: number,
): Promise<{ rows: T[]; total: number; next_offset: number | null }> {
  const rows: T[] = [];
  let total = 0;
  while (rows.length < limit) {
    const page = await fetch(offset + rows.length, Math.min(limit - rows.length, 5000));
    rows.push(...page.rows);
    total = page.total;
    if (page.rows.length === 0 || offset + rows.length >= total) break;
  }
  return { rows, total, next_offset: offset + rows.length < total ? offset + rows.length : null };
}
