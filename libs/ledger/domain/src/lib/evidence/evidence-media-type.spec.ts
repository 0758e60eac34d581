import { detectEvidenceMediaType, evidenceFileName, isEvidenceMediaType } from './evidence-media-type';

const bytes = (...values: Array<number | string>): Uint8Array =>
  Uint8Array.from(values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])));

describe('detectEvidenceMediaType (magic bytes)', () => {
  it.each([
    ['a JPEG (FF D8 FF)', bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'JFIF'), 'image/jpeg'],
    ['a JPEG with an EXIF marker', bytes(0xff, 0xd8, 0xff, 0xe1), 'image/jpeg'],
    ['a PNG', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'IHDR'), 'image/png'],
    ['a GIF87a', bytes('GIF87a', 1, 0, 1, 0), 'image/gif'],
    ['a GIF89a', bytes('GIF89a', 1, 0, 1, 0), 'image/gif'],
    ['a PDF', bytes('%PDF-1.7\n'), 'application/pdf'],
    ['a bare PDF signature', bytes('%PDF-'), 'application/pdf'],
  ])('recognises %s', (_, input, expected) => {
    expect(detectEvidenceMediaType(input)).toBe(expected);
  });

  it.each([
    ['text that says it is a PNG', bytes('PNG image, honest')],
    ['an empty file', bytes()],
    ['a truncated JPEG signature', bytes(0xff, 0xd8)],
    ['a truncated PNG signature', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a)],
    ['a GIF of an unknown version', bytes('GIF88a')],
    ['a PDF signature without the dash', bytes('%PDF1.4')],
    ['a WebP image', bytes('RIFF', 0, 0, 0, 0, 'WEBP')],
    ['a ZIP archive (docx, xlsx…)', bytes('PK', 3, 4)],
    ['an SVG (XML text)', bytes('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['a signature not at the start', bytes(' %PDF-1.4')],
  ])('refuses %s', (_, input) => {
    expect(detectEvidenceMediaType(input)).toBeUndefined();
  });

  it('reads Buffers as well as Uint8Arrays', () => {
    expect(detectEvidenceMediaType(Buffer.from('%PDF-1.4'))).toBe('application/pdf');
  });

  it('names downloads by id and type, never by the client file name', () => {
    expect(evidenceFileName('e-1', 'image/jpeg')).toBe('evidence-e-1.jpg');
    expect(evidenceFileName('e-1', 'application/pdf')).toBe('evidence-e-1.pdf');
    expect(isEvidenceMediaType('image/png')).toBe(true);
    expect(isEvidenceMediaType('image/webp')).toBe(false);
    expect(isEvidenceMediaType(undefined)).toBe(false);
  });
});
