import { ApiProperty } from '@nestjs/swagger';

/** OpenAPI shapes of GET /reference/*: the code lists the guide's forms choose from. */

export class CountryView {
  @ApiProperty({ example: 'CN', description: 'GB/T 2659 alpha-2 code: what registration sends as `nationality` (alpha-3 is accepted too)' }) code: string;
  @ApiProperty({ example: 'CHN' }) alpha3: string;
  @ApiProperty({ example: '156' }) numeric: string;
  @ApiProperty({ example: '中国' }) name: string;
  @ApiProperty({ example: "People's Republic of China" }) nameEn: string;
}

export class CountriesResponse {
  @ApiProperty({ example: 'GB/T 2659 (ISO 3166-1)' }) standard: string;
  @ApiProperty({ type: [CountryView], description: '中国 first, then by code' }) items: CountryView[];
}

export class CodedNameView {
  @ApiProperty({ example: '01' }) code: string;
  @ApiProperty({ example: '汉族' }) name: string;
  @ApiProperty({ example: 'Han' }) nameEn: string;
}

export class EthnicitiesResponse {
  @ApiProperty({ example: 'GB/T 3304-1991' }) standard: string;
  @ApiProperty({ type: [CodedNameView], description: '01–56 the ethnic groups, 97 其他, 98 外国血统中国籍人士' }) items: CodedNameView[];
}

export class CertificateLevelsResponse {
  @ApiProperty({ example: '国家职业资格 / 职业技能等级' }) standard: string;
  @ApiProperty({ type: [CodedNameView], description: '5 五级/初级工 … 1 一级/高级技师, entry level first' }) items: CodedNameView[];
}

export class EducationLevelView extends CodedNameView {
  @ApiProperty({ nullable: true, type: String, example: '60', description: 'The stage (x0) an outcome belongs to; null for a stage' }) parent: string | null;
}

export class EducationLevelsResponse {
  @ApiProperty({ example: 'GB/T 4658-2006' }) standard: string;
  @ApiProperty({ type: [EducationLevelView] }) items: EducationLevelView[];
}

export class RegionView {
  @ApiProperty({ example: '440100' }) code: string;
  @ApiProperty({ example: '广州市' }) name: string;
  @ApiProperty({ enum: ['province', 'city', 'district'] }) level: 'province' | 'city' | 'district';
  @ApiProperty({ description: 'Whether GET /reference/regions?parent=<code> lists anything' }) hasChildren: boolean;
}

export class RegionsResponse {
  @ApiProperty({ example: 'GB/T 2260' }) standard: string;
  @ApiProperty({ type: RegionView, nullable: true, description: 'The region asked for with ?parent=; null for the provinces' }) parent: RegionView | null;
  @ApiProperty({ type: [RegionView] }) items: RegionView[];
}
