/**
 * The first rows of a CSV head as cells (RFC 4180: double quotes, "" escapes, line breaks inside quotes), for
 * sniffing what a wrapped record is. A row cut off by the end of the head is given as far as it goes (a record of
 * over 64 KB still shows its first keys to the sniff rules). Never used to read rows: DuckDB's read_csv does that.
 */
export function csvHeadRows(text: string, maxRows: number): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length && rows.length < maxRows; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (rows.length < maxRows && (row.length > 0 || cell !== '')) rows.push([...row, cell]);
  return rows;
}

/** The first data row of a CSV head as {column: value}, empty cells left out; null when the head has none. */
export function firstCsvRecord(text: string): Record<string, string> | null {
  const [header, first] = csvHeadRows(text, 2);
  if (!header || !first) return null;
  const rec: Record<string, string> = {};
  header.forEach((name, i) => {
    const v = first[i];
    if (v !== undefined && v !== '') rec[name.trim()] = v;
  });
  return rec;
}
