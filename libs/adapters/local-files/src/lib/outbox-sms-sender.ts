import { SmsMessage, SmsSender } from '@credit-bank/kernel';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '@credit-bank/platform';
import { appendFile, chmod, mkdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * The development SMS "gateway": sends nothing, appends each message to a JSON-lines file as
 * `{"mobile","purpose","code","sentAt"}` (one line each, in that key order), so a developer or a
 * test reads the code with `tail -n 1` or {@link readSmsOutbox}. The folder is created when
 * missing. Sends through one instance are appended one after the other, in call order, so lines
 * never interleave.
 */
export class OutboxSmsSender implements SmsSender {
  readonly path: string;
  private tail: Promise<void> = Promise.resolve();
  private modeChecked = false;

  constructor(path: string) {
    this.path = resolve(path);
  }

  send(message: SmsMessage): Promise<void> {
    let line: string;
    try {
      line = `${serialize(message)}\n`;
    } catch (error) {
      return Promise.reject(error);
    }
    const append = this.tail.then(() => this.append(line));
    // One failed append (a full disk) must not block the ones after it.
    this.tail = append.catch(() => undefined);
    return append;
  }

  private async append(line: string): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: PRIVATE_DIR_MODE });
    await appendFile(this.path, line, { encoding: 'utf8', mode: PRIVATE_FILE_MODE });
    // The mode above applies when the file is created; one an older version made 644 is fixed here.
    if (!this.modeChecked) {
      await chmod(this.path, PRIVATE_FILE_MODE);
      this.modeChecked = true;
    }
  }
}

function serialize(message: SmsMessage): string {
  for (const field of ['mobile', 'purpose', 'code', 'sentAt'] as const) {
    if (typeof message?.[field] !== 'string') throw new TypeError(`OutboxSmsSender: message.${field} must be a string`);
  }
  const { mobile, purpose, code, sentAt } = message;
  return JSON.stringify({ mobile, purpose, code, sentAt });
}

/**
 * Every message in an outbox file, oldest first; `[]` when the file does not exist. A last line
 * cut short (a crash in the middle of an append) is ignored; any other malformed line throws.
 */
export async function readSmsOutbox(path: string): Promise<SmsMessage[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException)?.code === 'ENOENT') return [];
    throw error;
  }
  const lines = text.split('\n');
  const messages: SmsMessage[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      messages.push(JSON.parse(line) as SmsMessage);
    } catch (error) {
      const unterminatedLast = index === lines.length - 1;
      if (!unterminatedLast) throw new Error(`${path}:${index + 1}: not a JSON line (${(error as Error).message})`);
    }
  });
  return messages;
}
