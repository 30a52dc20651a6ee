/**
 * The PDF/A-3b parts of a report that only the finished file can carry, written with pdf-lib before signing.
 *
 * pdfkit lays the report out with `subset: 'PDF/A-3b'`: embedded TrueType fonts (DejaVu, subset, with widths and
 * ToUnicode), the sRGB output intent, a file ID. Its XMP packet, though, pastes the title and author in unescaped
 * (a title with "&" or "<" makes it invalid XML), so the packet is written again here from the document
 * information dictionary, escaped, with the same values (PDF/A requires the two to agree). The identification
 * (pdfaid part 3, conformance B) is claimed only when what this code can check holds: an output intent, and every
 * embedded file with its MIME type and its relationship (AFRelationship) listed in the catalog's AF array. No
 * validator (veraPDF) runs here: README "Reports" says what is and is not checked.
 */
import { PDFArray, PDFDict, PDFName, PDFRef, PDFStream, type PDFDocument } from 'pdf-lib';

const xml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** XMP dates as the information dictionary's: seconds, UTC. */
const xmpDate = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Why the file cannot claim PDF/A-3b, or null when every check here passes. */
export function pdfaProblem(doc: PDFDocument): string | null {
  const catalog = doc.catalog;
  const intents = catalog.lookupMaybe(PDFName.of('OutputIntents'), PDFArray);
  if (!intents || intents.size() === 0) return 'no output intent';
  const af = catalog.lookupMaybe(PDFName.of('AF'), PDFArray);
  const associated = new Set(af ? af.asArray().map(String) : []);
  const names = catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const list = names?.lookupMaybe(PDFName.of('Names'), PDFArray);
  for (let i = 1; list && i < list.size(); i += 2) {
    const ref = list.get(i);
    const spec = doc.context.lookup(ref, PDFDict);
    const file = spec.lookupMaybe(PDFName.of('EF'), PDFDict)?.lookupMaybe(PDFName.of('F'), PDFStream);
    const name = spec.get(PDFName.of('F'))?.toString() ?? `embedded file ${(i + 1) / 2}`;
    if (!(ref instanceof PDFRef) || !associated.has(ref.toString())) return `${name} is not in the catalog's AF array`;
    if (!spec.get(PDFName.of('AFRelationship'))) return `${name} has no AFRelationship`;
    if (!spec.get(PDFName.of('UF'))) return `${name} has no UF name`;
    if (!file?.dict.get(PDFName.of('Subtype'))) return `${name} has no MIME type`;
  }
  return null;
}

/** The XMP packet for the document's information dictionary, with the PDF/A-3b identification when it holds. */
export function writeXmp(doc: PDFDocument): { pdfa: boolean; problem: string | null } {
  const problem = pdfaProblem(doc);
  const title = doc.getTitle();
  const author = doc.getAuthor();
  const subject = doc.getSubject();
  const creator = doc.getCreator();
  const producer = doc.getProducer();
  const created = doc.getCreationDate();
  const modified = doc.getModificationDate();
  const alt = (tag: string, v: string | undefined) =>
    v === undefined ? '' : `<${tag}><rdf:Alt><rdf:li xml:lang="x-default">${xml(v)}</rdf:li></rdf:Alt></${tag}>`;
  const el = (tag: string, v: string | undefined) => (v === undefined ? '' : `<${tag}>${xml(v)}</${tag}>`);
  const packet = [
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
      'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"' +
      (problem ? '' : ' xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"') +
      '>',
    '<dc:format>application/pdf</dc:format>',
    alt('dc:title', title),
    author === undefined ? '' : `<dc:creator><rdf:Seq><rdf:li>${xml(author)}</rdf:li></rdf:Seq></dc:creator>`,
    alt('dc:description', subject),
    el('xmp:CreatorTool', creator),
    el('xmp:CreateDate', created && xmpDate(created)),
    el('xmp:ModifyDate', modified && xmpDate(modified)),
    el('pdf:Producer', producer),
    problem ? '' : '<pdfaid:part>3</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>',
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ]
    .filter(Boolean)
    .join('\n');
  // Uncompressed, as PDF/A asks of metadata streams; replaces pdfkit's packet in place.
  const stream = doc.context.stream(Buffer.from(packet, 'utf8'), { Type: 'Metadata', Subtype: 'XML' });
  const old = doc.catalog.get(PDFName.of('Metadata'));
  if (old instanceof PDFRef) doc.context.assign(old, stream);
  else doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
  return { pdfa: problem === null, problem };
}
