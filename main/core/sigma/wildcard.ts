/**
 * Sigma strings: `*` and `?` are wildcards; a backslash escapes `*`, `?` and itself, and is a plain
 * backslash before anything else (so `\\\\` is `\\` and `\\*` is a backslash then a wildcard).
 */
export type Part = { lit: string } | { wild: '*' | '?' };

export function parseSigmaString(value: string): Part[] {
  const parts: Part[] = [];
  let buf = '';
  const flush = (): void => {
    if (buf) parts.push({ lit: buf });
    buf = '';
  };
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\') {
      const next = value[i + 1];
      if (next === '*' || next === '?' || next === '\\') {
        buf += next;
        i++;
      } else {
        buf += '\\';
      }
    } else if (c === '*' || c === '?') {
      flush();
      parts.push({ wild: c });
    } else {
      buf += c;
    }
  }
  flush();
  return parts;
}

/** A plain string as a Sigma value that matches exactly itself (the inverse of parsing a wildcard-free value). */
export function escapeSigmaLiteral(text: string): string {
  return text.replace(/[\\*?]/g, (c) => `\\${c}`);
}

/** Prints parts back to Sigma syntax; parseSigmaString(printSigmaString(p)) gives p back (merged literals). */
export function printSigmaString(parts: Part[]): string {
  return parts.map((p) => ('lit' in p ? escapeSigmaLiteral(p.lit) : p.wild)).join('');
}

export function hasWildcard(parts: Part[]): boolean {
  return parts.some((p) => 'wild' in p);
}

export function literalText(parts: Part[]): string {
  return parts.map((p) => ('lit' in p ? p.lit : p.wild)).join('');
}

/** Merges adjacent literals so equal strings have one representation. */
export function normalizeParts(parts: Part[]): Part[] {
  const out: Part[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if ('lit' in p && last && 'lit' in last) out[out.length - 1] = { lit: last.lit + p.lit };
    else if (!('lit' in p && p.lit === '')) out.push(p);
  }
  return out;
}

/** A LIKE / ILIKE pattern with `\` as the escape character. */
export function toLikePattern(parts: Part[]): string {
  return parts
    .map((p) => ('lit' in p ? p.lit.replace(/[\\%_]/g, (c) => `\\${c}`) : p.wild === '*' ? '%' : '_'))
    .join('');
}

/** A JavaScript RegExp equivalent to the parts (whole-string match); the reference for tests. */
export function toRegExp(parts: Part[], caseSensitive = false): RegExp {
  const body = parts
    .map((p) => ('lit' in p ? p.lit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : p.wild === '*' ? '[\\s\\S]*' : '[\\s\\S]'))
    .join('');
  return new RegExp(`^${body}$`, caseSensitive ? 'u' : 'iu');
}
