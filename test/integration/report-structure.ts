/**
 * A tagged PDF read back with pdf-lib, for the report tests: the structure tree in reading order, and each page's
 * content operators with the marked-content nesting they are painted at.
 */
import type { PDFDocument } from 'pdf-lib';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFString,
  PDFHexString,
  type PDFObject,
} from 'pdf-lib';

export interface StructNode {
  type: string;
  alt: string | null;
  depth: number;
}

const text = (o: PDFObject | undefined) =>
  o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : null;

/** Every structure element under StructTreeRoot, depth first, in the order of the tree (the reading order). */
export function structureTree(doc: PDFDocument): StructNode[] {
  const out: StructNode[] = [];
  const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
  const visit = (o: PDFObject | undefined, depth: number) => {
    const v = o instanceof PDFRef ? doc.context.lookup(o) : o;
    if (v instanceof PDFArray) return v.asArray().forEach((c) => visit(c, depth));
    if (!(v instanceof PDFDict)) return; // an MCID (a number) or nothing
    const s = v.get(PDFName.of('S'));
    if (!(s instanceof PDFName)) return; // a marked-content or object reference
    out.push({ type: s.decodeText(), alt: text(v.get(PDFName.of('Alt'))), depth });
    visit(v.get(PDFName.of('K')), depth + 1);
  };
  visit(root.get(PDFName.of('K')), 0);
  return out;
}

const PAINT = new Set(['Tj', 'TJ', "'", '"', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'S', 's', 'sh', 'Do']);

/** One page's content: painting operators drawn outside any marked-content sequence, and the MCIDs it marks. */
export function pageMarking(doc: PDFDocument, pageIndex: number): { unmarked: string[]; mcids: number[] } {
  const node = doc.getPage(pageIndex).node;
  const contents = node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  let src = '';
  for (const s of streams) {
    const raw = s instanceof PDFRef ? doc.context.lookup(s) : s;
    if (raw instanceof PDFRawStream) src += Buffer.from(decodePDFRawStream(raw).decode()).toString('latin1') + '\n';
  }
  const unmarked: string[] = [];
  const mcids: number[] = [];
  let depth = 0;
  const operands: string[] = [];
  let i = 0;
  const delim = /[\s()<>[\]{}/%]/;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) i++;
    else if (c === '%') while (i < src.length && src[i] !== '\n') i++;
    else if (c === '(') {
      let nest = 0;
      for (; i < src.length; i++) {
        if (src[i] === '\\') i++;
        else if (src[i] === '(') nest++;
        else if (src[i] === ')' && --nest === 0) break;
      }
      i++;
      operands.push('(string)');
    } else if (src.startsWith('<<', i) || src.startsWith('>>', i)) {
      operands.push(src.slice(i, i + 2));
      i += 2;
    } else if (c === '<') {
      i = src.indexOf('>', i) + 1;
      operands.push('<hex>');
    } else if ('[]{}'.includes(c)) {
      operands.push(c);
      i++;
    } else {
      let j = i + 1;
      while (j < src.length && !delim.test(src[j]!)) j++;
      const tok = src.slice(i, j);
      i = j;
      if (c === '/' || /^[-+.\d]/.test(tok)) {
        operands.push(tok);
        continue;
      }
      // An operator: its operands are what came since the last one.
      if (tok === 'BDC') {
        const k = operands.lastIndexOf('/MCID');
        if (k >= 0) mcids.push(Number(operands[k + 1]));
        depth++;
      } else if (tok === 'BMC') depth++;
      else if (tok === 'EMC') depth--;
      else if (depth === 0 && PAINT.has(tok)) unmarked.push(tok);
      operands.length = 0;
    }
  }
  return { unmarked, mcids };
}

/** The structure element the parent tree gives each MCID of a page (null where it gives none). */
export function parentTreeEntries(doc: PDFDocument, pageIndex: number): (PDFObject | null)[] {
  const key = doc.getPage(pageIndex).node.get(PDFName.of('StructParents'));
  if (!(key instanceof PDFNumber)) return [];
  const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
  const find = (tree: PDFDict): PDFObject | undefined => {
    const nums = tree.lookupMaybe(PDFName.of('Nums'), PDFArray);
    for (let i = 0; nums && i < nums.size(); i += 2)
      if ((nums.get(i) as PDFNumber).asNumber() === key.asNumber()) return nums.get(i + 1);
    const kids = tree.lookupMaybe(PDFName.of('Kids'), PDFArray);
    for (const kid of kids?.asArray() ?? []) {
      const found = find(doc.context.lookup(kid, PDFDict));
      if (found) return found;
    }
    return undefined;
  };
  const entry = find(root.lookup(PDFName.of('ParentTree'), PDFDict));
  const list = entry instanceof PDFRef ? doc.context.lookup(entry) : entry;
  if (!(list instanceof PDFArray)) return [];
  return list.asArray().map((o) => (o instanceof PDFRef ? o : null));
}
