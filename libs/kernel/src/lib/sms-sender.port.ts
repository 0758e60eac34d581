export type SmsPurpose = 'register' | 'reset-password' | 'login' | 'change-mobile' | 'erase-account';

export interface SmsMessage {
  mobile: string;
  purpose: SmsPurpose;
  code: string;
  sentAt: string;
}

/** Sends verification codes. The embedded adapter appends them to `$DATA_DIR/sms-outbox.jsonl`. */
export interface SmsSender {
  send(message: SmsMessage): Promise<void>;
}

export const SMS_SENDER = Symbol.for('credit-bank/SmsSender');
