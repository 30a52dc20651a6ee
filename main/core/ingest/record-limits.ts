/**
 * What one record may be. Beyond these limits a record is quarantined alone, with the limit in its reason, and
 * the rest of its file and of the ingest goes on.
 */

/** Bytes of one record. DuckDB needs several times a record in memory to read it; 100 MB ran it out of memory. */
export const MAX_RECORD_BYTES = 64 * 2 ** 20;

/**
 * Levels of nesting in one record. DuckDB's structured JSON reader (read_json with typed columns) overflowed its
 * stack at about 20,000 levels and killed the process, which is why no reader of the ingest uses it on raw files;
 * the readers used (read_json_objects, json_extract, json_transform) were tried to 1,000,000 levels.
 */
export const MAX_DEPTH = 10_000;

/**
 * SQL: whether the JSON text `x` nests deeper than MAX_DEPTH. Only a record of more than 2 x MAX_DEPTH bytes can
 * (each level takes an opening and a closing bracket), so the usual record costs one length test. For the rest:
 * strings removed, only brackets kept, objects read as arrays and siblings separated, the text is nested arrays
 * of the same depth, and a path of MAX_DEPTH wildcards finds something only below the limit.
 */
export function tooDeepSql(x: string): string {
  const brackets = `regexp_replace(regexp_replace(${x}, '"(?:[^"\\\\]|\\\\.)*"', '', 'g'), '[^\\[\\]{}]', '', 'g')`;
  const arrays = `regexp_replace(translate(${brackets}, '{}', '[]'), '\\]\\[', '],[', 'g')`;
  return `(CASE WHEN strlen(${x}) > ${2 * MAX_DEPTH}
    THEN coalesce(len(try(json_exists(${arrays}, '$${'[*]'.repeat(MAX_DEPTH)}'))) > 0, false) ELSE false END)`;
}
