import { EvidenceMediaTypeName, LEDGER_ERROR_CODES } from '@credit-bank/contracts';
import { EncryptedPDFError, PDFArray, PDFDict, PDFDocument, PDFName, PDFObject, PDFStream } from 'pdf-lib';
import sharp from 'sharp';
import { problem, ProblemException } from '../http/problem';

/**
 * What an uploaded evidence file really is, found by parsing it with maintained libraries rather
 * than by its first bytes alone:
 * - jpg, png, gif: decoded in full by sharp (libvips) and encoded again in the same format. What
 *   is stored is the new encoding: bytes after the image's end (an appended HTML page or script),
 *   EXIF (GPS position, device) and other metadata do not survive; the EXIF orientation is
 *   applied first. A file that does not decode (3 bytes of "JPEG", a truncated scan) is refused.
 * - pdf: loaded by pdf-lib, every object parsed (an object it cannot parse refuses the file), at
 *   least one page; refused when it carries active content (JavaScript anywhere, a Launch,
 *   ImportData, Rendition, RichMediaExecute or GoToE action, whether run on opening, by an
 *   additional action (AA) or a link; XFA forms; embedded or attached files). An encrypted PDF
 *   cannot be checked and is refused. A PDF is stored as uploaded.
 * The type is chosen by the magic bytes first, so only the four formats ever reach a decoder
 * (libvips also reads SVG, TIFF, HEIF…, which the bank does not accept).
 */
export interface InspectedEvidence {
  mediaType: EvidenceMediaTypeName;
  /** The bytes to store: re-encoded for images, as uploaded for PDFs. */
  bytes: Buffer;
}

/** Larger images are refused before they are decoded (an A4 page scanned at 600 dpi is 35 megapixels). */
export const MAX_EVIDENCE_PIXELS = 50_000_000;

/**
 * What the ledger stores at most (its MAX_EVIDENCE_BYTES, 10 MiB). Re-encoding can make a file
 * larger than the upload (a JPEG saved at a lower quality, a PNG packed harder): such a file is
 * encoded once more, smaller, before it is refused as too large.
 */
export const MAX_STORED_EVIDENCE_BYTES = 10 * 1024 * 1024;

/** JPEG re-encoding quality: scans of certificates stay legible; the smaller second try. */
const JPEG_QUALITY = 90;
const JPEG_QUALITY_SMALLER = 75;

/**
 * pdf-lib parses on the gateway's event loop: it yields after this many objects (and the scan for
 * active content likewise), so a large PDF (a 7.7 MiB, 3,000-page one takes seconds) does not
 * hold up every other request meanwhile.
 */
const PDF_OBJECTS_PER_TICK = 200;

/** Action types that run code, start programs, or open embedded content. */
const ACTIVE_ACTIONS = new Set(['JavaScript', 'Launch', 'ImportData', 'Rendition', 'RichMediaExecute', 'GoToE']);
/** Keys that hold scripts, XFA forms (scripted) or embedded files wherever they appear. */
const ACTIVE_KEYS = new Set(['JS', 'JavaScript', 'XFA', 'EmbeddedFiles', 'EF', 'RichMedia']);
/** Object types that are (or attach) embedded files. */
const ACTIVE_TYPES = new Set(['EmbeddedFile', 'FileAttachment', 'RichMedia']);

const SIGNATURES: ReadonlyArray<{ mediaType: EvidenceMediaTypeName; bytes: Buffer }> = [
  { mediaType: 'image/jpeg', bytes: Buffer.from([0xff, 0xd8, 0xff]) },
  { mediaType: 'image/png', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { mediaType: 'image/gif', bytes: Buffer.from('GIF87a', 'latin1') },
  { mediaType: 'image/gif', bytes: Buffer.from('GIF89a', 'latin1') },
  { mediaType: 'application/pdf', bytes: Buffer.from('%PDF-', 'latin1') },
];

const SHARP_FORMATS: Record<Exclude<EvidenceMediaTypeName, 'application/pdf'>, string> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/gif': 'gif' };

export const unsupportedType = (): ProblemException =>
  problem(LEDGER_ERROR_CODES.EVIDENCE_TYPE_UNSUPPORTED, 'unsupported_media_type', 'Evidence must be a jpg, png, gif or pdf file.');

export const malformed = (detail: string): ProblemException => problem(LEDGER_ERROR_CODES.EVIDENCE_MALFORMED, 'unsupported_media_type', detail);

export const activeContent = (what: string): ProblemException =>
  problem(LEDGER_ERROR_CODES.EVIDENCE_ACTIVE_CONTENT, 'unsupported_media_type', `PDFs with active content are refused (found: ${what}). Print the document to a new PDF, or upload a scan.`);

let sharpConfigured = false;

/** Parses the upload; refuses it with 415 EVIDENCE_TYPE_UNSUPPORTED, EVIDENCE_MALFORMED or EVIDENCE_ACTIVE_CONTENT. */
export async function inspectEvidence(bytes: Buffer, options: { maxStoredBytes?: number } = {}): Promise<InspectedEvidence> {
  const claimed = SIGNATURES.find((s) => bytes.length >= s.bytes.length && s.bytes.equals(bytes.subarray(0, s.bytes.length)))?.mediaType;
  if (!claimed) throw unsupportedType();
  if (claimed === 'application/pdf') {
    await inspectPdf(bytes);
    return { mediaType: claimed, bytes };
  }
  const maxStoredBytes = options.maxStoredBytes ?? MAX_STORED_EVIDENCE_BYTES;
  let reencoded = await reencodeImage(bytes, claimed, 'normal');
  if (reencoded.length > maxStoredBytes) reencoded = await reencodeImage(bytes, claimed, 'smaller');
  if (reencoded.length > maxStoredBytes) {
    throw problem(LEDGER_ERROR_CODES.EVIDENCE_TOO_LARGE, 'payload_too_large', `The image re-encoded takes more than ${maxStoredBytes} bytes; upload a smaller scan.`);
  }
  return { mediaType: claimed, bytes: reencoded };
}

async function reencodeImage(bytes: Buffer, mediaType: Exclude<EvidenceMediaTypeName, 'application/pdf'>, size: 'normal' | 'smaller'): Promise<Buffer> {
  if (!sharpConfigured) {
    // Each upload is decoded once: libvips' operation cache would only hold on to memory.
    sharp.cache(false);
    sharpConfigured = true;
  }
  const format = SHARP_FORMATS[mediaType];
  try {
    // failOn 'truncated': refuse damaged and cut-off files, tolerate the benign warnings real cameras cause.
    const image = sharp(bytes, { failOn: 'truncated', limitInputPixels: MAX_EVIDENCE_PIXELS, animated: mediaType === 'image/gif' });
    const { format: found } = await image.metadata();
    if (found !== format) throw malformed(`The file starts like a ${format.toUpperCase()} but is ${found ? `a ${found.toUpperCase()}` : 'no image'}.`);
    switch (mediaType) {
      case 'image/jpeg':
        return await image.rotate().jpeg({ quality: size === 'normal' ? JPEG_QUALITY : JPEG_QUALITY_SMALLER }).toBuffer();
      case 'image/png':
        return await image.png(size === 'normal' ? {} : { compressionLevel: 9, adaptiveFiltering: true }).toBuffer();
      case 'image/gif':
        return await image.gif(size === 'normal' ? {} : { effort: 10 }).toBuffer();
      default: {
        const never: never = mediaType;
        throw new Error(`unexpected media type ${String(never)}`);
      }
    }
  } catch (error) {
    if (error instanceof ProblemException) throw error;
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    if (/pixel limit/i.test(reason)) throw malformed(`Images are at most ${MAX_EVIDENCE_PIXELS / 1_000_000} megapixels.`);
    throw malformed(`The file cannot be read as a ${format.toUpperCase()} image (damaged or incomplete).`);
  }
}

async function inspectPdf(bytes: Buffer): Promise<void> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { throwOnInvalidObject: true, updateMetadata: false, parseSpeed: PDF_OBJECTS_PER_TICK });
  } catch (error) {
    if (error instanceof EncryptedPDFError) throw malformed('Encrypted PDFs cannot be checked; upload one without a password or restrictions.');
    throw malformed('The file cannot be read as a PDF (damaged or incomplete).');
  }
  let pages: number;
  try {
    pages = doc.getPageCount();
  } catch {
    throw malformed('The PDF’s page tree cannot be read.');
  }
  if (pages < 1) throw malformed('The PDF has no pages.');
  let scanned = 0;
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    const found = activeContentIn(object, 0);
    if (found) throw activeContent(found);
    if (++scanned % PDF_OBJECTS_PER_TICK === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The first active content in an object and the direct objects inside it, or undefined. */
function activeContentIn(object: PDFObject, depth: number): string | undefined {
  // Indirect references are enumerated on their own; direct nesting this deep is no certificate.
  if (depth > 64) return 'objects nested too deep';
  const dict = object instanceof PDFStream ? object.dict : object;
  if (dict instanceof PDFDict) {
    for (const [key, value] of dict.entries()) {
      const name = key.decodeText();
      if (ACTIVE_KEYS.has(name)) return `/${name}`;
      if ((name === 'S' || name === 'Type' || name === 'Subtype') && value instanceof PDFName) {
        const type = value.decodeText();
        if (name === 'S' && ACTIVE_ACTIONS.has(type)) return `a ${type} action`;
        if (name !== 'S' && ACTIVE_TYPES.has(type)) return `/${type}`;
      }
      const inner = activeContentIn(value, depth + 1);
      if (inner) return inner;
    }
  } else if (dict instanceof PDFArray) {
    for (let i = 0; i < dict.size(); i++) {
      const inner = activeContentIn(dict.get(i), depth + 1);
      if (inner) return inner;
    }
  }
  return undefined;
}
