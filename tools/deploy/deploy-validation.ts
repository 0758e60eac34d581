/**
 * Validation of the deployment artifacts (docker-compose.yml, k8s/) against the published JSON
 * schemas, with real tools: `kustomize` (or `kubectl kustomize`) renders the overlays and ajv
 * (JSON Schema 2020-12) checks every document. The schemas come from package registries through
 * tools/deploy/fetch-schemas.sh (cached under ${XDG_CACHE_HOME:-~/.cache}/credit-bank).
 */
import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, parseDocument } from 'yaml';

export const REPO_ROOT = join(__dirname, '..', '..');
export const KUBERNETES_SCHEMA_DIR = 'v1.33.0-local-strict';
const KUBERNETES_VALIDATE_VERSION = '1.37.0';
const COMPOSE_GO_VERSION = 'v2.16.2';

export type Manifest = { apiVersion: string; kind: string; metadata: { name: string; [k: string]: unknown }; [k: string]: any };
export interface Finding {
  resource: string;
  errors: string[];
}

/** Runs fetch-schemas.sh (a no-op once cached) and returns the cache folder. */
export function fetchSchemas(): string {
  const out = execFileSync('bash', [join(__dirname, 'fetch-schemas.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 600_000 });
  return out.trim().split('\n').pop() as string;
}

function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`);
}

/** Kubernetes' OpenAPI formats, as the API server reads them. */
function addKubernetesFormats(ajv: Ajv2020): void {
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
}

/**
 * Validates Kubernetes objects against the strict JSON schemas of one Kubernetes version
 * (unknown fields are errors), and custom resources against the schemas given by `apiVersion/kind`.
 * An object of a kind without any schema is an error, never a silent pass.
 */
export class KubernetesValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly byFile = new Map<string, ValidateFunction>();
  private readonly custom = new Map<string, ValidateFunction>();
  private readonly dir: string;

  constructor(cacheDir: string, customSchemas: Record<string, object> = {}) {
    this.dir = join(cacheDir, `kubernetes-validate-${KUBERNETES_VALIDATE_VERSION}`, KUBERNETES_SCHEMA_DIR);
    addKubernetesFormats(this.ajv);
    this.ajv.addSchema(JSON.parse(readFileSync(join(this.dir, '_definitions.json'), 'utf8')));
    for (const [key, schema] of Object.entries(customSchemas)) this.custom.set(key, this.ajv.compile(schema));
  }

  /** `apps/v1` → `apps-v1`, `policy/v1` → `policy-v1`, `v1` → `v1` (the layout of kubernetes-validate). */
  schemaFileOf(apiVersion: string, kind: string): string {
    return join(this.dir, `${kind.toLowerCase()}-${apiVersion.replace(/^([^./]*)(?:\.[^/]*)?\//, '$1-')}.json`);
  }

  validate(doc: Manifest): string[] {
    const name = `${doc?.kind}/${doc?.metadata?.name}`;
    if (!doc || typeof doc.apiVersion !== 'string' || typeof doc.kind !== 'string') return [`${name}: apiVersion and kind are required strings`];
    const custom = this.custom.get(`${doc.apiVersion}/${doc.kind}`);
    let validate = custom;
    if (!validate) {
      const file = this.schemaFileOf(doc.apiVersion, doc.kind);
      validate = this.byFile.get(file);
      if (!validate) {
        if (!existsSync(file)) return [`no schema for ${doc.apiVersion} ${doc.kind} (looked for ${file})`];
        validate = this.ajv.compile(JSON.parse(readFileSync(file, 'utf8')));
        this.byFile.set(file, validate);
      }
    }
    return validate(doc) ? [] : formatErrors(validate.errors);
  }

  validateAll(docs: Manifest[]): Finding[] {
    return docs.map((d) => ({ resource: `${d?.kind}/${d?.metadata?.name}`, errors: this.validate(d) })).filter((f) => f.errors.length > 0);
  }
}

/** Validates a Compose file (after YAML merge keys) against the Compose Specification schema. */
export class ComposeValidator {
  private readonly validateFn: ValidateFunction;

  constructor(cacheDir: string) {
    const schema = JSON.parse(readFileSync(join(cacheDir, `compose-go-${COMPOSE_GO_VERSION}`, 'compose-spec.json'), 'utf8'));
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addFormat('duration', /^([-+]?(\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+$/);
    this.validateFn = ajv.compile(schema);
  }

  validate(compose: unknown): string[] {
    return this.validateFn(compose) ? [] : formatErrors(this.validateFn.errors);
  }
}

/** Parses YAML with merge keys (`<<: *anchor`), as Docker Compose does; YAML errors throw. */
export function parseYaml(text: string): any {
  const doc = parseDocument(text, { merge: true, uniqueKeys: true });
  if (doc.errors.length) throw new Error(doc.errors.map((e) => e.message).join('\n'));
  return doc.toJS({ maxAliasCount: 1000 });
}

/** Parses a multi-document YAML stream (empty documents dropped); YAML errors throw. */
export function parseYamlStream(text: string): Manifest[] {
  const docs = parseAllDocuments(text, { uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  const errors = list.flatMap((d) => d.errors.map((e) => e.message));
  if (errors.length) throw new Error(errors.join('\n'));
  return list.map((d) => d.toJS() as Manifest).filter((d) => d !== null && d !== undefined);
}

/** The kustomize command of this machine: a cached/PATH `kustomize build`, else `kubectl kustomize`. */
export function kustomizeCommand(cacheDir: string): [string, string[]] {
  const cached = join(cacheDir, 'bin', 'kustomize');
  if (existsSync(cached)) return [cached, ['build']];
  const onPath = (cmd: string) => {
    try {
      execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (onPath('kustomize')) return ['kustomize', ['build']];
  if (onPath('kubectl')) return ['kubectl', ['kustomize']];
  throw new Error('neither kustomize nor kubectl found: run tools/deploy/fetch-schemas.sh');
}

/** Renders a kustomization folder with the real kustomize; its errors throw. */
export function kustomizeBuild(cacheDir: string, folder: string): Manifest[] {
  const [cmd, args] = kustomizeCommand(cacheDir);
  const out = execFileSync(cmd, [...args, folder], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  return parseYamlStream(out);
}
