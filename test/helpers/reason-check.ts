/**
 * Checks an identity's reason against its raw records: every "field = value" it states must be found in one of
 * them (the field as a dotted path that ends a path of the record, or "a/b" for either of two fields), and a count
 * written right after it ("field = value (N ..." or "field = value in N ...") must equal the number of the
 * identity's records that hold that value.
 *
 * A value runs to the first ", ", "; ", ": ", " (" or ")". A value cut at " (" also matches a record value that
 * continues with " (" (M365's "NT AUTHORITY\SYSTEM (Microsoft.Exchange.Servicehost)"). A path segment also matches a
 * key whose last "/" part it is (Azure's claim URLs: claims.upn for ".../identity/claims/upn").
 */

/** One stated fact: the field, the value, and the count written after it, if any. */
export interface Stated {
  field: string;
  value: string;
  count: number | null;
}

const PAIR = /(?:^|[\s(,;])([A-Za-z_@][\w.@/"[\]-]*) = (.+?)(?=, |; |: | \(|\)|$)( \((\d+)[ )]| in (\d+) )?/g;

export function statedFacts(reason: string): Stated[] {
  const out: Stated[] = [];
  for (const m of reason.matchAll(PAIR)) {
    const n = m[4] ?? m[5];
    out.push({ field: m[1]!, value: m[2]!, count: n === undefined ? null : Number(n) });
  }
  return out;
}

type Leaf = { path: string[]; value: string };

function leaves(v: unknown, path: string[] = [], out: Leaf[] = []): Leaf[] {
  if (Array.isArray(v)) v.forEach((x) => leaves(x, path, out));
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) leaves(x, [...path, k], out);
  else if (v !== null && v !== undefined) out.push({ path, value: String(v) });
  // A JSON document held as a string (AKS's properties.log, CloudTrail lookup-events' CloudTrailEvent) is read too.
  if (typeof v === 'string' && /^\s*[{[]/.test(v)) {
    try {
      leaves(JSON.parse(v), path, out);
    } catch {
      /* not JSON after all */
    }
  }
  return out;
}

const segmentMatches = (key: string, want: string) => key === want || key.split('/').pop() === want;

function pathEndsWith(path: string[], field: string): boolean {
  const want = field.split('.');
  if (want.length > path.length) return false;
  const tail = path.slice(path.length - want.length);
  return want.every((w, i) => segmentMatches(tail[i]!, w));
}

const valueMatches = (have: string, stated: string) => have === stated || have.startsWith(`${stated} (`);

/** The problems with one reason over the identity's raw records (JSON text), empty when it holds. */
export function checkReason(reason: string, raws: string[]): string[] {
  const records = raws.map((r) => leaves(JSON.parse(r) as unknown));
  const problems: string[] = [];
  for (const s of statedFacts(reason)) {
    const fields = s.field.split('/');
    const holds = (rec: Leaf[]) =>
      rec.some((l) => fields.some((f) => pathEndsWith(l.path, f)) && valueMatches(l.value, s.value));
    const n = records.filter(holds).length;
    if (n === 0) problems.push(`"${s.field} = ${s.value}" is in none of its ${raws.length} records`);
    else if (s.count !== null && s.count !== n)
      problems.push(`"${s.field} = ${s.value}" is said of ${s.count} records, but ${n} of its records hold it`);
  }
  return problems;
}
