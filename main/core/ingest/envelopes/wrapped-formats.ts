import type { LogFormatDef } from '../sources/types';
import { envelopeById, type EnvelopeDef } from './envelopes';

/** The format id of a source's records inside a wrapper, e.g. `es_source+cloudtrail_lines` (evidence_files.format). */
export const wrappedFormatId = (envelope: EnvelopeDef, def: LogFormatDef): string => `${envelope.id}+${def.id}`;

/**
 * A source's format read out of a wrapper: the same insert statement and identity classification, with the
 * wrapper taken off by the JSON reader (ReadOptions.envelope), so a record normalises the same in either shape.
 */
export function wrappedFormat(envelope: EnvelopeDef, def: LogFormatDef): LogFormatDef {
  const insertSql = def.insertSql;
  return {
    ...def,
    id: wrappedFormatId(envelope, def),
    label: `${def.label}, in ${envelope.label}`,
    sniff: () => false,
    insertSql: insertSql && ((o) => insertSql({ ...o, envelope: envelope.id })),
    notRead: def.notRead && `${def.notRead}, in ${envelope.label}`,
    readsOneLineFaster: false,
  };
}

/** The wrapped format an id names, or undefined when it names none. */
export function wrappedFormatById(
  id: string,
  formatById: (id: string) => LogFormatDef | undefined,
): LogFormatDef | undefined {
  const plus = id.indexOf('+');
  if (plus < 0) return undefined;
  const envelope = envelopeById(id.slice(0, plus));
  const def = formatById(id.slice(plus + 1));
  return envelope && def ? wrappedFormat(envelope, def) : undefined;
}
