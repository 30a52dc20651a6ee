import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { Cell } from './content';
import { wrapAtTokens } from './wrap';
import { compactFinishedPages, deflatePagesFast, useUnshapedLayout } from './pdf-mono';
import { StructureTags, type Struct } from './pdf-structure';

const require = createRequire(import.meta.url);
const FONTS = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  mono: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf'),
};
export type FontName = keyof typeof FONTS;

export const INK = '#1f2933';
export const MUTED = '#616e7c';
export const RULE = '#cbd2d9';
export const ACCENT = '#1d4e89';
const MAX_CELL_CHARS = 1200;

export interface Column {
  header: string;
  width: number; // share of the text width
  font?: FontName;
  align?: 'left' | 'right';
}

/**
 * A pdfkit document with the few things a report needs: sections that start a page (recorded for the table of
 * contents and the outline), headings, paragraphs, tables that repeat their header across pages, and page footers.
 * Fonts are DejaVu TrueType, embedded (subset), so any Unicode text in a case prints as itself.
 *
 * The PDF is tagged: everything drawn through these methods is content of a structure element (Sect, H1–H3, P,
 * L/LI, Table/TR/TH/TD, Figure with its alt text, TOC/TOCI) or an artifact (footers, rules, shading, repeated
 * table headers), and the structure tree, in the order things are added, is the reading order. Code that draws
 * with `doc` directly must do it inside `tags.leaf`/`tags.artifact` (or `figure`), never untagged.
 */
export class ReportPdf {
  readonly doc: PDFKit.PDFDocument;
  readonly tags: StructureTags;
  readonly toc: { title: string; page: number; level: number }[] = [];
  private readonly chunks: Buffer[] = [];
  private readonly ended: Promise<void>;
  private contents: { page: number; sect: Struct } | null = null;

  constructor(
    paper: 'A4' | 'Letter',
    info: { title: string; author: string; subject: string },
    private readonly footerText: string,
  ) {
    this.doc = new PDFDocument({
      size: paper === 'A4' ? 'A4' : 'LETTER',
      margins: { top: 56, bottom: 56, left: 54, right: 54 },
      bufferPages: true,
      // Tagged (structure tree, language, the title in the window's title bar) and PDF/A-3b: pdfkit adds the
      // sRGB output intent; the XMP packet and the attachments' relationships are written in sign-pdf.ts/pdfa.ts.
      tagged: true,
      lang: 'en',
      displayTitle: true,
      pdfVersion: '1.7',
      subset: 'PDF/A-3b',
      info: {
        Title: info.title,
        Author: info.author,
        Subject: info.subject,
        Creator: 'Trailmark',
        Producer: 'Trailmark',
      },
    });
    this.doc.on('data', (c: Buffer) => this.chunks.push(c));
    this.ended = new Promise((resolve) => this.doc.on('end', () => resolve()));
    for (const [name, file] of Object.entries(FONTS)) this.doc.registerFont(name, file);
    useUnshapedLayout(this.doc, 'mono');
    compactFinishedPages(this.doc);
    this.doc.font('regular').fontSize(10).fillColor(INK);
    this.tags = new StructureTags(this.doc);
  }

  get left(): number {
    return this.doc.page.margins.left;
  }
  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }
  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }
  get pageIndex(): number {
    const r = this.doc.bufferedPageRange();
    return r.start + r.count - 1;
  }

  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  /** A top-level section: a fresh page, an outline entry and a line in the table of contents. */
  section(title: string, opts: { sharePage?: boolean } = {}): void {
    // sharePage: a short section may follow the one before on its page when a third of the page is left.
    const top = opts.sharePage && this.doc.y + (this.bottom - this.doc.page.margins.top) / 3 < this.bottom;
    if (top) this.doc.y += 24;
    else this.doc.addPage();
    this.toc.push({ title, page: this.pageIndex, level: 0 });
    this.doc.outline.addItem(title);
    this.tags.startSection();
    this.tags.leaf('H1', () =>
      this.doc
        .font('bold')
        .fontSize(18)
        .fillColor(ACCENT)
        .text(title, this.left, top ? this.doc.y : this.doc.page.margins.top),
    );
    const y = this.doc.y + 2;
    this.tags.artifact(() =>
      this.doc
        .moveTo(this.left, y)
        .lineTo(this.left + this.width, y)
        .lineWidth(0.8)
        .strokeColor(ACCENT)
        .stroke(),
    );
    this.doc.y = y + 10;
    this.doc.font('regular').fontSize(10).fillColor(INK);
  }

  subheading(title: string, inToc = false): void {
    this.ensure(60);
    if (inToc) this.toc.push({ title, page: this.pageIndex, level: 1 });
    this.doc.moveDown(0.4);
    this.tags.leaf('H2', () =>
      this.doc.font('bold').fontSize(12).fillColor(INK).text(title, this.left, this.doc.y, { width: this.width }),
    );
    this.doc.moveDown(0.2).font('regular').fontSize(10);
  }

  para(text: string, opts: { font?: FontName; size?: number; color?: string; gap?: number } = {}): void {
    const size = opts.size ?? 10;
    this.doc.font(opts.font ?? 'regular').fontSize(size);
    this.ensure(Math.min(this.doc.heightOfString(text, { width: this.width }), 200));
    this.tags.leaf('P', () =>
      this.doc.fillColor(opts.color ?? INK).text(text, this.left, this.doc.y, { width: this.width }),
    );
    this.doc
      .moveDown(opts.gap ?? 0.4)
      .fillColor(INK)
      .font('regular')
      .fontSize(10);
  }

  /** Monospaced text (JSON, logs), cut to the width by character count and drawn unshaped, line by line. */
  monoBlock(text: string, size = 6, color = INK): void {
    const lines = hardWrap(text, this.width, size).split('\n');
    this.doc.font('mono').fontSize(size).fillColor(color);
    const lh = this.doc.currentLineHeight(true);
    // One P for the block, one marked line at a time: a page may be added between lines, never inside one.
    const block = this.tags.open('P');
    for (const line of lines) {
      if (this.doc.y + lh > this.bottom) {
        this.doc.addPage();
        this.doc.font('mono').fontSize(size).fillColor(color);
      }
      const y = this.doc.y;
      block.add(() => this.doc.text(line, this.left, y, { lineBreak: false }));
      this.doc.y = y + lh;
    }
    block.end();
    this.doc.y += lh * 0.3;
    this.doc.fillColor(INK).font('regular').fontSize(10);
  }

  /** Label / value lines, labels in a narrow bold column; `mono` values (hashes) in a smaller fixed-width font. */
  keyValues(pairs: [string, string][], labelWidth = 150, opts: { mono?: boolean } = {}): void {
    const valueFont = (): void => void (opts.mono ? this.doc.font('mono').fontSize(8.5) : this.doc.font('regular'));
    // A list of label / value items: L > LI > Lbl, LBody.
    const list = this.tags.open('L');
    for (const [k, v] of pairs) {
      this.doc.font('regular').fontSize(10);
      valueFont();
      const h = Math.max(14, this.doc.heightOfString(v, { width: this.width - labelWidth }));
      this.ensure(h);
      const y = this.doc.y;
      const item = this.tags.open('LI', list);
      this.tags.leaf(
        'Lbl',
        () =>
          this.doc
            .font('bold')
            .fontSize(10)
            .fillColor(MUTED)
            .text(k, this.left, y, { width: labelWidth - 8 }),
        {},
        item,
      );
      valueFont();
      this.tags.leaf(
        'LBody',
        () =>
          this.doc.fillColor(INK).text(v, this.left + labelWidth, y + (opts.mono ? 1 : 0), {
            width: this.width - labelWidth,
          }),
        {},
        item,
      );
      item.end();
      this.doc.y = y + h + 3;
    }
    list.end();
    this.doc.x = this.left;
    this.doc.font('regular').fontSize(10);
    this.doc.moveDown(0.3);
  }

  /** A cell's lines, cut at token boundaries to its width in its font (which this sets). */
  private cellLines(text: string, width: number, font: FontName, size: number): string[] {
    this.doc.font(font).fontSize(size);
    if (font === 'mono') return wrapAtTokens(text, width, (t) => t.length * size * MONO_ADVANCE);
    if (!text.includes('\n') && this.doc.widthOfString(text) <= width) return [text];
    return wrapAtTokens(text, width, (t) => this.doc.widthOfString(t));
  }

  /**
   * Table > TR > TH (scope Column) / TD. The header row repeated at the top of a continuation page is drawn as an
   * artifact, so a screen reader meets the header once.
   */
  table(columns: Column[], rows: Cell[][], size = 8): void {
    const total = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.width);
    const xs = widths.map((_, i) => this.left + widths.slice(0, i).reduce((a, b) => a + b, 0));
    const pad = 2.5;
    const table = this.tags.open('Table');
    const drawRow = (cells: string[], header: 'first' | 'repeated' | false) => {
      const fonts = cells.map((_, i) => (header ? 'bold' : (columns[i]!.font ?? 'regular')));
      const lines = cells.map((text, i) => this.cellLines(text, widths[i]! - 2 * pad, fonts[i]!, size));
      const lineHeights = fonts.map((f) => this.doc.font(f).fontSize(size).currentLineHeight(true));
      const h = Math.max(...lines.map((l, i) => l.length * lineHeights[i]!)) + 2 * pad;
      if (this.doc.y + h > this.bottom) {
        this.doc.addPage();
        if (!header)
          drawRow(
            columns.map((c) => c.header),
            'repeated',
          );
      }
      const y = this.doc.y;
      if (header) this.tags.artifact(() => this.doc.rect(this.left, y, this.width, h).fill('#e4e7eb'));
      this.doc.fillColor(INK);
      const drawCell = (cell: string[], i: number) => {
        this.doc.font(fonts[i]!).fontSize(size);
        const w = widths[i]! - 2 * pad;
        // Drawn line by line, already cut: pdfkit's own wrapper would cut tokens mid-word.
        cell.forEach((line, k) => {
          const dx = columns[i]!.align === 'right' ? w - this.doc.widthOfString(line) : 0;
          this.doc.text(line, xs[i]! + pad + dx, y + pad + k * lineHeights[i]!, { lineBreak: false });
        });
      };
      if (header === 'repeated') this.tags.artifact(() => lines.forEach((cell, i) => drawCell(cell, i)), 'Pagination');
      else {
        const tr = this.tags.open('TR', table);
        lines.forEach((cell, i) =>
          this.tags.leaf(header ? 'TH' : 'TD', () => drawCell(cell, i), header ? { scope: 'Column' } : {}, tr),
        );
        tr.end();
      }
      this.tags.artifact(() =>
        this.doc
          .moveTo(this.left, y + h)
          .lineTo(this.left + this.width, y + h)
          .lineWidth(0.3)
          .strokeColor(RULE)
          .stroke(),
      );
      this.doc.y = y + h;
    };
    this.ensure(40);
    drawRow(
      columns.map((c) => c.header),
      'first',
    );
    for (const r of rows) drawRow(r.map(cellText), false);
    table.end();
    this.doc.x = this.left;
    this.doc.moveDown(0.6);
    this.doc.font('regular').fontSize(10);
  }

  /**
   * A chart: a Figure whose alt text says what it shows, since a reader who cannot see it gets only that. An empty
   * alt text is refused, so no chart can be added without one.
   */
  figure(alt: string, box: { x: number; y: number; width: number; height: number }, draw: () => void): void {
    if (!alt.trim()) throw new Error('a figure needs its alt text (what the chart shows)');
    const bbox: [number, number, number, number] = [box.x, box.y, box.x + box.width, box.y + box.height];
    this.tags.leaf('Figure', draw, { alt, bbox, placement: 'Block' });
  }

  /** Adds the page the table of contents is written on (in finish), and its place in the reading order. */
  reserveContents(): number {
    this.doc.addPage();
    this.contents = { page: this.pageIndex, sect: this.tags.open('Sect', this.tags.root) };
    return this.contents.page;
  }

  /** Writes the table of contents on the page reserved for it, and a footer on every page; returns the PDF. */
  async finish(): Promise<{ pdf: Buffer; pages: number }> {
    const doc = this.doc;
    const range = doc.bufferedPageRange();
    this.tags.endSection();
    if (this.contents) this.drawContents(this.contents.page, this.contents.sect);
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const { bottom } = doc.page.margins;
      doc.page.margins.bottom = 0;
      const y = doc.page.height - 36;
      this.tags.artifact(() => {
        doc
          .moveTo(this.left, y - 6)
          .lineTo(this.left + this.width, y - 6)
          .lineWidth(0.3)
          .strokeColor(RULE)
          .stroke();
        doc.font('regular').fontSize(7.5).fillColor(MUTED);
        doc.text(this.footerText, this.left, y, { width: this.width - 90, lineBreak: false, ellipsis: true });
        doc.text(`Page ${i + 1} of ${range.count}`, this.left + this.width - 90, y, { width: 90, align: 'right' });
      }, 'Pagination');
      doc.page.margins.bottom = bottom;
    }
    this.tags.root.end();
    deflatePagesFast(doc);
    doc.end();
    await this.ended;
    return { pdf: Buffer.concat(this.chunks), pages: range.count };
  }

  /** The contents page: H1, then a TOC with one TOCI per entry (its title and its page number). */
  private drawContents(page: number, sect: Struct): void {
    const doc = this.doc;
    doc.switchToPage(page);
    this.tags.leaf(
      'H1',
      () => doc.font('bold').fontSize(18).fillColor(ACCENT).text('Contents', this.left, doc.page.margins.top),
      {},
      sect,
    );
    doc.moveDown(0.6);
    const toc = this.tags.open('TOC', sect);
    for (const t of this.toc) {
      const indent = t.level * 16;
      const y = doc.y;
      const item = this.tags.open('TOCI', toc);
      doc
        .font(t.level ? 'regular' : 'bold')
        .fontSize(t.level ? 9.5 : 11)
        .fillColor(INK);
      const title = () =>
        doc.text(t.title, this.left + indent, y, { width: this.width - indent - 50, lineBreak: false, ellipsis: true });
      this.tags.leaf('P', title, {}, item);
      const pageNumber = () =>
        doc.text(String(t.page + 1), this.left + this.width - 50, y, { width: 50, align: 'right' });
      this.tags.leaf('Reference', pageNumber, {}, item);
      item.end();
      doc.y = y + (t.level ? 14 : 18);
      if (doc.y > this.bottom - 20) break;
    }
    toc.end();
    sect.end();
  }
}

/** DejaVu Sans Mono's advance is 1233/2048 em: lines of monospaced text are cut to fit by counting characters. */
const MONO_ADVANCE = 1233 / 2048;

export function hardWrap(text: string, width: number, size: number): string {
  const per = Math.max(4, Math.floor(width / (size * MONO_ADVANCE)));
  return wrapAtTokens(text, per, (t) => t.length).join('\n');
}

export function cellText(c: Cell): string {
  if (c === null || c === undefined) return '';
  const s = typeof c === 'string' ? c : String(c);
  return s.length > MAX_CELL_CHARS ? s.slice(0, MAX_CELL_CHARS - 1) + '…' : s;
}
