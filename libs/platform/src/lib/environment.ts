import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength, validateSync } from 'class-validator';

/**
 * Every setting comes from an environment variable, validated at start with one clear message
 * per mistake. Documented in the README's "Configuration" table.
 */
export class Environment {
  @Transform(({ value }) => (value === undefined || value === '' ? 3000 : Number(value)))
  @IsInt({ message: 'PORT must be an integer between 0 and 65535 (0: any free port)' })
  @Min(0, { message: 'PORT must be an integer between 0 and 65535 (0: any free port)' })
  @Max(65535, { message: 'PORT must be an integer between 0 and 65535 (0: any free port)' })
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @IsString()
  @MinLength(1, { message: 'DATA_DIR must be a folder path' })
  DATA_DIR = './data';

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters (or unset it to have one generated under DATA_DIR)' })
  JWT_SECRET?: string;

  @Transform(({ value }) => (value === undefined || value === '' ? 3600 : Number(value)))
  @IsInt({ message: 'JWT_TTL_SECONDS must be an integer between 60 and 86400' })
  @Min(60, { message: 'JWT_TTL_SECONDS must be an integer between 60 and 86400' })
  @Max(86400, { message: 'JWT_TTL_SECONDS must be an integer between 60 and 86400' })
  JWT_TTL_SECONDS = 3600;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent' })
  LOG_LEVEL = 'info';

  @IsIn(['FULL', 'NORMAL'], { message: 'SQLITE_SYNCHRONOUS must be FULL or NORMAL' })
  SQLITE_SYNCHRONOUS: 'FULL' | 'NORMAL' = 'FULL';

  @IsOptional()
  @IsString()
  SMS_OUTBOX?: string;
}

export class EnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvironmentError';
  }
}

/** Reads and validates the environment; throws EnvironmentError listing every mistake. */
export function loadEnvironment(env: Record<string, string | undefined> = process.env): Environment {
  const known = Object.keys(new Environment()).concat(['JWT_SECRET', 'SMS_OUTBOX']);
  const picked: Record<string, string> = {};
  for (const key of known) {
    const v = env[key];
    if (v !== undefined && v !== '') picked[key] = v;
  }
  const config = plainToInstance(Environment, picked, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length) {
    throw new EnvironmentError(
      errors.flatMap((e) => {
        const messages = Object.values(e.constraints ?? {});
        return [...new Set(messages)].map((m) => `${m} (got ${JSON.stringify(env[e.property])})`);
      }),
    );
  }
  return config;
}
