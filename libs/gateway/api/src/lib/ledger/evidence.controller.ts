import type { MultipartFile } from '@fastify/multipart';
import { Actor, EvidenceRegisteredResponse, EvidenceView, LEDGER_ERROR_CODES, LEDGER_PATTERNS } from '@credit-bank/contracts';
import { BLOB_STORE, BlobStore } from '@credit-bank/kernel';
import { Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Req, Res, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash, randomUUID } from 'node:crypto';
import { CorrelationId, CurrentActor } from '../auth/auth.decorators';
import { problem, ProblemException } from '../http/problem';
import { ServiceBus } from '../http/service-bus';
import { isRecordId, LearnerOnlyGuard } from './ledger-http';
import { problemResponse } from '../http/problem-response';
import { inspectEvidence, MAX_EVIDENCE_PIXELS } from './evidence-inspection';

/** How many leading bytes go to the ledger for type recognition (the longest signature is 8). */
const HEAD_BYTES = 16;

const fileMissing = () =>
  problem(LEDGER_ERROR_CODES.EVIDENCE_FILE_MISSING, 'validation', 'Send the file as multipart/form-data in the field "file".', [
    { field: 'file', code: LEDGER_ERROR_CODES.EVIDENCE_FILE_MISSING, message: 'a file in the multipart field "file" is required' },
  ]);

const notFound = () => problem(LEDGER_ERROR_CODES.EVIDENCE_NOT_FOUND, 'not_found', 'No such evidence file.');

/**
 * 证书原件扫描件或照片: the learner's evidence files. The gateway holds the bytes: it parses them
 * (evidence-inspection.ts: images decoded and re-encoded, PDFs loaded and refused with active
 * content), stores what it kept under a server-made id (never the client's file name) and
 * registers them with the ledger, which checks the type from the first bytes again, the size and
 * the learner's storage quota.
 * Downloads: the owner; a reviewer of the institution the request was submitted to, and 管理中心 —
 * the ledger decides, and records each of their views in the recognition record.
 */
@ApiTags('ledger')
@ApiBearerAuth()
@Controller('evidence')
export class EvidenceController {
  constructor(
    private readonly bus: ServiceBus,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  @Post()
  @UseGuards(LearnerOnlyGuard)
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Upload a scan or photo of the original certificate (jpg, png, gif or pdf, at most 10 MiB)',
    description:
      'The type is recognised from the file’s content, not from its name or declared type. Images (jpg, png, gif) are decoded in full and stored re-encoded: ' +
      'bytes after the image’s end and metadata (EXIF) are dropped, so the stored `size` and `sha256` are those of the new encoding. ' +
      `Images of more than ${MAX_EVIDENCE_PIXELS / 1_000_000} megapixels are refused. PDFs are stored as sent after they load in full; ` +
      'PDFs with JavaScript, Launch or other active actions, XFA forms or embedded files are refused. ' +
      'Each learner has a storage quota (EVIDENCE_QUOTA_BYTES); files that back no achievement are deleted after EVIDENCE_UNATTACHED_MAX_AGE_SECONDS (24 hours by default). ' +
      'Give the returned `id` as `evidenceId` when storing an achievement.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiResponse({ status: 201, type: EvidenceRegisteredResponse })
  @ApiResponse(problemResponse(400, 'LEDGER.EVIDENCE_FILE_MISSING: not multipart, or no file in the field "file"'))
  @ApiResponse(problemResponse(401, 'AUTH.TOKEN_MISSING / AUTH.TOKEN_INVALID'))
  @ApiResponse(problemResponse(403, 'AUTH.FORBIDDEN: not a learner'))
  @ApiResponse(problemResponse(413, 'LEDGER.EVIDENCE_TOO_LARGE: more than 10 MiB (as sent, or an image still so after re-encoding); LEDGER.EVIDENCE_QUOTA_EXCEEDED: the learner’s evidence files would pass their storage quota'))
  @ApiResponse(
    problemResponse(
      415,
      'LEDGER.EVIDENCE_TYPE_UNSUPPORTED: not a jpg, png, gif or pdf file; LEDGER.EVIDENCE_MALFORMED: starts like one but does not parse as one (damaged, truncated, encrypted PDF, too many pixels); ' +
        'LEDGER.EVIDENCE_ACTIVE_CONTENT: a PDF with JavaScript, a Launch or other active action, an XFA form or an embedded file',
    ),
  )
  async upload(
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor | null,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EvidenceRegisteredResponse> {
    let bytes: Buffer;
    try {
      bytes = await readUpload(request);
    } catch (error) {
      // The rest of the upload may still be on its way and is not read: close the connection
      // after the answer, or it would stay busy (and keep the server from shutting down).
      reply.header('connection', 'close');
      throw error;
    }
    // Refused files are never stored; images are stored as re-encoded.
    bytes = (await inspectEvidence(bytes)).bytes;
    const evidenceId = randomUUID();
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await this.blobs.put(evidenceId, bytes);
    try {
      return await this.bus.call<EvidenceRegisteredResponse>(
        'ledger',
        LEDGER_PATTERNS.registerEvidence,
        { evidenceId, sha256, size: bytes.length, head: bytes.subarray(0, HEAD_BYTES).toString('base64') },
        actor,
        correlationId,
      );
    } catch (error) {
      // Refused: the bytes go. (After a timeout or outage the outcome is unknown, so they stay.)
      if (error instanceof ProblemException && error.status < 500) await this.blobs.delete(evidenceId).catch(() => undefined);
      throw error;
    }
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Download an evidence file (as an attachment)',
    description:
      'The learner: their own files. A reviewer of the institution a request was submitted to, and 管理中心: the file of that request, while deciding and afterwards; ' +
      'each such download is recorded (step evidence-viewed in the recognition record the learner sees).',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiProduces('image/jpeg', 'image/png', 'image/gif', 'application/pdf')
  @ApiResponse({ status: 200, description: 'The file, with content-disposition: attachment; filename="evidence-<id>.<ext>"' })
  @ApiResponse(problemResponse(401, 'AUTH.TOKEN_MISSING / AUTH.TOKEN_INVALID'))
  @ApiResponse(problemResponse(403, 'LEDGER.INSTITUTION_NOT_APPROVED / LEDGER.INSTITUTION_NOT_LINKED: an institution account that may not review'))
  @ApiResponse(problemResponse(404, 'LEDGER.EVIDENCE_NOT_FOUND: unknown, someone else’s, or of a request not addressed to your institution (the same answer)'))
  async download(
    @Param('id') id: string,
    @CurrentActor() actor: Actor | null,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    if (!isRecordId(id)) throw notFound();
    const evidence = await this.bus.call<EvidenceView>('ledger', LEDGER_PATTERNS.getEvidence, { evidenceId: id }, actor, correlationId);
    const stream = await this.blobs.get(evidence.id);
    if (!stream) throw notFound();
    reply.header('x-content-type-options', 'nosniff');
    reply.header('cache-control', 'private, no-store');
    // A streamed body ends a moment after its last byte reached the client; if the server is
    // closed in that moment, Node skips the connection and it lingers for the keep-alive timeout
    // (72 s). Closing the connection after each download avoids that; downloads are rare.
    reply.header('connection', 'close');
    return new StreamableFile(stream, { type: evidence.mediaType, disposition: `attachment; filename="${evidence.fileName}"`, length: evidence.size });
  }
}

/** The bytes of the multipart field "file"; 400 when there is none, 413 when it passes maxUploadBytes. */
async function readUpload(request: FastifyRequest): Promise<Buffer> {
  if (typeof request.isMultipart !== 'function' || !request.isMultipart()) throw fileMissing();
  let file: MultipartFile | undefined;
  try {
    file = await request.file();
  } catch (error) {
    throw uploadError(error);
  }
  if (!file) throw fileMissing();
  if (file.fieldname !== 'file') {
    file.file.resume();
    throw fileMissing();
  }
  let bytes: Buffer;
  try {
    bytes = await file.toBuffer();
  } catch (error) {
    throw uploadError(error);
  }
  // toBuffer() does not always throw when the limit cuts the last chunk: it then returns the
  // first maxUploadBytes bytes. A truncated file is a file too large, never a shorter file.
  if (file.file.truncated) throw tooLarge();
  return bytes;
}

const tooLarge = () => problem(LEDGER_ERROR_CODES.EVIDENCE_TOO_LARGE, 'payload_too_large', 'Evidence files are at most 10 MiB.');

function uploadError(error: unknown): unknown {
  const code = (error as { code?: unknown })?.code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge();
  // Anything else the multipart parser throws (busboy's "Unexpected end of form", a malformed part
  // header…) is a body that is not the multipart it claims: the client's mistake, never a 500.
  return error instanceof ProblemException ? error : fileMissing();
}
