import { DomainError, SmsMessage } from '@credit-bank/kernel';
import { blobStoreContract, readAll } from '@credit-bank/testing';
import { ReadStream } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidBlobKeyError, LocalBlobStore } from './local-blob-store';
import { OutboxSmsSender, readSmsOutbox } from './outbox-sms-sender';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'credit-bank-local-files-'));
}

blobStoreContract('LocalBlobStore (folder that does not exist yet)', async () => {
  const dir = await tempDir();
  const store = new LocalBlobStore(join(dir, 'nested', 'evidence'));
  return { store, cleanup: () => rm(dir, { recursive: true, force: true }) };
});

blobStoreContract('LocalBlobStore (no fsync)', async () => {
  const dir = await tempDir();
  const store = new LocalBlobStore(dir, { fsync: false });
  return { store, cleanup: () => rm(dir, { recursive: true, force: true }) };
});

describe('LocalBlobStore specifics', () => {
  let dir: string;
  let store: LocalBlobStore;

  beforeEach(async () => {
    dir = await tempDir();
    store = new LocalBlobStore(join(dir, 'evidence'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps one file per key in the root folder, and no temporary file', async () => {
    await store.put('scan-1', Buffer.from('one'));
    await store.put('scan-2', Buffer.from('two'));
    await store.put('scan-1', Buffer.from('one again'));
    expect((await readdir(join(dir, 'evidence'))).sort()).toEqual(['scan-1', 'scan-2']);
    expect(await readFile(join(dir, 'evidence', 'scan-1'), 'utf8')).toBe('one again');
    expect((await stat(join(dir, 'evidence', 'scan-1'))).mode & 0o777).toBe(0o600);
  });

  it('returns an fs ReadStream', async () => {
    await store.put('k', Buffer.from('bytes'));
    const stream = await store.get('k');
    expect(stream).toBeInstanceOf(ReadStream);
    expect((await readAll(stream as ReadStream)).toString()).toBe('bytes');
  });

  it('keeps streaming the old content to a reader that opened it before a replace', async () => {
    await store.put('k', Buffer.alloc(512 * 1024, 1));
    const before = await store.get('k');
    await store.put('k', Buffer.alloc(16, 2));
    const old = await readAll(before as ReadStream);
    expect(old.length).toBe(512 * 1024);
    expect(old.every((b) => b === 1)).toBe(true);
  });

  it('refuses bad keys with a validation DomainError and touches no file outside the root', async () => {
    await writeFile(join(dir, 'outside'), 'keep me');
    const error = await store.put('../outside', Buffer.from('x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidBlobKeyError);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).toPayload()).toMatchObject({ code: 'BLOB_STORE.INVALID_KEY', kind: 'validation' });
    await expect(store.delete('../outside')).rejects.toBeInstanceOf(InvalidBlobKeyError);
    expect(await readFile(join(dir, 'outside'), 'utf8')).toBe('keep me');
  });

  it('recreates the root folder if it disappears', async () => {
    await store.put('a', Buffer.from('a'));
    await rm(join(dir, 'evidence'), { recursive: true });
    await store.put('b', Buffer.from('b'));
    expect((await readAll((await store.get('b')) as ReadStream)).toString()).toBe('b');
  });
});

describe('OutboxSmsSender', () => {
  let dir: string;
  let path: string;

  beforeEach(async () => {
    dir = await tempDir();
    path = join(dir, 'data', 'sms-outbox.jsonl');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const message = (n: number, extra: Partial<SmsMessage> = {}): SmsMessage => ({
    mobile: `1380013${String(n).padStart(4, '0')}`,
    purpose: 'register',
    code: String(100000 + n),
    sentAt: new Date(Date.UTC(2024, 0, 1, 0, 0, n % 60)).toISOString(),
    ...extra,
  });

  it('appends one JSON line {mobile,purpose,code,sentAt} per message, creating the folder', async () => {
    const sender = new OutboxSmsSender(path);
    await sender.send(message(1));
    await sender.send({ ...message(2, { purpose: 'reset-password' }), extra: 'not written' } as SmsMessage);
    const text = await readFile(path, 'utf8');
    expect(text).toBe(
      '{"mobile":"13800130001","purpose":"register","code":"100001","sentAt":"2024-01-01T00:00:01.000Z"}\n' +
        '{"mobile":"13800130002","purpose":"reset-password","code":"100002","sentAt":"2024-01-01T00:00:02.000Z"}\n',
    );
    // The README's recipe: tail -n 1 | sed 's/.*"code":"\([0-9]*\)".*/\1/'
    const last = text.trim().split('\n').pop() as string;
    expect(last.replace(/.*"code":"([0-9]*)".*/, '$1')).toBe('100002');
  });

  it('never interleaves lines of concurrent sends and keeps their call order', async () => {
    const sender = new OutboxSmsSender(path);
    const messages = Array.from({ length: 300 }, (_, n) => message(n, { code: `${n}-${'x'.repeat(2000)}` }));
    await Promise.all(messages.map((m) => sender.send(m)));
    expect(await readSmsOutbox(path)).toEqual(messages);
  });

  it('keeps appending to an existing file (two senders, one after the other)', async () => {
    await new OutboxSmsSender(path).send(message(1));
    await new OutboxSmsSender(path).send(message(2));
    expect((await readSmsOutbox(path)).map((m) => m.code)).toEqual(['100001', '100002']);
  });

  it('refuses a message with missing fields and keeps working afterwards', async () => {
    const sender = new OutboxSmsSender(path);
    await expect(sender.send({ mobile: '13800138000', purpose: 'login' } as SmsMessage)).rejects.toThrow(/code/);
    await sender.send(message(3));
    expect(await readSmsOutbox(path)).toEqual([message(3)]);
  });

  it('lets later sends through after a failed append', async () => {
    // The outbox path is a folder: appends fail until it is removed.
    const blocked = join(dir, 'blocked.jsonl');
    await rm(blocked, { force: true });
    await mkdir(blocked);
    const sender = new OutboxSmsSender(blocked);
    await expect(sender.send(message(1))).rejects.toThrow();
    await rm(blocked, { recursive: true });
    await sender.send(message(2));
    expect(await readSmsOutbox(blocked)).toEqual([message(2)]);
  });
});

describe('readSmsOutbox', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await tempDir();
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('answers [] for a missing file', async () => {
    expect(await readSmsOutbox(join(dir, 'none.jsonl'))).toEqual([]);
  });

  it('ignores blank lines and a last line cut short, but not a malformed line in the middle', async () => {
    const path = join(dir, 'outbox.jsonl');
    await writeFile(path, '{"mobile":"1","purpose":"login","code":"1","sentAt":"t"}\n\n{"mobile":"2","purp');
    expect((await readSmsOutbox(path)).map((m) => m.mobile)).toEqual(['1']);
    await appendFile(path, '\n{"mobile":"3","purpose":"login","code":"3","sentAt":"t"}\n');
    await expect(readSmsOutbox(path)).rejects.toThrow(/outbox.jsonl:3/);
  });
});
