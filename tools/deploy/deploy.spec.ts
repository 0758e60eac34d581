/**
 * The deployment artifacts, validated with real tools (no Docker engine or cluster runs here):
 * docker-compose.yml against the Compose Specification schema (compose-go's), every Kubernetes
 * manifest of k8s/base and of the rendered overlays (real kustomize) against the strict
 * Kubernetes JSON schemas, the KafkaTopic resources against a hand-written schema after
 * Strimzi's CRD; then cross-checks between compose, k8s, the contracts and the environment.
 */
import { CATALOG_PATTERNS, CONVERSION_PATTERNS, IDENTITY_PATTERNS, LEDGER_PATTERNS, RECOGNITION_PATTERNS, ROUTING_PATTERNS, ACCOUNT_REGISTERED_V1, INSTITUTION_DECIDED_V1, ACCOUNT_ERASED_V1 } from '@credit-bank/contracts';
import { EnvironmentError, loadEnvironment } from '@credit-bank/platform';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ComposeValidator,
  fetchSchemas,
  KubernetesValidator,
  kustomizeBuild,
  Manifest,
  parseYaml,
  parseYamlStream,
  REPO_ROOT,
} from './deploy-validation';

const SERVICES = ['catalog', 'gateway', 'identity', 'ledger'];
/** The environment variables agreed for the distributed services. */
const AGREED_ENV = [
  'KAFKA_BROKERS',
  'MONGODB_URI',
  'EVENTSTORE_URL',
  'BLOB_STORE',
  'PORT',
  'HOST',
  'JWT_SECRET',
  'MASTER_KEY',
  'LOG_LEVEL',
  'DATA_DIR',
  'ADMIN_USERNAME',
  'ADMIN_PASSWORD',
  'EVIDENCE_QUOTA_BYTES',
  'EVIDENCE_UNATTACHED_MAX_AGE_SECONDS',
  'EVIDENCE_SWEEP_INTERVAL_SECONDS',
  'TRUST_PROXY',
  'SMS_GLOBAL_PER_HOUR',
  'LOGIN_FREE_ATTEMPTS',
  'LOGIN_FREE_ATTEMPTS_PER_ADDRESS',
  'LOGIN_MAX_DELAY_SECONDS',
];
const K8S_BASE = join(REPO_ROOT, 'k8s', 'base');
const OVERLAYS = readdirSync(join(REPO_ROOT, 'k8s', 'overlays')).map((o) => join(REPO_ROOT, 'k8s', 'overlays', o));
const kafkaTopicSchema = JSON.parse(readFileSync(join(__dirname, 'kafka-topic.schema.json'), 'utf8'));

let cacheDir: string;
let k8s: KubernetesValidator;
let compose: ComposeValidator;
let composeFile: any;
const rendered = new Map<string, Manifest[]>();

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const ofKind = (docs: Manifest[], kind: string) => docs.filter((d) => d.kind === kind);
const named = (docs: Manifest[], kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata.name === name) as Manifest;
const imageServices = (c: any): string[] => Object.keys(c.services).filter((s) => c.services[s].image === 'credit-bank:local').sort();
const minimalDeployment = (): Manifest => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'x' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'x' } },
    template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'x', image: 'credit-bank:1' }] } },
  },
});

beforeAll(() => {
  cacheDir = fetchSchemas();
  k8s = new KubernetesValidator(cacheDir, { 'kafka.strimzi.io/v1beta2/KafkaTopic': kafkaTopicSchema });
  compose = new ComposeValidator(cacheDir);
  composeFile = parseYaml(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8'));
  for (const dir of [K8S_BASE, ...OVERLAYS]) rendered.set(dir, kustomizeBuild(cacheDir, dir));
}, 600_000);

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    expect(compose.validate(composeFile)).toEqual([]);
  });

  it('the same schema rejects a broken compose file', () => {
    const broken = clone(composeFile);
    broken.services.gateway.ports = '3000:3000'; // must be a list
    broken.services.ledger.depends_on.mongodb.condition = 'service_ready'; // not a condition
    broken.services.catalog.stop_grace_period = 30; // must be a duration string
    broken.services.identity.helthcheck = {}; // typo: unknown property
    const errors = compose.validate(broken).join('\n');
    expect(errors).toMatch(/\/services\/gateway\/ports/);
    expect(errors).toMatch(/\/services\/ledger\/depends_on\/mongodb\/condition/);
    expect(errors).toMatch(/\/services\/catalog\/stop_grace_period/);
    expect(errors).toMatch(/helthcheck/);
  });

  it('refers only to services, volumes and configs it defines', () => {
    const services = Object.keys(composeFile.services);
    for (const [name, svc] of Object.entries<any>(composeFile.services)) {
      for (const dep of Object.keys(svc.depends_on ?? {})) expect({ name, dep, known: services.includes(dep) }).toEqual({ name, dep, known: true });
      for (const v of svc.volumes ?? []) {
        const source = String(v).split(':')[0];
        if (!source.startsWith('/') && !source.startsWith('.')) expect(Object.keys(composeFile.volumes)).toContain(source);
      }
      for (const c of svc.configs ?? []) expect(Object.keys(composeFile.configs)).toContain(c.source);
    }
  });

  it('runs Kafka in KRaft mode, EventStoreDB insecure single node, MongoDB 7/8, all with healthchecks', () => {
    const { kafka, eventstore, mongodb } = composeFile.services;
    expect(kafka.image).toMatch(/^apache\/kafka:3\.9\.\d+$/);
    expect(kafka.environment.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(kafka.environment.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
    expect(eventstore.image).toMatch(/^(eventstore\/eventstore|docker\.kurrent\.io\/.+\/kurrentdb):/);
    expect(eventstore.environment.EVENTSTORE_INSECURE).toBe('true');
    expect(eventstore.environment.EVENTSTORE_CLUSTER_SIZE).toBe(1);
    expect(mongodb.image).toMatch(/^mongo:[78]\./);
    for (const s of ['kafka', 'eventstore', 'mongodb', ...SERVICES]) expect({ s, healthcheck: !!composeFile.services[s].healthcheck?.test }).toEqual({ s, healthcheck: true });
  });

  it('builds the four services from the one Dockerfile, each started by its entrypoint, waiting for its servers', () => {
    expect(imageServices(composeFile)).toEqual(SERVICES);
    for (const s of SERVICES) {
      const svc = composeFile.services[s];
      expect(svc.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
      expect(svc.command).toEqual([`dist/apps/${s}/src/main.js`]);
      expect(svc.depends_on['kafka-init'].condition).toBe('service_completed_successfully');
      expect(svc.depends_on.mongodb.condition).toBe('service_healthy');
      expect(svc.depends_on.eventstore.condition).toBe('service_healthy');
      expect(svc.stop_grace_period).toBe('30s');
      expect(svc.healthcheck.test.join(' ')).toContain('/health/ready');
    }
  });

  it('gives the services only the agreed environment variables, and JWT_SECRET without a default', () => {
    for (const s of SERVICES) {
      const env = composeFile.services[s].environment;
      expect(Object.keys(env).filter((k) => !AGREED_ENV.includes(k))).toEqual([]);
      // ${VAR:?message}: compose refuses to start while JWT_SECRET is unset; never ${VAR:-default}.
      expect(env.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?[^}]+\}$/);
      expect(env.MASTER_KEY).toMatch(/^\$\{MASTER_KEY:\?[^}]+\}$/);
    }
  });
});

describe('Dockerfile and .dockerignore', () => {
  const dockerfile = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8');
  const stages = [...dockerfile.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gim)].map((m) => ({ image: m[1], name: m[2] }));
  const runtime = dockerfile.slice(dockerfile.search(/^FROM .* AS runtime$/m));

  it('is multi-stage on a Node LTS (even major ≥ 22), builds with npm ci + npm run build, the native toolchain only in the build stages', () => {
    expect(stages.map((s) => s.name)).toEqual(['deps', 'build', 'runtime']);
    const major = Number(/^ARG NODE_VERSION=(\d+)/m.exec(dockerfile)?.[1]);
    expect(major % 2 === 0 && major >= 22).toBe(true);
    expect(dockerfile).toMatch(/npm ci/);
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(dockerfile.slice(0, dockerfile.indexOf('AS runtime'))).toMatch(/python3 make g\+\+/);
    expect(runtime).not.toMatch(/g\+\+/);
  });

  it('runs as a non-root user with NODE_ENV=production, tini as PID 1, the dist tree and production dependencies only', () => {
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/NODE_ENV=production/);
    expect(runtime).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--", "node"\]$/m);
    expect(runtime).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
    expect(runtime).toMatch(/COPY --from=build \/app\/node_modules \.\/node_modules/);
    expect(runtime).not.toMatch(/COPY \. /);
  });

  it('builds and runs on glibc (Debian) images: sharp installs its prebuilt linux-x64 glibc libvips in the deps stage, which a musl (Alpine) runtime could not load', () => {
    const fromImages = stages.filter((stage) => !stages.some((other) => other.name === stage.image));
    expect(fromImages.map((s) => s.name)).toEqual(['deps', 'runtime']);
    for (const stage of fromImages) {
      expect({ stage: stage.name, image: stage.image }).toEqual({ stage: stage.name, image: expect.stringMatching(/^node:\$\{NODE_VERSION\}-(bookworm|bullseye|trixie)(-slim)?$/) });
      expect(stage.image).not.toMatch(/alpine|musl/);
    }
  });

  it('keeps node_modules, dist and secrets out of the build context', () => {
    const ignored = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const entry of ['node_modules', 'dist', '.git', '.env', 'data']) expect(ignored).toContain(entry);
  });
});

describe('k8s manifests', () => {
  it('every file of k8s/base is valid against the strict Kubernetes 1.33 schemas (KafkaTopic: its own schema)', () => {
    const files = readdirSync(K8S_BASE).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const docs = parseYamlStream(readFileSync(join(K8S_BASE, f), 'utf8'));
      expect(docs.length).toBeGreaterThan(0);
      expect({ file: f, findings: k8s.validateAll(docs) }).toEqual({ file: f, findings: [] });
    }
  });

  it.each([['base', K8S_BASE], ...OVERLAYS.map((o) => [o.split('/').slice(-2).join('/'), o])])('%s renders with kustomize into valid manifests', (_label, dir) => {
    const docs = rendered.get(dir) as Manifest[];
    expect(docs.length).toBeGreaterThan(20);
    expect(k8s.validateAll(docs)).toEqual([]);
  });

  it('has the kinds the issue asks for', () => {
    const docs = rendered.get(K8S_BASE) as Manifest[];
    const names = (kind: string) => ofKind(docs, kind).map((d) => d.metadata.name).sort();
    expect(names('Deployment')).toEqual(SERVICES);
    expect(names('Service')).toEqual(SERVICES);
    expect(names('PodDisruptionBudget')).toEqual(SERVICES);
    expect(names('HorizontalPodAutoscaler')).toEqual(['gateway', 'ledger']);
    expect(names('ConfigMap')).toEqual(['credit-bank-config']);
    expect(names('Secret')).toEqual(['credit-bank-secrets']);
    expect(ofKind(docs, 'KafkaTopic').length).toBeGreaterThan(0);
    for (const h of ofKind(docs, 'HorizontalPodAutoscaler')) expect(h.apiVersion).toBe('autoscaling/v2');
  });

  it('the same validator rejects broken manifests', () => {
    const stringReplicas = minimalDeployment();
    stringReplicas.spec.replicas = 'two';
    expect(k8s.validate(stringReplicas).join('\n')).toMatch(/\/spec\/replicas must be integer/);

    const typo = minimalDeployment();
    typo.spec.template.spec.terminationGracePeriodSecond = 30; // strict: unknown field
    expect(k8s.validate(typo).join('\n')).toMatch(/additional properties.*terminationGracePeriodSecond/);

    const noContainers = minimalDeployment();
    delete noContainers.spec.template.spec.containers;
    expect(k8s.validate(noContainers).join('\n')).toMatch(/must have required property 'containers'/);

    const badProbe = clone(named(rendered.get(K8S_BASE) as Manifest[], 'Deployment', 'gateway'));
    badProbe.spec.template.spec.containers[0].readinessProbe.httpGet.port = { name: 'http' };
    expect(k8s.validate(badProbe)).not.toEqual([]);

    const badHpa = clone(named(rendered.get(K8S_BASE) as Manifest[], 'HorizontalPodAutoscaler', 'gateway'));
    badHpa.spec.minReplicas = '2';
    expect(k8s.validate(badHpa).join('\n')).toMatch(/minReplicas/);

    const topic = clone(ofKind(rendered.get(K8S_BASE) as Manifest[], 'KafkaTopic')[0]);
    topic.spec.partitions = 0;
    topic.spec.replica = 3;
    const topicErrors = k8s.validate(topic).join('\n');
    expect(topicErrors).toMatch(/\/spec\/partitions must be >= 1/);
    expect(topicErrors).toMatch(/additional properties.*replica/);

    expect(k8s.validate({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual([expect.stringMatching(/^no schema for example.com\/v1 Widget/)]);
  });

  it('the overlay changes replicas, resources, image and the HPA bounds', () => {
    const base = rendered.get(K8S_BASE) as Manifest[];
    for (const overlay of OVERLAYS) {
      const docs = rendered.get(overlay) as Manifest[];
      for (const s of SERVICES) {
        const d = named(docs, 'Deployment', s);
        expect(d.spec.template.spec.containers[0].image).not.toBe(named(base, 'Deployment', s).spec.template.spec.containers[0].image);
        expect(d.spec.template.spec.containers[0].image).toMatch(/:[\w.-]+$|@sha256:/);
        expect(d.spec.replicas).toBeGreaterThanOrEqual(named(base, 'Deployment', s).spec.replicas);
      }
      expect(named(docs, 'HorizontalPodAutoscaler', 'gateway').spec.maxReplicas).toBeGreaterThan(named(base, 'HorizontalPodAutoscaler', 'gateway').spec.maxReplicas);
      expect(named(docs, 'Deployment', 'gateway').spec.template.spec.containers[0].resources).not.toEqual(named(base, 'Deployment', 'gateway').spec.template.spec.containers[0].resources);
    }
  });
});

describe('cross-checks', () => {
  const allRendered = () => [...rendered.entries()];

  it('every Deployment reads only keys that exist in the ConfigMap or the Secret, and only agreed variables', () => {
    for (const [dir, docs] of allRendered()) {
      const keys = new Map<string, Set<string>>();
      for (const cm of ofKind(docs, 'ConfigMap')) keys.set(`configMap/${cm.metadata.name}`, new Set(Object.keys(cm.data ?? {})));
      for (const s of ofKind(docs, 'Secret')) keys.set(`secret/${s.metadata.name}`, new Set([...Object.keys(s.stringData ?? {}), ...Object.keys(s.data ?? {})]));
      for (const d of ofKind(docs, 'Deployment')) {
        for (const c of d.spec.template.spec.containers) {
          expect(c.envFrom).toBeUndefined();
          for (const e of c.env ?? []) {
            const ref = e.valueFrom?.configMapKeyRef ? `configMap/${e.valueFrom.configMapKeyRef.name}` : e.valueFrom?.secretKeyRef ? `secret/${e.valueFrom.secretKeyRef.name}` : undefined;
            const key = e.valueFrom?.configMapKeyRef?.key ?? e.valueFrom?.secretKeyRef?.key;
            expect({ dir, deployment: d.metadata.name, env: e.name, inAgreed: AGREED_ENV.includes(e.name) }).toEqual({ dir, deployment: d.metadata.name, env: e.name, inAgreed: true });
            // An optional key (the first administrator's) may be absent from the placeholder Secret.
            const optional = e.valueFrom?.secretKeyRef?.optional === true || e.valueFrom?.configMapKeyRef?.optional === true;
            if (ref && !optional) expect({ dir, deployment: d.metadata.name, env: e.name, ref, key, exists: keys.get(ref)?.has(key) ?? false }).toEqual({ dir, deployment: d.metadata.name, env: e.name, ref, key, exists: true });
          }
        }
      }
    }
  });

  it('probes use the agreed paths on the PORT of the ConfigMap, metrics are annotated for Prometheus, shutdown is graceful', () => {
    for (const [dir, docs] of allRendered()) {
      const port = Number(named(docs, 'ConfigMap', 'credit-bank-config').data.PORT);
      for (const d of ofKind(docs, 'Deployment')) {
        const pod = d.spec.template.spec;
        const [c] = pod.containers;
        const httpPort = c.ports.find((p: any) => p.name === 'http').containerPort;
        const where = { dir, deployment: d.metadata.name };
        expect({ ...where, httpPort }).toEqual({ ...where, httpPort: port });
        expect({ ...where, live: c.livenessProbe.httpGet.path, ready: c.readinessProbe.httpGet.path, startup: c.startupProbe.httpGet.path }).toEqual({ ...where, live: '/health/live', ready: '/health/ready', startup: '/health/live' });
        for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) expect(probe.httpGet.port).toBe('http');
        expect(d.spec.template.metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port), 'prometheus.io/path': '/metrics' });
        expect(c.args).toEqual([`dist/apps/${d.metadata.name}/src/main.js`]);
        const preStopSeconds = Number(c.lifecycle.preStop.exec.command[1]);
        expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(preStopSeconds + 20);
        expect(c.resources.requests).toBeDefined();
        expect(c.resources.limits).toBeDefined();
      }
    }
  });

  it('pods run as non-root on a read-only root filesystem, with DATA_DIR on an emptyDir', () => {
    for (const [, docs] of allRendered()) {
      const dataDir = named(docs, 'ConfigMap', 'credit-bank-config').data.DATA_DIR;
      for (const d of ofKind(docs, 'Deployment')) {
        const pod = d.spec.template.spec;
        const [c] = pod.containers;
        expect(pod.securityContext.runAsNonRoot).toBe(true);
        expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
        expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
        const mount = c.volumeMounts.find((m: any) => m.mountPath === dataDir);
        expect(pod.volumes.find((v: any) => v.name === mount?.name)?.emptyDir).toBeDefined();
      }
    }
  });

  it('Services, PodDisruptionBudgets and HPAs select or target existing Deployments', () => {
    for (const [, docs] of allRendered()) {
      const labelsOf = (name: string) => named(docs, 'Deployment', name)?.spec.template.metadata.labels ?? {};
      const selects = (selector: Record<string, string>, name: string) => Object.entries(selector).every(([k, v]) => labelsOf(name)[k] === v);
      for (const s of ofKind(docs, 'Service')) expect(selects(s.spec.selector, s.metadata.name)).toBe(true);
      for (const p of ofKind(docs, 'PodDisruptionBudget')) expect(selects(p.spec.selector.matchLabels, p.metadata.name)).toBe(true);
      for (const h of ofKind(docs, 'HorizontalPodAutoscaler')) {
        expect(named(docs, h.spec.scaleTargetRef.kind, h.spec.scaleTargetRef.name)).toBeDefined();
        expect(h.spec.minReplicas).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('compose and k8s run the same four services', () => {
    expect(imageServices(composeFile)).toEqual(SERVICES);
    for (const [, docs] of allRendered()) expect(ofKind(docs, 'Deployment').map((d) => d.metadata.name).sort()).toEqual(SERVICES);
  });

  it('the Secret holds placeholders only: the services refuse its JWT_SECRET', () => {
    for (const [, docs] of allRendered()) {
      const secret = named(docs, 'Secret', 'credit-bank-secrets');
      expect(secret.data).toBeUndefined();
      for (const value of Object.values<string>(secret.stringData)) expect(value).toContain('REPLACE-ME');
      expect(() => loadEnvironment({ JWT_SECRET: secret.stringData.JWT_SECRET })).toThrow(EnvironmentError);
      expect(() => loadEnvironment({ MASTER_KEY: secret.stringData.MASTER_KEY })).toThrow(EnvironmentError);
    }
  });

  it('compose and k8s define the same Kafka topics; every request pattern and integration event has its topic, every event topic its .dlt', () => {
    const composeTopics = String(composeFile.configs['kafka-topics'].content)
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => {
        const [name, partitions, retention, kind] = l.split(/\s+/);
        return { name, partitions: Number(partitions), retention: Number(retention), kind };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    for (const [, docs] of allRendered()) {
      const k8sTopics = ofKind(docs, 'KafkaTopic')
        .map((t) => ({ name: t.spec.topicName ?? t.metadata.name, partitions: t.spec.partitions, retention: Number(t.spec.config['retention.ms']), kind: (t.metadata.labels as Record<string, string>)['credit-bank/topic-kind'] }))
        .sort((a, b) => a.name.localeCompare(b.name));
      expect(k8sTopics).toEqual(composeTopics);
    }
    const names = composeTopics.map((t) => t.name);
    const requestPatterns = [...new Set([IDENTITY_PATTERNS, CATALOG_PATTERNS, LEDGER_PATTERNS, RECOGNITION_PATTERNS, ROUTING_PATTERNS, CONVERSION_PATTERNS].flatMap((p) => Object.values(p) as string[]))];
    expect(requestPatterns.filter((p) => !names.includes(p))).toEqual([]);
    expect(composeTopics.filter((t) => t.kind === 'request').map((t) => t.name).sort()).toEqual([...requestPatterns].sort());
    const events = composeTopics.filter((t) => t.kind === 'event').map((t) => t.name);
    expect(events).toEqual([ACCOUNT_ERASED_V1, ACCOUNT_REGISTERED_V1, INSTITUTION_DECIDED_V1]);
    for (const e of events) expect(names).toContain(`${e}.dlt`);
    for (const t of composeTopics) expect(t.name).toMatch(/^[a-zA-Z0-9._-]{1,249}$/);
  });

  it('the README tells how to deploy and that no Docker engine ran here', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    expect(/^## Deploying/m.test(readme)).toBe(true);
    expect(/no Docker engine/i.test(readme.slice(readme.indexOf('## Deploying')))).toBe(true);
    expect(existsSync(join(REPO_ROOT, 'k8s', 'base', 'kustomization.yaml'))).toBe(true);
  });
});
