/**
 * The report's structure tree (a tagged PDF), built with pdfkit's structure API as the pages are laid out: a
 * Document root, one Sect per report section, and in them the elements that hold what is drawn. The tree's order is
 * the reading order a screen reader or a reflowing viewer follows, whatever order the pages were painted in (the
 * contents page is written last but sits after the cover).
 *
 * Each element's content is painted inside one marked-content sequence that opens and closes on one page: pdfkit
 * carries a sequence across its own page breaks (a wrapped paragraph), but a page added by hand inside one would
 * leave it open. So pages are only ever added between `leaf` calls, never from the `draw` given to one.
 */

export type Struct = PDFKit.PDFStructureElement;

/** What pdfkit's struct() reads from its options (the typings list only some of them). */
export interface TagOptions {
  alt?: string;
  lang?: string;
  /** A table header cell's scope: the cells it heads. */
  scope?: 'Column' | 'Row';
  /** Layout attributes of a figure: its box on the page (x0, y0, x1, y1 from the top left) and placement. */
  bbox?: [number, number, number, number];
  placement?: 'Block' | 'Inline';
}

export class StructureTags {
  readonly root: Struct;
  private section: Struct | null = null;
  /** Groups open inside the section (a finding and all that belongs to it). */
  private readonly groups: Struct[] = [];

  constructor(private readonly doc: PDFKit.PDFDocument) {
    this.root = doc.struct('Document');
    doc.addStructure(this.root);
  }

  /** Where the next element goes: the innermost open group, else the section, else the document. */
  get container(): Struct {
    return this.groups.at(-1) ?? this.section ?? this.root;
  }

  /** Starts a new top-level section (a Sect under the document), ending the one before. */
  startSection(): void {
    this.endSection();
    this.section = this.open('Sect', this.root);
  }

  endSection(): void {
    while (this.groups.length) this.groups.pop()!.end();
    this.section?.end();
    this.section = null;
  }

  /** An element that will hold others; the caller ends it (ending writes it to the file). */
  open(type: string, parent: Struct = this.container): Struct {
    const el = this.doc.struct(type);
    parent.add(el);
    return el;
  }

  /** An element whose content is what `draw` paints, ended at once. */
  leaf(type: string, draw: () => void, opts: TagOptions = {}, parent: Struct = this.container): Struct {
    const el = this.doc.struct(type, opts as PDFKit.Mixins.StructureElementOptions);
    parent.add(el);
    el.add(draw);
    el.end();
    return el;
  }

  /** Runs `fn` with a new element of `type` as the container, and ends it after. */
  within<T>(type: string, fn: () => T): T {
    const el = this.open(type);
    this.groups.push(el);
    try {
      return fn();
    } finally {
      this.groups.pop();
      el.end();
    }
  }

  /** Paints what is no content of the report (rules, shading, footers, a repeated table header) as an artifact. */
  artifact(draw: () => void, type: 'Layout' | 'Pagination' = 'Layout'): void {
    this.doc.markContent('Artifact', { type });
    draw();
    this.doc.endMarkedContent();
  }
}
