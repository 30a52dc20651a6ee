import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** A footer bigger than this is no schema a log export writes: the file is taken as unreadable. */
const MAX_FOOTER_BYTES = 64 * 2 ** 20;

/**
 * The top-level column names of a Parquet file, from its footer (the last bytes: FileMetaData in Thrift's compact
 * protocol, its length, "PAR1"), so a file can be recognised by its columns before DuckDB reads it. Null when the
 * footer can't be read (a truncated or damaged file): the reader then reports the damage itself.
 */
export function parquetColumns(file: string): string[] | null {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size < 12) return null;
    const tail = Buffer.alloc(8);
    readSync(fd, tail, 0, 8, size - 8);
    if (tail.subarray(4).toString('latin1') !== 'PAR1') return null;
    const length = tail.readUInt32LE(0);
    if (length > MAX_FOOTER_BYTES || length > size - 12) return null;
    const footer = Buffer.alloc(length);
    readSync(fd, footer, 0, length, size - 8 - length);
    return topLevelNames(schemaOf(footer));
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

interface SchemaElement {
  name: string;
  children: number;
}

/** Thrift compact protocol types (the low nibble of a field header). */
const T = {
  TRUE: 1,
  FALSE: 2,
  BYTE: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  DOUBLE: 7,
  BINARY: 8,
  LIST: 9,
  SET: 10,
  MAP: 11,
  STRUCT: 12,
};

/** A reader of Thrift's compact protocol over one buffer; past the end it throws (the file is then unreadable). */
class Compact {
  private pos = 0;
  constructor(private readonly b: Buffer) {}

  byte(): number {
    if (this.pos >= this.b.length) throw new Error('footer ends early');
    return this.b[this.pos++]!;
  }
  varint(): bigint {
    let v = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const x = this.byte();
      v |= BigInt(x & 0x7f) << shift;
      if (!(x & 0x80)) return v;
      if (shift > 63n) throw new Error('varint too long');
    }
  }
  int(): number {
    const v = this.varint();
    return Number((v >> 1n) ^ -(v & 1n)); // zigzag
  }
  binary(): Buffer {
    const n = Number(this.varint());
    if (this.pos + n > this.b.length) throw new Error('footer ends early');
    const out = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  /** Calls onField(id, type) for each field of a struct; onField returns false to have the value skipped. */
  struct(onField: (id: number, type: number) => boolean): void {
    let last = 0;
    for (;;) {
      const h = this.byte();
      if (h === 0) return;
      const type = h & 0x0f;
      const id = h >> 4 ? last + (h >> 4) : this.int();
      last = id;
      if (!onField(id, type)) this.skip(type);
    }
  }
  list(): { size: number; type: number } {
    const h = this.byte();
    const size = h >> 4 === 15 ? Number(this.varint()) : h >> 4;
    return { size, type: h & 0x0f };
  }
  skip(type: number): void {
    switch (type) {
      case T.TRUE:
      case T.FALSE:
        return;
      case T.BYTE:
        this.byte();
        return;
      case T.I16:
      case T.I32:
      case T.I64:
        this.varint();
        return;
      case T.DOUBLE:
        for (let i = 0; i < 8; i++) this.byte();
        return;
      case T.BINARY:
        this.binary();
        return;
      case T.LIST:
      case T.SET: {
        const { size, type: t } = this.list();
        for (let i = 0; i < size; i++) this.skipElement(t);
        return;
      }
      case T.MAP: {
        const size = Number(this.varint());
        if (size === 0) return;
        const kv = this.byte();
        for (let i = 0; i < size; i++) {
          this.skipElement(kv >> 4);
          this.skipElement(kv & 0x0f);
        }
        return;
      }
      case T.STRUCT:
        this.struct(() => false);
        return;
      default:
        throw new Error(`unknown Thrift type ${type}`);
    }
  }
  /** A list's or map's element: booleans there take a byte each. */
  private skipElement(type: number): void {
    if (type === T.TRUE || type === T.FALSE) this.byte();
    else this.skip(type);
  }
}

/** FileMetaData field 2: the schema, a depth-first list of SchemaElement (name: field 4, num_children: field 5). */
function schemaOf(footer: Buffer): SchemaElement[] {
  const r = new Compact(footer);
  let schema: SchemaElement[] | null = null;
  r.struct((id, type) => {
    if (id !== 2 || type !== T.LIST || schema) return false;
    const { size } = r.list();
    schema = [];
    for (let i = 0; i < size; i++) {
      const el: SchemaElement = { name: '', children: 0 };
      r.struct((fid, ftype) => {
        if (fid === 4 && ftype === T.BINARY) el.name = r.binary().toString('utf8');
        else if (fid === 5 && ftype === T.I32) el.children = r.int();
        else return false;
        return true;
      });
      schema.push(el);
    }
    return true;
  });
  if (!schema) throw new Error('no schema in the footer');
  return schema;
}

/** The root's children: each element is followed by its own subtree, depth first. */
function topLevelNames(schema: SchemaElement[]): string[] {
  const names: string[] = [];
  const skipTree = (i: number): number => {
    let next = i + 1;
    for (let c = 0; c < (schema[i]?.children ?? 0); c++) next = skipTree(next);
    return next;
  };
  let i = 1;
  for (let c = 0; c < (schema[0]?.children ?? 0) && i < schema.length; c++) {
    names.push(schema[i]!.name);
    i = skipTree(i);
  }
  return names;
}
