import type { Source } from '../../../../shared/model';
import type { Sql } from '../../db/sql';
import type { Json } from '../head-records';

/** What a sniff rule sees: the first bytes of a file's content, decoded once. */
export interface SniffInput {
  /** The head as text, without a byte-order mark. */
  text: string;
  /** text without leading white space. */
  start: string;
  /** Column names when the head looks like a CSV header line, else null. */
  csvHeader: string[] | null;
  /** The file starts with Parquet's magic bytes. */
  parquet: boolean;
  /**
   * The whole JSON records at the head (head-records.ts): JSON lines, a top-level array's elements, one
   * pretty-printed object or page; a record cut by the end of the head is left out. Empty when it is not JSON.
   */
  records: Json[];
  /** A Parquet file's top-level column names, lower-cased, from its footer (parquet-columns.ts); else null. */
  columns: string[] | null;
}

/** How DuckDB reads one batch of files into a SQL query yielding (read_path, position, rec JSON). */
export interface ReadOptions {
  files: string[];
  gzip: boolean;
  maxObjectBytes: number;
  /**
   * Every file's head looked like one JSON value per line (looksOneLine in sniff.ts), so the reader may take the
   * files as newline-delimited, which DuckDB reads about twice as fast as when it works the layout out (CloudTrail's
   * S3 layout: 1.6 s against 3.4 s for 1M records). Should a file have a line break further in, the statement fails
   * and the batch is read again without it (load-files.ts).
   */
  oneLine?: boolean;
  /**
   * The files are parts of `index<TAB>record` lines (split-records.ts salvageToLines), made from a file whose
   * fast read failed: read them as lines, one record each, so a bad one costs only itself.
   */
  parts?: boolean;
  /**
   * The records are inside this wrapper (an envelope id, envelopes/envelopes.ts): the JSON reader takes them out,
   * so the format's own normalisation sees each record in its native shape.
   */
  envelope?: string;
  /**
   * A CSV file whose fast read failed, read with the columns of its header line and no dialect detection, without
   * the rows listed in ingest_csv_rejected (csv-salvage.ts); each row keeps its index in the file.
   */
  csvSalvage?: { columns: string[] };
  /**
   * The records already taken out of an export's wrapper (a SIEM table row rebuilt into the native record, a
   * Splunk `_raw`): a query yielding (read_path, position, rec JSON) that jsonRecords returns instead of reading
   * the files, so a native format's normalisation runs unchanged on them (exports/).
   */
  records?: Sql;
}

/**
 * One log format Trailmark reads: its id (stored in evidence_files.format), the source its events get, a content
 * sniff rule, the SQL that reads and normalises a batch of its files into `events`, and the SQL that classifies
 * the identities those events name. Formats that are recognised but never read (digests) have no `insertSql`.
 */
export interface LogFormatDef {
  id: string;
  source: Source | null;
  /** A few words shown as the format's description when it is recognised. */
  label: string;
  sniff(s: SniffInput): boolean;
  /** The INSERT INTO events statement for one batch of this format's files. */
  insertSql?(o: ReadOptions): Sql;
  /** Files of this format are recognised but not read as events; the reason is listed with them. */
  notRead?: string;
  /**
   * What its calls acted on, so that a case loaded before events had `targets` gets them (migration 0015): `sql`
   * is the same expression its insertSql gives `targets` (over the unwrapped record `j`), `unwrap` turns a stored
   * event's `raw` (as `rec`) into that `j`, `when` tells this format's records among its sources' events.
   */
  targets?: TargetsRule;
  /** Upserts `identities` for the actors in the temp table ingest_actors. */
  identitiesSql?: string;
  /** Its insertSql reads one-line files faster when told so (ReadOptions.oneLine): they get batches of their own. */
  readsOneLineFaster?: boolean;
  /** Wrappers (envelope ids) its own reader takes records out of: such files keep this format's id. */
  readsEnvelopes?: string[];
}

/** How a format's records give `events.targets` (see LogFormatDef.targets). */
export interface TargetsRule {
  sources: Source[];
  /** A condition over `rec` (the stored raw record, JSON) true for this format's records. */
  when: string;
  /** `rec` to the record the expression reads as `j`; `rec` itself when omitted. */
  unwrap?: string;
  /** The targets (VARCHAR[]) as an expression over `j` (targetList in normalize.ts). */
  sql: string;
  /**
   * What a failed call's record says went wrong (VARCHAR), over `j` or the stored `rec`: the same expression its
   * insertSql gives `error_message` (written for failed calls only), and what fills a case loaded before that
   * column existed (migration 0019, ingest/error-messages-fill.ts).
   */
  errorMessage?: string;
}
