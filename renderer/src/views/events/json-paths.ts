/** One line of a JSON record laid out as a tree: its path (as Sigma rules and jq-like tools write it), depth, key. */
export interface JsonLine {
  path: string;
  depth: number;
  key: string;
  /** The value as JSON text for leaves; null for objects and arrays (their children follow). */
  value: string | null;
}

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (PLAIN_KEY.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

/** Every field of a parsed record in document order, at most `limit` lines (huge records stay responsive). */
export function flattenJson(root: unknown, limit = 5000): JsonLine[] {
  const out: JsonLine[] = [];
  const walk = (v: unknown, path: string, key: string, depth: number) => {
    if (out.length >= limit) return;
    if (v !== null && typeof v === 'object') {
      if (depth >= 0) out.push({ path, depth, key, value: null });
      const entries: [string | number, unknown][] = Array.isArray(v)
        ? v.map((x, i) => [i, x])
        : Object.entries(v as Record<string, unknown>);
      for (const [k, x] of entries) walk(x, childPath(path, k), String(k), depth + 1);
    } else out.push({ path, depth, key, value: JSON.stringify(v) ?? 'null' });
  };
  walk(root, '', '', -1);
  return out;
}
