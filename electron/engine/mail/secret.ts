// The SMTP password is the one secret a workspace holds. The workspace file is meant to be copied,
// backed up and sent to a colleague, so the password is never stored in it in the clear: it is
// encrypted (AES-256-GCM) with a key kept outside the workspace, in the user's own configuration
// folder (mode 0600). A workspace sent elsewhere carries a password nobody there can read; the mail
// settings then say so and ask for the password again.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors';

const KEY_FILE = 'secret.key';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Binds a ciphertext to its purpose, so a blob copied into another setting does not decrypt. */
const PURPOSE = Buffer.from('recondesk mail password v1');

/** Where the key lives: RECONDESK_CONFIG_DIR, else the platform's per-user configuration folder. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RECONDESK_CONFIG_DIR) return env.RECONDESK_CONFIG_DIR;
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'ReconDesk');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'ReconDesk');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'recondesk');
}

function readKey(create: boolean): Buffer | null {
  const dir = configDir();
  const path = join(dir, KEY_FILE);
  if (existsSync(path)) {
    const key = readFileSync(path);
    if (key.length !== KEY_BYTES) {
      throw new UserError('mail.key_damaged', `密钥文件已损坏：${path}。删除它后重新设置邮件密码。`, `The key file is damaged: ${path}. Delete it and set the mail password again.`, { path });
    }
    return key;
  }
  if (!create) return null;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  writeFileSync(path, key, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return key;
}

/** iv ‖ tag ‖ ciphertext, base64. */
export function encryptSecret(plain: string): string {
  const key = readKey(true)!;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(PURPOSE);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export function decryptSecret(blob: string): string {
  const key = readKey(false);
  const unreadable = new UserError(
    'mail.password_unreadable',
    '无法读取已保存的邮件密码（密钥文件不在这台电脑上，或已更换）。请重新设置：recondesk mail set … 或在“设置 → 邮件”中填写。',
    'The saved mail password cannot be read here (its key file is not on this computer, or was replaced). Set it again: recondesk mail set … or Settings → Mail.',
  );
  if (!key) throw unreadable;
  const raw = Buffer.from(blob, 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) throw unreadable;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(PURPOSE);
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw unreadable;
  }
}
