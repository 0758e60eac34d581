/**
 * Evidence of an achievement (证书原件扫描件或照片): a scan or photo of the original, jpg, png, gif
 * or pdf only, at most 10 MiB. The type is recognised from the file's first bytes (its "magic
 * number"), never from its name or the type the client declared.
 */
export const EVIDENCE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'application/pdf'] as const;
export type EvidenceMediaType = (typeof EVIDENCE_MEDIA_TYPES)[number];

/** 10 MiB. */
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

/** How many leading bytes {@link detectEvidenceMediaType} needs at most. */
export const EVIDENCE_SIGNATURE_BYTES = 8;

const EXTENSIONS: Record<EvidenceMediaType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'application/pdf': 'pdf',
};

const SIGNATURES: ReadonlyArray<{ mediaType: EvidenceMediaType; bytes: readonly number[] }> = [
  { mediaType: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { mediaType: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mediaType: 'image/gif', bytes: [...'GIF87a'].map((c) => c.charCodeAt(0)) },
  { mediaType: 'image/gif', bytes: [...'GIF89a'].map((c) => c.charCodeAt(0)) },
  { mediaType: 'application/pdf', bytes: [...'%PDF-'].map((c) => c.charCodeAt(0)) },
];

/** The media type of a file from its first bytes, or undefined when it is none of the four accepted. */
export function detectEvidenceMediaType(bytes: Uint8Array): EvidenceMediaType | undefined {
  for (const { mediaType, bytes: signature } of SIGNATURES) {
    if (bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b)) return mediaType;
  }
  return undefined;
}

export function isEvidenceMediaType(value: unknown): value is EvidenceMediaType {
  return typeof value === 'string' && (EVIDENCE_MEDIA_TYPES as readonly string[]).includes(value);
}

/** The file name offered on download: server-made, never the client's (`evidence-<id>.<ext>`). */
export function evidenceFileName(evidenceId: string, mediaType: EvidenceMediaType): string {
  return `evidence-${evidenceId}.${EXTENSIONS[mediaType]}`;
}
