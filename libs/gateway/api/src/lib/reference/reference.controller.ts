import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { problem } from '../http/problem';
import { PROBLEM_CONTENT } from '../http/problem-response';
import {
  CERTIFICATE_LEVELS_DOCUMENT,
  COUNTRIES_DOCUMENT,
  EDUCATION_LEVELS_DOCUMENT,
  ETHNICITIES_DOCUMENT,
  ReferenceDocument,
  regionsDocument,
} from './reference-documents';
import { CertificateLevelsResponse, CountriesResponse, EducationLevelsResponse, EthnicitiesResponse, RegionsResponse } from './reference.responses';

/** The lists change only with a release of the code: a day in any cache, then revalidated by ETag. */
export const REFERENCE_CACHE_CONTROL = 'public, max-age=86400';

const CONDITIONAL = ApiHeader({ name: 'If-None-Match', required: false, description: 'An ETag you hold: 304 without a body while it is current' });
const NOT_MODIFIED = ApiResponse({ status: 304, description: 'Not modified (If-None-Match matched the ETag)' });

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}

/** `?parent=`: a province's or a city's code (one value); empty (an empty select) asks for the provinces. */
export class RegionsQueryDto {
  @ApiPropertyOptional({ description: 'Code of a province or a city (a code no division has: 404)', example: '440000' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(20)
  parent?: string;
}

/**
 * The code lists of the guide's forms (国籍, 民族, 省/市/区, 证书等级, 文化程度): static data of the
 * shared reference library, served here without asking a service — the identity and ledger
 * services check submitted codes against the same library.
 */
@ApiTags('reference')
@Public()
@Controller('reference')
export class ReferenceController {
  private send<T>(doc: ReferenceDocument<T>, ifNoneMatch: string | undefined, reply: FastifyReply): T | undefined {
    reply.header('cache-control', REFERENCE_CACHE_CONTROL).header('etag', doc.etag);
    if (!matches(ifNoneMatch, doc.etag)) return doc.body;
    reply.status(304);
    return undefined;
  }

  @Get('countries')
  @ApiOperation({ summary: '国籍: the countries and regions of GB/T 2659 (ISO 3166-1 codes, Chinese and English names)' })
  @CONDITIONAL
  @ApiOkResponse({ type: CountriesResponse })
  @NOT_MODIFIED
  countries(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): CountriesResponse | undefined {
    return this.send(COUNTRIES_DOCUMENT, ifNoneMatch, reply);
  }

  @Get('ethnicities')
  @ApiOperation({ summary: '民族: the 56 ethnic groups of GB/T 3304 (01–56) and its entries 97 其他, 98 外国血统中国籍人士' })
  @CONDITIONAL
  @ApiOkResponse({ type: EthnicitiesResponse })
  @NOT_MODIFIED
  ethnicities(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): EthnicitiesResponse | undefined {
    return this.send(ETHNICITIES_DOCUMENT, ifNoneMatch, reply);
  }

  @Get('regions')
  @ApiOperation({
    summary: '联系地址 省/市/区: the GB/T 2260 administrative divisions, one level at a time',
    description:
      'Without `parent`: the provinces. With a province: its cities; with a city: its districts (区/县/县级市). ' +
      'An empty list means the address stops at that level (香港, 澳门, 台湾 have no cities here; 东莞市, 中山市… no districts).',
  })
  @CONDITIONAL
  @ApiOkResponse({ type: RegionsResponse })
  @NOT_MODIFIED
  @ApiResponse({ status: 404, description: 'REFERENCE.REGION_NOT_FOUND: no division has the code given as parent', content: PROBLEM_CONTENT })
  regions(
    @Query() { parent }: RegionsQueryDto,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): RegionsResponse | undefined {
    // `?parent=` (an empty select) asks for the provinces, like no parent at all.
    const doc = regionsDocument(parent || undefined);
    if (!doc) throw problem('REFERENCE.REGION_NOT_FOUND', 'not_found', 'No GB/T 2260 division has this code.');
    return this.send(doc, ifNoneMatch, reply);
  }

  @Get('certificate-levels')
  @ApiOperation({ summary: '证书等级: the five vocational skill levels, 5 五级/初级工 … 1 一级/高级技师' })
  @CONDITIONAL
  @ApiOkResponse({ type: CertificateLevelsResponse })
  @NOT_MODIFIED
  certificateLevels(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): CertificateLevelsResponse | undefined {
    return this.send(CERTIFICATE_LEVELS_DOCUMENT, ifNoneMatch, reply);
  }

  @Get('education-levels')
  @ApiOperation({ summary: '文化程度: GB/T 4658-2006 education levels, stages (x0) and the outcomes under each' })
  @CONDITIONAL
  @ApiOkResponse({ type: EducationLevelsResponse })
  @NOT_MODIFIED
  educationLevels(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): EducationLevelsResponse | undefined {
    return this.send(EDUCATION_LEVELS_DOCUMENT, ifNoneMatch, reply);
  }
}
