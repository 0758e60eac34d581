import { ArrayMaxSize, IsEmail, IsIn, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { isRequired, propertySchema, validationOf } from './validation-schema';

class Sample {
  @IsInt()
  @Min(1)
  @Max(100)
  count: number;

  @IsOptional()
  @IsString()
  @Length(2, 10)
  @Matches(/^[a-z]+$/)
  code?: string;

  @IsIn(['a', 'b'])
  kind: string;

  @IsNumber({ maxDecimalPlaces: 2 })
  credits: number;

  @IsEmail()
  email: string;

  @ValidateIf((o: Sample) => o.email === undefined)
  @IsString()
  @IsNotEmpty()
  name?: string;

  @IsOptional()
  @IsString({ each: true })
  @ArrayMaxSize(3)
  tags?: string[];
}

const schemaOf = (property: string, base = {}, trims = false) => propertySchema(validationOf(Sample).get(property)!, base, trims);

describe('JSON Schema from class-validator decorators', () => {
  it('types integers and numbers with their bounds and decimal places', () => {
    expect(schemaOf('count', { type: 'number' })).toEqual({ type: 'integer', minimum: 1, maximum: 100 });
    expect(schemaOf('credits')).toEqual({ type: 'number', multipleOf: 0.01 });
  });

  it('gives strings their lengths, pattern, choices and format; optional ones are nullable', () => {
    expect(schemaOf('code', { description: 'x' })).toEqual({ description: 'x', type: 'string', minLength: 2, maxLength: 10, pattern: '^[a-z]+$', nullable: true });
    expect(schemaOf('kind', { example: 'c' })).toEqual({ enum: ['a', 'b'] });
    expect(schemaOf('email')).toEqual({ type: 'string', format: 'email' });
    expect(schemaOf('name', {}, true)).toEqual({ type: 'string', minLength: 1, pattern: '\\S' });
  });

  it('keeps a stricter declared bound, and drops a format no decorator checks', () => {
    expect(schemaOf('code', { minLength: 8, maxLength: 64 })).toMatchObject({ minLength: 8, maxLength: 10 });
    expect(schemaOf('kind', { type: 'string', format: 'uuid' })).toEqual({ type: 'string', enum: ['a', 'b'] });
  });

  it('applies `each` constraints to the items of an array', () => {
    expect(schemaOf('tags', { type: 'array', items: { type: 'string' } })).toEqual({ type: 'array', items: { type: 'string' }, maxItems: 3, nullable: true });
  });

  it('counts a property as required unless @IsOptional or @ValidateIf makes it conditional', () => {
    const validation = validationOf(Sample);
    expect(['count', 'code', 'kind', 'name', 'tags'].map((p) => isRequired(validation.get(p)!))).toEqual([true, false, true, false, false]);
  });
});
