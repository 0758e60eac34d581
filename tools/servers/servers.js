#!/usr/bin/env node
/**
 * Real test servers without a Docker engine: a single-node Apache Kafka broker (KRaft, jars from
 * Maven Central, see kafka/pom.xml) and FerretDB (MongoDB wire protocol, built from its Go module
 * through ferretdb/main.go) over PostgreSQL (the operating system's package, started here as a
 * private cluster) or SQLite, each on 127.0.0.1 with a free port and its data in a temporary folder.
 * FerretDB's backend: --backend, else FERRETDB_BACKEND, else postgresql (see BACKENDS).
 *
 *   node tools/servers/servers.js prepare [kafka|ferretdb|all|schemathesis] [--backend postgresql|sqlite]
 *   node tools/servers/servers.js start   [kafka|ferretdb|all] [--backend postgresql|sqlite] [--port N] [--data DIR] [--state DIR] [--owner-pid PID]
 *   node tools/servers/servers.js env     [--state DIR]
 *   node tools/servers/servers.js status  [--state DIR]
 *   node tools/servers/servers.js stop    [kafka|ferretdb|all] [--state DIR]
 *
 * `prepare` downloads/builds into the cache (CREDIT_BANK_CACHE, default
 * ${XDG_CACHE_HOME:-~/.cache}/credit-bank) only what is missing; `start` prepares too, starts the
 * servers detached, waits until each really answers (kafkajs describeCluster + listTopics;
 * MongoDB `ping`), records them in the state folder (default ./tmp/servers) and prints the
 * environment lines (KAFKA_BROKERS=…, MONGODB_URI=…). `stop` sends SIGTERM, then SIGKILL after a
 * timeout, and deletes data folders that `start` created. With --owner-pid, a small watchdog
 * stops the servers once that process is gone (so a killed test run leaves nothing behind).
 * `prepare schemathesis` installs the contract run's tool (tools/contract/requirements.txt, pinned)
 * into a Python venv in the same cache; it is not a server, so `all` leaves it out.
 * Also usable as a module: require('tools/servers/servers.js').start({...}).
 */
/* global setTimeout, __filename */
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const HERE = __dirname;
const REPO = path.resolve(HERE, '..', '..');
const SERVERS = ['kafka', 'ferretdb'];

class ServerError extends Error {}

function cacheRoot() {
  if (process.env.CREDIT_BANK_CACHE) return path.resolve(process.env.CREDIT_BANK_CACHE);
  const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(xdg, 'credit-bank');
}

function defaultStateDir() {
  return path.join(REPO, 'tmp', 'servers');
}

function log(msg) {
  process.stderr.write(`[servers] ${msg}\n`);
}

function sha(files) {
  const h = crypto.createHash('sha256');
  for (const f of files) h.update(fs.readFileSync(f));
  return h.digest('hex').slice(0, 16);
}

function has(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return !r.error && r.status === 0;
}

function tail(text, lines = 30) {
  return String(text || '').trim().split('\n').slice(-lines).join('\n');
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Installs a finished folder atomically: another process preparing at the same time never sees half of it. */
function publish(tmpDir, finalDir) {
  fs.rmSync(finalDir, { recursive: true, force: true });
  try {
    fs.renameSync(tmpDir, finalDir);
  } catch (e) {
    if (e.code !== 'ENOTEMPTY' && e.code !== 'EEXIST') throw e;
    fs.rmSync(tmpDir, { recursive: true, force: true }); // someone else finished first
  }
}

// ---------------------------------------------------------------- Kafka

function kafkaVersion() {
  const pom = fs.readFileSync(path.join(HERE, 'kafka', 'pom.xml'), 'utf8');
  const m = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom);
  if (!m) throw new ServerError('tools/servers/kafka/pom.xml has no <kafka.version>');
  return m[1];
}

function kafkaCacheDir() {
  return path.join(cacheRoot(), `kafka-${kafkaVersion()}`);
}

function prepareKafka() {
  const dir = kafkaCacheDir();
  const stamp = sha([path.join(HERE, 'kafka', 'pom.xml')]);
  const marker = path.join(dir, 'READY');
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8').trim() === stamp) return { dir, built: false, ms: 0 };
  if (!has('java', ['-version'])) throw new ServerError('Kafka needs Java 17+ on PATH (`java -version` failed); install a JDK (e.g. apt-get install openjdk-17-jdk-headless)');
  if (!has('mvn', ['-v'])) throw new ServerError('Kafka needs Maven on PATH to fetch the broker jars (`mvn -v` failed); install it (e.g. apt-get install maven)');
  const t0 = Date.now();
  log(`fetching Apache Kafka ${kafkaVersion()} jars from Maven Central into ${dir} …`);
  fs.mkdirSync(cacheRoot(), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const r = spawnSync(
    'mvn',
    ['-B', '-q', '-f', path.join(HERE, 'kafka', 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${path.join(tmp, 'libs')}`, '-DincludeScope=runtime'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.error || r.status !== 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new ServerError(`downloading the Kafka jars with Maven failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}):\n${tail(r.stdout + '\n' + r.stderr)}`);
  }
  if (!fs.readdirSync(path.join(tmp, 'libs')).some((f) => f.startsWith('kafka_2.13-'))) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new ServerError('Maven finished but no kafka_2.13 jar was copied');
  }
  fs.writeFileSync(path.join(tmp, 'READY'), `${stamp}\n`);
  publish(tmp, dir);
  const ms = Date.now() - t0;
  log(`Kafka jars ready in ${(ms / 1000).toFixed(1)} s`);
  return { dir, built: true, ms };
}

function kafkaProperties({ nodeId, port, controllerPort, logDir }) {
  return [
    'process.roles=broker,controller',
    `node.id=${nodeId}`,
    `controller.quorum.voters=${nodeId}@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${logDir}`,
    'num.partitions=1',
    'default.replication.factor=1',
    'min.insync.replicas=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=4',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=true',
    'delete.topic.enable=true',
    'log.retention.hours=24',
    'log.segment.bytes=16777216',
    '',
  ].join('\n');
}

const LOG4J = [
  'log4j.rootLogger=WARN, stdout',
  'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
  'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
  'log4j.logger.kafka.server.KafkaServer=INFO',
  'log4j.logger.kafka.server.KafkaRaftServer=INFO',
  'log4j.logger.kafka.server.BrokerServer=INFO',
  '',
].join('\n');

/**
 * Kafka's Uuid.toString(): 16 random bytes, URL-safe base64 without padding. Like Kafka's own
 * Uuid.randomUuid(), never one starting with '-' (StorageTool would read it as an option).
 */
function kafkaClusterId() {
  for (;;) {
    const id = crypto.randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Runs a server's start; a temporary data folder made for it is removed again if it fails before the server runs. */
async function withDataDir(data, prefix, fn) {
  const tmpData = !data;
  const dataDir = data ? path.resolve(data) : fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    return await fn(dataDir, tmpData);
  } catch (e) {
    if (tmpData) fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
}

function startKafka({ port, data, stateDir }) {
  return withDataDir(data, 'cb-kafka-', (dataDir, tmpData) => startKafkaIn({ port, stateDir, dataDir, tmpData }));
}

async function startKafkaIn({ port, stateDir, dataDir, tmpData }) {
  const { dir } = prepareKafka();
  if (!has('java', ['-version'])) throw new ServerError('Kafka needs Java 17+ on PATH (`java -version` failed); install a JDK (e.g. apt-get install openjdk-17-jdk-headless)');
  const brokerPort = port || (await freePort());
  const controllerPort = await freePort([brokerPort]);
  const propsFile = path.join(dataDir, 'server.properties');
  const logDir = path.join(dataDir, 'logs');
  fs.writeFileSync(propsFile, kafkaProperties({ nodeId: 1, port: brokerPort, controllerPort, logDir }));
  fs.writeFileSync(path.join(dataDir, 'log4j.properties'), LOG4J);
  const classpath = path.join(dir, 'libs', '*');
  const jvm = ['-Xmx512m', '-Xms128m', '-XX:+UseSerialGC', '-Djava.awt.headless=true', `-Dlog4j.configuration=file:${path.join(dataDir, 'log4j.properties')}`, `-Dkafka.logs.dir=${dataDir}`, '-cp', classpath];
  const t0 = Date.now();
  if (!fs.existsSync(path.join(logDir, 'meta.properties'))) {
    const fmt = spawnSync('java', [...jvm, 'kafka.tools.StorageTool', 'format', '-t', kafkaClusterId(), '-c', propsFile, '--ignore-formatted'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (fmt.error || fmt.status !== 0) {
      throw new ServerError(`formatting the Kafka storage failed (exit ${fmt.status}):\n${tail(fmt.stdout + '\n' + fmt.stderr)}`);
    }
  }
  const logFile = path.join(dataDir, 'kafka.log');
  await ensurePortFree(brokerPort);
  await ensurePortFree(controllerPort);
  const pid = spawnDetached('java', [...jvm, 'kafka.Kafka', propsFile], logFile);
  const info = { name: 'kafka', pid, port: brokerPort, controllerPort, dataDir, tmpData, logFile, env: { KAFKA_BROKERS: `127.0.0.1:${brokerPort}` } };
  writeState(stateDir, info);
  try {
    const clusterId = readSafe(path.join(logDir, 'meta.properties')).match(/^cluster\.id=(.+)$/m)?.[1];
    await waitUntil(`Kafka on 127.0.0.1:${brokerPort}`, pid, logFile, 120000, () => kafkaAnswers(`127.0.0.1:${brokerPort}`, clusterId));
  } catch (e) {
    await stopOne(stateDir, 'kafka');
    throw e;
  }
  info.startMs = Date.now() - t0;
  writeState(stateDir, info);
  return info;
}

/** True once the broker answers metadata requests with a controller (and, if given, is the cluster that was formatted). */
async function kafkaAnswers(broker, clusterId) {
  const { Kafka, logLevel } = require('kafkajs');
  const admin = new Kafka({ clientId: 'cb-servers-probe', brokers: [broker], logLevel: logLevel.NOTHING, connectionTimeout: 1000, requestTimeout: 3000, retry: { retries: 0 } }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (clusterId && cluster.clusterId !== clusterId) throw new ServerError(`127.0.0.1 answers as Kafka cluster ${cluster.clusterId}, not the one formatted (${clusterId}): port taken by another broker`);
    await admin.listTopics();
    return cluster.brokers.length > 0 && cluster.controller !== null && cluster.controller !== undefined && cluster.controller >= 0;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

// ---------------------------------------------------------------- FerretDB

/**
 * FerretDB's storage. PostgreSQL is the default: under the benchmark's distributed load it is the
 * faster of the two (README, "Test servers"); SQLite needs nothing but the FerretDB binary.
 */
const BACKENDS = ['postgresql', 'sqlite'];
const DEFAULT_BACKEND = 'postgresql';

function ferretBackend(backend) {
  const b = String(backend || process.env.FERRETDB_BACKEND || DEFAULT_BACKEND).trim().toLowerCase();
  if (!BACKENDS.includes(b)) throw new ServerError(`unknown FerretDB backend "${b}" (FERRETDB_BACKEND or --backend: ${BACKENDS.join(' or ')})`);
  return b;
}

function ferretVersion() {
  const mod = fs.readFileSync(path.join(HERE, 'ferretdb', 'go.mod'), 'utf8');
  const m = /github\.com\/FerretDB\/FerretDB\s+(v\S+)/.exec(mod);
  if (!m) throw new ServerError('tools/servers/ferretdb/go.mod does not require github.com/FerretDB/FerretDB');
  return m[1].replace(/^v/, '');
}

function ferretStamp() {
  return sha(['main.go', 'go.mod', 'go.sum'].map((f) => path.join(HERE, 'ferretdb', f)));
}

/** One folder per source (the stamp in its name): checkouts of other revisions never replace a binary in use. */
function ferretCacheDir() {
  return path.join(cacheRoot(), `ferretdb-${ferretVersion()}-${ferretStamp().slice(0, 8)}`);
}

function prepareFerret() {
  const dir = ferretCacheDir();
  const src = path.join(HERE, 'ferretdb');
  const stamp = ferretStamp();
  const marker = path.join(dir, 'READY');
  const bin = path.join(dir, 'ferretdb');
  if (fs.existsSync(marker) && fs.existsSync(bin) && fs.readFileSync(marker, 'utf8').trim() === stamp) return { dir, bin, built: false, ms: 0 };
  if (!has('go', ['version'])) throw new ServerError('FerretDB is built from its Go module and needs Go 1.24+ on PATH (`go version` failed); install Go (e.g. apt-get install golang)');
  const t0 = Date.now();
  log(`building FerretDB ${ferretVersion()} (Go module, PostgreSQL and SQLite backends) into ${dir} — the first build takes a few minutes …`);
  fs.mkdirSync(cacheRoot(), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const r = spawnSync('go', ['build', '-trimpath', '-mod=readonly', '-o', path.join(tmp, 'ferretdb'), '.'], {
    cwd: src,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error || r.status !== 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new ServerError(`building FerretDB with Go failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}); module downloads need the Go module proxy:\n${tail(r.stdout + '\n' + r.stderr)}`);
  }
  fs.writeFileSync(path.join(tmp, 'READY'), `${stamp}\n`);
  publish(tmp, dir);
  const ms = Date.now() - t0;
  log(`FerretDB built in ${(ms / 1000).toFixed(1)} s`);
  return { dir, bin, built: true, ms };
}

function prepareFerretBackend(backend) {
  const ferret = prepareFerret();
  if (ferretBackend(backend) === 'postgresql') ferret.postgresql = postgresBin();
  return ferret;
}

function startFerret({ port, data, stateDir, backend }) {
  const b = ferretBackend(backend);
  const { bin } = prepareFerretBackend(b);
  return withDataDir(data, 'cb-ferretdb-', (dataDir, tmpData) => startFerretIn({ bin, port, stateDir, dataDir, tmpData, backend: b }));
}

async function startFerretIn({ bin, port, stateDir, dataDir, tmpData, backend }) {
  const p = port || (await freePort());
  const logFile = path.join(dataDir, 'ferretdb.log');
  const t0 = Date.now();
  await ensurePortFree(p);
  let storage;
  let postgres;
  if (backend === 'postgresql') {
    postgres = await startPostgres(dataDir, [p]);
    storage = ['--handler', 'postgresql', '--postgresql-url', postgres.url];
  } else {
    fs.mkdirSync(path.join(dataDir, 'db'), { recursive: true });
    storage = ['--handler', 'sqlite', '--data', path.join(dataDir, 'db')];
  }
  let pid;
  try {
    pid = spawnDetached(bin, ['--listen', `127.0.0.1:${p}`, ...storage, '--log-level', 'warn'], logFile);
  } catch (e) {
    if (postgres) await stopPid(postgres.pid, 'postgresql');
    throw e;
  }
  const uri = `mongodb://127.0.0.1:${p}/`;
  const info = { name: 'ferretdb', backend, pid, port: p, dataDir, tmpData, logFile, env: { MONGODB_URI: uri } };
  if (postgres) info.postgresql = { pid: postgres.pid, port: postgres.port, logFile: postgres.logFile };
  writeState(stateDir, info);
  try {
    await waitUntil(`FerretDB on 127.0.0.1:${p}`, pid, logFile, 60000, () => mongoAnswers(uri));
  } catch (e) {
    await stopOne(stateDir, 'ferretdb');
    throw e;
  }
  info.startMs = Date.now() - t0;
  writeState(stateDir, info);
  return info;
}

// ---------------------------------------------------------------- PostgreSQL (FerretDB's backend)

/** The PostgreSQL server binaries: $POSTGRES_BIN, else the newest /usr/lib/postgresql/<v>/bin (Debian), else PATH. */
function postgresBin() {
  const candidates = [];
  if (process.env.POSTGRES_BIN) candidates.push(path.resolve(process.env.POSTGRES_BIN));
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    const versions = fs.readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(path.join(debian, v, 'bin'));
  }
  for (const dir of candidates) if (fs.existsSync(path.join(dir, 'postgres')) && fs.existsSync(path.join(dir, 'initdb'))) return dir;
  const r = spawnSync('sh', ['-c', 'command -v postgres'], { encoding: 'utf8' });
  if (r.status === 0 && r.stdout.trim()) {
    const dir = path.dirname(fs.realpathSync(r.stdout.trim()));
    if (fs.existsSync(path.join(dir, 'initdb'))) return dir;
  }
  throw new ServerError(
    'FerretDB\'s PostgreSQL backend needs the PostgreSQL server (initdb, postgres) and none was found in $POSTGRES_BIN, /usr/lib/postgresql/<v>/bin or PATH; install it (e.g. apt-get install postgresql) or choose FERRETDB_BACKEND=sqlite',
  );
}

/**
 * PostgreSQL refuses to run as root: as root, the cluster is made and run by an unprivileged user
 * ($POSTGRES_USER, else `postgres`, which Debian's package creates, else `nobody`).
 */
function postgresUser() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  for (const name of [process.env.POSTGRES_USER, 'postgres', 'nobody'].filter(Boolean)) {
    const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (r.status === 0 && g.status === 0) return { name, uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
  }
  throw new ServerError('running as root, and no unprivileged user (postgres or nobody) exists to run PostgreSQL as');
}

/**
 * A private PostgreSQL cluster for FerretDB in <dataDir>/postgresql on a free port (127.0.0.1, trust
 * authentication, Unix socket in the same folder). Durability is traded for speed (fsync,
 * synchronous_commit and full_page_writes off): it is a test server whose data is thrown away.
 */
async function startPostgres(dataDir, avoidPorts) {
  const bin = postgresBin();
  const user = postgresUser();
  const pgData = path.join(dataDir, 'postgresql');
  const asUser = user ? { uid: user.uid, gid: user.gid } : {};
  if (user) {
    fs.chmodSync(dataDir, 0o711); // the unprivileged user must reach its folder
  }
  const fresh = !fs.existsSync(path.join(pgData, 'PG_VERSION'));
  fs.mkdirSync(pgData, { recursive: true, mode: 0o700 });
  if (user) fs.chownSync(pgData, user.uid, user.gid);
  if (fresh) {
    const init = spawnSync(path.join(bin, 'initdb'), ['-D', pgData, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: pgData,
      ...asUser,
    });
    if (init.error || init.status !== 0) {
      throw new ServerError(`initdb (${bin}) failed (exit ${init.status}${init.error ? `, ${init.error.message}` : ''}):\n${tail(init.stdout + '\n' + init.stderr)}`);
    }
  }
  const port = await freePort(avoidPorts);
  await ensurePortFree(port);
  const logFile = path.join(dataDir, 'postgresql.log');
  fs.writeFileSync(logFile, '');
  if (user) fs.chownSync(logFile, user.uid, user.gid);
  const settings = ['listen_addresses=127.0.0.1', `port=${port}`, `unix_socket_directories=${pgData}`, 'fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=200', 'shared_buffers=128MB'];
  const pid = spawnDetached(path.join(bin, 'postgres'), ['-D', pgData, ...settings.flatMap((s) => ['-c', s])], logFile, { cwd: pgData, ...asUser });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  try {
    await waitUntil(`PostgreSQL on 127.0.0.1:${port}`, pid, logFile, 60000, () => postgresAnswers(bin, port));
  } catch (e) {
    await stopPid(pid, 'postgresql');
    throw e;
  }
  return { pid, port, url, logFile };
}

function postgresAnswers(bin, port) {
  const r = spawnSync(path.join(bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-t', '2'], { stdio: 'ignore' });
  if (r.error) throw r.error;
  return r.status === 0;
}

async function mongoAnswers(uri) {
  const { MongoClient } = require('mongoose').mongo;
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1500, connectTimeoutMS: 1500, directConnection: true });
  try {
    await client.connect();
    const r = await client.db('admin').command({ ping: 1 });
    return r.ok === 1;
  } finally {
    await client.close().catch(() => undefined);
  }
}

// ---------------------------------------------------------------- schemathesis (the contract run)

const CONTRACT = path.join(REPO, 'tools', 'contract');

function schemathesisVersion() {
  const req = fs.readFileSync(path.join(CONTRACT, 'requirements.txt'), 'utf8');
  const m = /^schemathesis==(\S+)$/m.exec(req);
  if (!m) throw new ServerError('tools/contract/requirements.txt does not pin schemathesis (schemathesis==X.Y.Z)');
  return m[1];
}

/** The Python to build the venv with, or undefined where there is none. */
function python() {
  for (const cmd of [process.env.PYTHON, 'python3', 'python'].filter(Boolean)) {
    const r = spawnSync(cmd, ['-c', 'import sys; print(sys.version_info >= (3, 9))'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (!r.error && r.status === 0 && r.stdout.trim() === 'True') return cmd;
  }
  return undefined;
}

/**
 * Installs the pinned schemathesis into <cache>/schemathesis-<version> (a venv) unless it is there.
 * Resolves { bin } — or { skipped } with the reason when no Python 3.9+ is on PATH, the one case
 * where the contract run may be skipped. A Python without the venv module is an error (Debian:
 * apt-get install python3-venv).
 */
function prepareSchemathesis() {
  const dir = path.join(cacheRoot(), `schemathesis-${schemathesisVersion()}`);
  const bin = path.join(dir, 'bin', 'st');
  const stamp = sha([path.join(CONTRACT, 'requirements.txt')]);
  const marker = path.join(dir, 'READY');
  if (fs.existsSync(marker) && fs.existsSync(bin) && fs.readFileSync(marker, 'utf8').trim() === stamp) return { dir, bin, built: false, ms: 0 };
  const py = python();
  if (!py) return { dir, skipped: 'no Python 3.9+ on PATH (python3 or $PYTHON): schemathesis cannot run', built: false, ms: 0 };
  const t0 = Date.now();
  log(`installing schemathesis ${schemathesisVersion()} from PyPI into ${dir} …`);
  fs.mkdirSync(cacheRoot(), { recursive: true });
  // A venv hard-codes its own path in its scripts: it is built where it will stay, under a lock.
  const lock = `${dir}.lock`;
  let fd;
  try {
    fd = fs.openSync(lock, 'wx');
  } catch (e) {
    if (e.code !== 'EEXIST') throw e;
    // Another process installs it: wait for it; a lock left by a process that died is taken over.
    const deadline = Date.now() + 300000;
    while (fs.existsSync(lock) && Date.now() < deadline) spawnSync('sleep', ['1']);
    if (fs.existsSync(lock)) {
      log(`removing a stale lock ${lock} (older than 5 minutes)`);
      fs.rmSync(lock, { force: true });
    }
    return prepareSchemathesis();
  }
  try {
    fs.rmSync(dir, { recursive: true, force: true });
    const venv = spawnSync(py, ['-m', 'venv', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (venv.error || venv.status !== 0) {
      throw new ServerError(`creating a Python venv failed (exit ${venv.status}); on Debian/Ubuntu install python3-venv:\n${tail(venv.stdout + '\n' + venv.stderr)}`);
    }
    const pip = spawnSync(path.join(dir, 'bin', 'python'), ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', '-r', path.join(CONTRACT, 'requirements.txt')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    if (pip.error || pip.status !== 0) throw new ServerError(`installing schemathesis from PyPI failed (exit ${pip.status}):\n${tail(pip.stdout + '\n' + pip.stderr)}`);
    fs.writeFileSync(marker, `${stamp}\n`);
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  } finally {
    fs.closeSync(fd);
    fs.rmSync(lock, { force: true });
  }
  const ms = Date.now() - t0;
  log(`schemathesis ready in ${(ms / 1000).toFixed(1)} s`);
  return { dir, bin, built: true, ms };
}

// ---------------------------------------------------------------- processes and state

function spawnDetached(cmd, args, logFile, options = {}) {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', out, out], ...options });
  fs.closeSync(out);
  if (!child.pid) throw new ServerError(`could not start ${cmd}`);
  child.on('error', () => undefined);
  child.unref();
  return child.pid;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

async function waitUntil(what, pid, logFile, timeoutMs, probe) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    if (!alive(pid)) throw new ServerError(`${what} exited while starting; last lines of ${logFile}:\n${tail(readSafe(logFile))}`);
    try {
      if ((await probe()) && alive(pid)) return;
    } catch (e) {
      last = e;
    }
    await sleep(500);
  }
  throw new ServerError(`${what} did not answer within ${timeoutMs / 1000} s (last error: ${last ? last.message : 'none'}); last lines of ${logFile}:\n${tail(readSafe(logFile))}`);
}

function readSafe(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function freePort(avoid = []) {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => (avoid.includes(port) ? freePort(avoid).then(resolve, reject) : resolve(port)));
    });
  });
}

/** Fails when something already listens on 127.0.0.1:port (a readiness probe would otherwise talk to it). */
function ensurePortFree(port) {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', (e) => reject(new ServerError(`port ${port} on 127.0.0.1 is not free (${e.code || e.message})`)));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve()));
  });
}

function statePath(stateDir, name) {
  return path.join(stateDir, `${name}.json`);
}

function writeState(stateDir, info) {
  fs.mkdirSync(stateDir, { recursive: true });
  fs.writeFileSync(statePath(stateDir, info.name), JSON.stringify(info, null, 2) + '\n');
}

function readState(stateDir, name) {
  try {
    return JSON.parse(fs.readFileSync(statePath(stateDir, name), 'utf8'));
  } catch {
    return undefined;
  }
}

async function stopOne(stateDir, name, timeoutMs = 20000) {
  const info = readState(stateDir, name);
  if (!info) return false;
  await stopPid(info.pid, name, timeoutMs);
  // FerretDB first (it holds connections), then the PostgreSQL it stored into.
  if (info.postgresql) await stopPid(info.postgresql.pid, `${name}'s postgresql`, timeoutMs);
  if (info.tmpData) fs.rmSync(info.dataDir, { recursive: true, force: true });
  fs.rmSync(statePath(stateDir, name), { force: true });
  return true;
}

/** SIGTERM, then SIGKILL after timeoutMs. */
async function stopPid(pid, name, timeoutMs = 20000) {
  if (!alive(pid)) return;
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (alive(pid) && Date.now() < deadline) await sleep(200);
  if (alive(pid)) {
    log(`${name} (pid ${pid}) did not stop within ${timeoutMs / 1000} s: SIGKILL`);
    signal(pid, 'SIGKILL');
    const killDeadline = Date.now() + 5000;
    while (alive(pid) && Date.now() < killDeadline) await sleep(100);
  }
}

/** Signals the process group first (the server was started as a group leader), then the process itself. */
function signal(pid, sig) {
  try {
    process.kill(-pid, sig);
  } catch {
    try {
      process.kill(pid, sig);
    } catch {
      /* already gone */
    }
  }
}

function startWatchdog(ownerPid, stateDir, names) {
  const child = spawn(process.execPath, [__filename, 'watchdog', '--owner-pid', String(ownerPid), '--state', stateDir, ...names], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
}

async function watchdog(ownerPid, stateDir, names) {
  while (alive(ownerPid)) await sleep(2000);
  for (const n of names) {
    const info = readState(stateDir, n);
    if (info && info.owner === ownerPid) await stopOne(stateDir, n);
  }
}

// ---------------------------------------------------------------- API

function selected(what) {
  if (!what || what === 'all') return SERVERS;
  if (!SERVERS.includes(what)) throw new ServerError(`unknown server "${what}" (kafka, ferretdb or all)`);
  return [what];
}

function prepare(what = 'all', { backend } = {}) {
  if (what === 'schemathesis') return { schemathesis: prepareSchemathesis() };
  const out = {};
  for (const n of selected(what)) out[n] = n === 'kafka' ? prepareKafka() : prepareFerretBackend(backend);
  return out;
}

/**
 * Starts the chosen servers and resolves with their records (pid, port, env, …); a server already
 * running in the same state folder is reused. Rejects with a ServerError saying why when one
 * cannot start (the others it started are stopped again).
 */
async function start({ what = 'all', port, data, stateDir = defaultStateDir(), ownerPid, backend } = {}) {
  const names = selected(what);
  if (port && names.length > 1) throw new ServerError('--port needs a single server (kafka or ferretdb)');
  const started = [];
  const out = {};
  try {
    for (const n of names) {
      const existing = readState(stateDir, n);
      if (existing && alive(existing.pid) && (n !== 'ferretdb' || existing.backend === ferretBackend(backend))) {
        out[n] = existing;
        continue;
      }
      if (existing) await stopOne(stateDir, n);
      const opts = { port, data: data && names.length > 1 ? path.join(data, n) : data, stateDir, backend };
      const startOne = () => (n === 'kafka' ? startKafka(opts) : startFerret(opts));
      let info;
      try {
        info = await startOne();
      } catch (e) {
        // A free port can be taken by another process before the server binds it: one more try.
        if (port || !(e instanceof ServerError) || !/exited while starting|did not answer|not free/.test(e.message)) throw e;
        log(`${n} did not start (${e.message.split('\n')[0]}); trying once more on other ports`);
        info = await startOne();
      }
      started.push(n);
      if (ownerPid) {
        info.owner = ownerPid;
        writeState(stateDir, info);
      }
      log(`${n}${info.backend ? ` (${info.backend})` : ''} answers on 127.0.0.1:${info.port} (pid ${info.pid}, started in ${(info.startMs / 1000).toFixed(1)} s, data ${info.dataDir})`);
      out[n] = info;
    }
  } catch (e) {
    for (const n of started) await stopOne(stateDir, n);
    throw e;
  }
  if (ownerPid && started.length) startWatchdog(ownerPid, stateDir, started);
  return out;
}

async function stop({ what = 'all', stateDir = defaultStateDir() } = {}) {
  const stopped = [];
  for (const n of selected(what)) if (await stopOne(stateDir, n)) stopped.push(n);
  return stopped;
}

function env({ stateDir = defaultStateDir() } = {}) {
  const out = {};
  for (const n of SERVERS) {
    const info = readState(stateDir, n);
    if (info && alive(info.pid)) Object.assign(out, info.env);
  }
  return out;
}

// ---------------------------------------------------------------- CLI

function parseArgs(argv) {
  const opts = { positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') opts.port = Number(argv[++i]);
    else if (a === '--data') opts.data = argv[++i];
    else if (a === '--state') opts.stateDir = path.resolve(argv[++i]);
    else if (a === '--owner-pid') opts.ownerPid = Number(argv[++i]);
    else if (a === '--json') opts.json = true;
    else if (a === '--backend') opts.backend = argv[++i];
    else if (a.startsWith('--')) throw new ServerError(`unknown option ${a}`);
    else opts.positional.push(a);
  }
  if (opts.port !== undefined && !(opts.port > 0 && opts.port < 65536)) throw new ServerError('--port needs a number 1–65535');
  return opts;
}

function printEnv(vars) {
  for (const [k, v] of Object.entries(vars)) process.stdout.write(`${k}=${v}\n`);
}

async function main(argv) {
  const [cmd, ...rest] = argv;
  const o = parseArgs(rest);
  const what = o.positional[0] || 'all';
  const stateDir = o.stateDir || defaultStateDir();
  switch (cmd) {
    case 'prepare': {
      const r = prepare(what, { backend: o.backend });
      for (const [n, p] of Object.entries(r)) log(`${n}: ${p.skipped ? `SKIPPED: ${p.skipped}` : p.built ? `prepared in ${(p.ms / 1000).toFixed(1)} s` : 'already in the cache'} (${p.dir})`);
      return;
    }
    case 'start': {
      const r = await start({ what, port: o.port, data: o.data, stateDir, ownerPid: o.ownerPid, backend: o.backend });
      if (o.json) process.stdout.write(JSON.stringify(r) + '\n');
      else printEnv(Object.assign({}, ...Object.values(r).map((i) => i.env)));
      return;
    }
    case 'stop': {
      const s = await stop({ what, stateDir });
      log(s.length ? `stopped ${s.join(', ')}` : 'nothing was running');
      return;
    }
    case 'env':
      printEnv(env({ stateDir }));
      return;
    case 'status':
      for (const n of SERVERS) {
        const i = readState(stateDir, n);
        process.stdout.write(
          i
            ? `${n}${i.backend ? ` (${i.backend}${i.postgresql ? `, PostgreSQL pid ${i.postgresql.pid} ${alive(i.postgresql.pid) ? 'running' : 'DEAD'} on 127.0.0.1:${i.postgresql.port}` : ''})` : ''}: pid ${i.pid} ${alive(i.pid) ? 'running' : 'DEAD'} on 127.0.0.1:${i.port}, data ${i.dataDir}\n`
            : `${n}: not started\n`,
        );
      }
      return;
    case 'watchdog':
      await watchdog(o.ownerPid, stateDir, o.positional.length ? o.positional : SERVERS);
      return;
    default:
      process.stderr.write(fs.readFileSync(__filename, 'utf8').split('\n').slice(1, 20).join('\n').replace(/^ ?\*\/?/gm, '') + '\n');
      process.exitCode = cmd ? 2 : 0;
  }
}

module.exports = { prepare, prepareSchemathesis, start, stop, env, kafkaAnswers, mongoAnswers, cacheRoot, ferretBackend, BACKENDS, ServerError };

if (require.main === module) {
  main(process.argv.slice(2)).then(
    () => process.exit(process.exitCode || 0),
    (e) => {
      process.stderr.write(`[servers] ERROR: ${e instanceof ServerError ? e.message : e.stack || e}\n`);
      process.exit(1);
    },
  );
}
