import { ApiProperty } from '@nestjs/swagger';
import { IdentityPersonalData, PERSONAL_DATA_EXPORT_FORMAT } from '../identity/erasure.contracts';
import { ConversionApplicationView, InboxMessageView, LearningAccountView } from './conversion.contracts';
import { AchievementView } from './ledger.responses';

/** The metadata of one evidence file (the bytes are downloaded one by one: GET /evidence/{id}). */
export class EvidenceMetadataView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['image/jpeg', 'image/png', 'image/gif', 'application/pdf'] }) mediaType: string;
  @ApiProperty({ description: 'Bytes' }) size: number;
  @ApiProperty({ description: 'SHA-256 of the file, hex' }) sha256: string;
  @ApiProperty({ format: 'date-time' }) registeredAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The achievement it backs' }) attachedTo: string | null;
}

/** What the ledger holds about the caller (`ledger.export-personal-data.v1`). */
export class LedgerPersonalData {
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'A learner as the ledger knows them (username, real name), from identity' })
  learner: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'An institution account as the ledger knows it (the directory institution it reviews for, its status)' })
  institution: Record<string, unknown> | null;
  @ApiProperty({ type: [AchievementView], description: 'A learner`s achievements with their recognition history (who recognised, rejected, returned or revoked what, and when; every view of the evidence)' })
  achievements: AchievementView[];
  @ApiProperty({ type: [EvidenceMetadataView] })
  evidence: EvidenceMetadataView[];
  @ApiProperty({ type: LearningAccountView, nullable: true, description: 'A learner`s learning account (学习账户) now' })
  learningAccount: LearningAccountView | null;
  @ApiProperty({ type: [ConversionApplicationView] })
  conversionApplications: ConversionApplicationView[];
  @ApiProperty({ type: [InboxMessageView], description: 'Messages addressed to the account itself, newest first' })
  inbox: InboxMessageView[];
}

/**
 * GET /me/export (PIPL art. 45): everything the bank holds about the caller, machine-readable.
 * `format` names this shape; the evidence files are listed, not inlined.
 */
export class PersonalDataExport {
  @ApiProperty({ enum: [PERSONAL_DATA_EXPORT_FORMAT] }) format: typeof PERSONAL_DATA_EXPORT_FORMAT;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ enum: ['learner', 'institution', 'admin'] }) role: string;
  @ApiProperty({ type: IdentityPersonalData }) identity: IdentityPersonalData;
  @ApiProperty({ type: LedgerPersonalData }) ledger: LedgerPersonalData;
}
