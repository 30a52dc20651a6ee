import { deflateSync } from 'node:zlib';

interface Glyph {
  id: number;
  codePoints: number[];
  advanceWidth: number;
}
interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}
/** The parts of pdfkit's embedded-font object this file relies on. */
interface EmbeddedFont {
  scale: number;
  font: { glyphForCodePoint(cp: number): Glyph };
  layout(text: string, features?: unknown, onlyWidth?: boolean): unknown;
}

/**
 * Lays monospaced text out glyph by glyph from the font's cmap, without OpenType shaping. Hashes, paths, event
 * ids and the JSON appendix are thousands of unique strings that pdfkit's per-word cache never hits; shaping each
 * one with fontkit was most of a large report's time. A monospaced Latin font needs no kerning, ligatures or marks,
 * so the glyphs and advances are the same as shaped text, and pdftotext reads them back the same way.
 */
export function useUnshapedLayout(doc: PDFKit.PDFDocument, fontName: string): void {
  doc.font(fontName);
  const font = (doc as unknown as { _font: EmbeddedFont })._font;
  const glyphs = new Map<number, { glyph: Glyph; pos: Position }>();
  const glyphFor = (cp: number) => {
    let g = glyphs.get(cp);
    if (!g) {
      const glyph = font.font.glyphForCodePoint(cp);
      const w = glyph.advanceWidth * font.scale;
      g = { glyph, pos: { xAdvance: w, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: w } };
      glyphs.set(cp, g);
    }
    return g;
  };
  font.layout = (text: string, _features?: unknown, onlyWidth?: boolean) => {
    const out: Glyph[] = [];
    const positions: Position[] = [];
    let advanceWidth = 0;
    for (const ch of text) {
      const g = glyphFor(ch.codePointAt(0)!);
      advanceWidth += g.pos.advanceWidth;
      if (onlyWidth) continue;
      out.push(g.glyph);
      positions.push(g.pos); // shared: pdfkit only changes positions for character or word spacing, never set here
    }
    return onlyWidth ? { glyphs: null, positions: null, advanceWidth } : { glyphs: out, positions, advanceWidth };
  };
}

/**
 * pdfkit keeps a page's content as one small Buffer per drawing operation until the document ends (pages stay
 * buffered for the footers and contents). On an 800-page report that is millions of live objects, and garbage
 * collection took more time than layout. When a page is left, its pieces are joined into one Buffer.
 */
interface PageContent {
  buffer: Buffer[];
  compress: boolean;
  data: { Filter?: string };
}
const pagesOf = (doc: PDFKit.PDFDocument) =>
  (doc as unknown as { _pageBuffer: { content: PageContent }[] })._pageBuffer;

export function compactFinishedPages(doc: PDFKit.PDFDocument): void {
  const pages = pagesOf(doc);
  doc.on('pageAdded', () => {
    const done = pages[pages.length - 2]?.content;
    if (done && Array.isArray(done.buffer) && done.buffer.length > 1) done.buffer = [Buffer.concat(done.buffer)];
  });
}

/**
 * Compresses every page's content at zlib level 1 before pdfkit ends the document (pdfkit would use the default
 * level 6, which took more time than laying the pages out, for a file some 20% smaller). Call it after the last
 * drawing operation: the streams are final from then on.
 */
export function deflatePagesFast(doc: PDFKit.PDFDocument): void {
  for (const { content } of pagesOf(doc)) {
    if (!content.compress || !content.buffer.length) continue;
    content.buffer = [deflateSync(Buffer.concat(content.buffer), { level: 1 })];
    content.compress = false;
    content.data.Filter = 'FlateDecode';
  }
}
