import { APPENDED_HTML, GIF_EVIDENCE, hostilePdf, HostilePdfKind, JPEG_EVIDENCE, PDF_EVIDENCE, PNG_EVIDENCE, PNG_WITH_APPENDED_HTML, THREE_BYTE_JPEG } from '@credit-bank/testing';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import sharp from 'sharp';
import { crc32 } from 'node:zlib';
import { ProblemException } from '../http/problem';
import { inspectEvidence, MAX_EVIDENCE_PIXELS } from './evidence-inspection';

async function refusal(bytes: Buffer): Promise<{ status: number; code: string; message: string }> {
  try {
    await inspectEvidence(bytes);
  } catch (error) {
    if (error instanceof ProblemException) return { status: error.status, code: error.payload.code, message: error.payload.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('inspectEvidence (sharp for images, pdf-lib for PDFs)', () => {
  it.each([
    ['the PNG fixture', PNG_EVIDENCE, 'image/png'],
    ['the JPEG fixture', JPEG_EVIDENCE, 'image/jpeg'],
    ['the GIF fixture', GIF_EVIDENCE, 'image/gif'],
    ['the PDF fixture', PDF_EVIDENCE, 'application/pdf'],
  ])('accepts %s', async (_, bytes, mediaType) => {
    const inspected = await inspectEvidence(bytes);
    expect(inspected.mediaType).toBe(mediaType);
    if (mediaType === 'application/pdf') expect(inspected.bytes).toBe(bytes);
    else expect((await sharp(inspected.bytes).metadata()).format).toBe(mediaType.slice('image/'.length));
  });

  it('stores the PNG and JPEG fixtures unchanged (they are what the re-encoding makes), the PDF as sent', async () => {
    expect((await inspectEvidence(PNG_EVIDENCE)).bytes.equals(PNG_EVIDENCE)).toBe(true);
    expect((await inspectEvidence(JPEG_EVIDENCE)).bytes.equals(JPEG_EVIDENCE)).toBe(true);
  });

  it('drops HTML appended to a PNG, a JPEG and a GIF', async () => {
    const html = Buffer.from(APPENDED_HTML);
    for (const image of [PNG_EVIDENCE, JPEG_EVIDENCE, GIF_EVIDENCE]) {
      const { bytes } = await inspectEvidence(Buffer.concat([image, html]));
      expect(bytes.includes(Buffer.from('<script'))).toBe(false);
      expect(bytes.length).toBeLessThan(image.length + html.length);
    }
    expect((await inspectEvidence(PNG_WITH_APPENDED_HTML)).bytes.equals(PNG_EVIDENCE)).toBe(true);
  });

  it('drops EXIF metadata (a GPS position, the camera) and applies its orientation', async () => {
    const photo = await sharp({ create: { width: 6, height: 2, channels: 3, background: '#336699' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExifMerge({ IFD0: { Make: 'SecretCam' }, IFD3: { GPSLatitudeRef: 'N' } })
      .toBuffer();
    expect(photo.includes(Buffer.from('SecretCam'))).toBe(true);
    const { bytes } = await inspectEvidence(photo);
    expect(bytes.includes(Buffer.from('SecretCam'))).toBe(false);
    const metadata = await sharp(bytes).metadata();
    expect(metadata).toMatchObject({ width: 2, height: 6 });
    expect(metadata.exif).toBeUndefined();
  });

  it('encodes an image again, smaller, when the first re-encoding passes what the ledger stores; refuses it (413) when that is still too much', async () => {
    const first = (await inspectEvidence(JPEG_EVIDENCE)).bytes;
    const second = await inspectEvidence(JPEG_EVIDENCE, { maxStoredBytes: first.length - 1 });
    expect(second.bytes.length).toBeLessThan(first.length);
    expect((await sharp(second.bytes).metadata()).format).toBe('jpeg');
    try {
      await inspectEvidence(JPEG_EVIDENCE, { maxStoredBytes: 100 });
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(ProblemException);
      expect({ status: (error as ProblemException).status, code: (error as ProblemException).payload.code }).toEqual({ status: 413, code: 'LEDGER.EVIDENCE_TOO_LARGE' });
    }
  });

  it.each([
    ['a 3-byte "JPEG"', THREE_BYTE_JPEG],
    ['a truncated JPEG', JPEG_EVIDENCE.subarray(0, 200)],
    ['a PNG cut after its header', PNG_EVIDENCE.subarray(0, 40)],
    ['a PNG signature and text', Buffer.concat([PNG_EVIDENCE.subarray(0, 8), Buffer.from('<html>not a picture</html>')])],
    ['a bare GIF89a signature', Buffer.from('GIF89a')],
    ['a PDF header and nothing else', Buffer.from('%PDF-1.7\n')],
    ['a PDF with no pages', Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n')],
    ['a PDF with an object it cannot parse', Buffer.concat([PDF_EVIDENCE.subarray(0, 200), Buffer.from('\n9 0 obj\n<< /Broken [ 1 2 \nendobj\n'), PDF_EVIDENCE.subarray(200)])],
  ])('refuses %s as malformed (415)', async (_, bytes) => {
    expect(await refusal(bytes)).toMatchObject({ status: 415, code: 'LEDGER.EVIDENCE_MALFORMED' });
  });

  it('refuses a PNG whose content is a JPEG as malformed', async () => {
    expect(await refusal(Buffer.concat([PNG_EVIDENCE.subarray(0, 8), JPEG_EVIDENCE]))).toMatchObject({ code: 'LEDGER.EVIDENCE_MALFORMED' });
  });

  it(`refuses an image of more than ${MAX_EVIDENCE_PIXELS / 1_000_000} megapixels before decoding it`, async () => {
    // The fixture with a header that claims 10000 × 5001 pixels (a decompression bomb's header).
    const huge = Buffer.from(PNG_EVIDENCE);
    huge.writeUInt32BE(10_000, 16);
    huge.writeUInt32BE(5_001, 20);
    huge.writeUInt32BE(crc32(huge.subarray(12, 29)), 29);
    expect(await refusal(huge)).toMatchObject({ code: 'LEDGER.EVIDENCE_MALFORMED', message: expect.stringContaining('megapixels') });
  });

  it.each([
    ['text', Buffer.from('this is not a picture at all')],
    ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['a WebP', Buffer.from('RIFF\0\0\0\0WEBPVP8 ')],
    ['an empty file', Buffer.alloc(0)],
  ])('refuses %s as an unsupported type (415) without decoding it', async (_, bytes) => {
    expect(await refusal(bytes)).toMatchObject({ status: 415, code: 'LEDGER.EVIDENCE_TYPE_UNSUPPORTED' });
  });

  it.each<[HostilePdfKind, string]>([
    ['open-action-javascript', 'JavaScript'],
    ['javascript-name-tree', 'JavaScript'],
    ['launch-action', 'Launch'],
    ['page-additional-action', 'JavaScript'],
    ['embedded-file', 'Embedded'],
  ])('refuses a PDF with %s (415 EVIDENCE_ACTIVE_CONTENT), also from compressed object streams', async (kind, named) => {
    expect(await refusal(await hostilePdf(kind))).toMatchObject({ status: 415, code: 'LEDGER.EVIDENCE_ACTIVE_CONTENT', message: expect.stringContaining(named) });
  });

  it('finds a script behind a hex-escaped name (/J#61vaScript)', async () => {
    const text = PDF_EVIDENCE.toString('latin1').replace('/Type /Catalog', '/Type /Catalog\n/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>');
    // The cross-reference offsets are off now; pdf-lib finds the objects by parsing the file.
    expect(await refusal(Buffer.from(text, 'latin1'))).toMatchObject({ code: 'LEDGER.EVIDENCE_ACTIVE_CONTENT' });
  });

  it('accepts a PDF with plain links and a go-to opening action', async () => {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const page = doc.addPage([298, 420]);
    const link = doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 100, 20], A: { S: 'URI', URI: PDFString.of('https://www.example.com/') } });
    page.node.set(PDFName.of('Annots'), doc.context.obj([doc.context.register(link)]));
    doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj([page.ref, 'Fit']));
    const bytes = Buffer.from(await doc.save());
    expect((await inspectEvidence(bytes)).mediaType).toBe('application/pdf');
  });
});
