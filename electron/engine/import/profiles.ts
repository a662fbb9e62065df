// Where profiles live: built-ins in code, user profiles in the workspace's profiles table (JSON,
// validated on the way in and on the way out, so a hand-edited workspace cannot smuggle in a bad one).
import { parseProfile, type Profile, type ProfileSummary } from '../../../shared/profile';
import { UserError } from '../errors';
import { appendAudit } from '../workspace/audit';
import { writeTransaction, type DB } from '../workspace/db';
import { BUILTIN_PROFILES, builtinProfile } from './builtin-profiles';
import type { OpenOptions } from './source';

/** How a profile says its files are to be read (encoding, ZIP entry, sheet, delimiter); {} for none. */
export function readOptions(profile: Profile | null): OpenOptions {
  if (!profile) return {};
  const o: OpenOptions = {};
  if (profile.read.encoding) o.encoding = profile.read.encoding;
  if (profile.read.entryPattern) o.entryPattern = profile.read.entryPattern;
  if (profile.read.sheet !== undefined) o.sheet = profile.read.sheet;
  if (profile.read.delimiter) o.delimiter = profile.read.delimiter;
  if (profile.read.fixedWidth) o.fixedWidth = profile.read.fixedWidth;
  return o;
}

function summary(p: Profile, builtin: boolean): ProfileSummary {
  return { id: p.id, name: p.name, side: p.side, channelId: p.channelId ?? null, builtin };
}

/** Validates a definition; the message names the key path that is wrong. */
export function validateProfile(value: unknown, source: string): Profile {
  const r = parseProfile(value);
  if (!r.ok) {
    throw new UserError(
      'profile.invalid',
      `模板 ${source} 有误：键 ${r.path}：${r.message}`,
      `Profile ${source} is invalid: key ${r.path}: ${r.message}`,
      { source, path: r.path, reason: r.message },
    );
  }
  return r.profile;
}

function userProfiles(db: DB): Profile[] {
  const rows = db.prepare('SELECT id, definition FROM profiles ORDER BY id').all() as { id: string; definition: string }[];
  return rows.map((r) => validateProfile(JSON.parse(r.definition), r.id));
}

/** Built-ins first, then the workspace's own. */
export function allProfiles(db: DB): Profile[] {
  return [...BUILTIN_PROFILES, ...userProfiles(db)];
}

export function listProfiles(db: DB): ProfileSummary[] {
  return [...BUILTIN_PROFILES.map((p) => summary(p, true)), ...userProfiles(db).map((p) => summary(p, false))];
}

export function getProfile(db: DB, id: string): { profile: Profile; builtin: boolean } {
  const b = builtinProfile(id);
  if (b) return { profile: b, builtin: true };
  const row = db.prepare('SELECT definition FROM profiles WHERE id = ?').get(id) as { definition: string } | undefined;
  if (!row) {
    const known = listProfiles(db).map((p) => p.id).join(', ');
    throw new UserError('profile.not_found', `没有编号为 ${id} 的导入模板。现有：${known}`, `No import profile ${id}. Known: ${known}`, { profile: id });
  }
  return { profile: validateProfile(JSON.parse(row.definition), id), builtin: false };
}

/** Adds or replaces a user profile; built-in ids are reserved. Audited with before/after. */
export function saveProfile(db: DB, definition: unknown, source = '(input)'): Profile {
  const profile = validateProfile(definition, source);
  if (builtinProfile(profile.id)) {
    throw new UserError('profile.builtin_id', `模板编号 ${profile.id} 属于内置模板，请换一个编号`, `Profile id ${profile.id} belongs to a built-in profile; choose another id`, { profile: profile.id });
  }
  return writeTransaction(db, () => {
    const before = db.prepare('SELECT definition FROM profiles WHERE id = ?').get(profile.id) as { definition: string } | undefined;
    const now = new Date().toISOString();
    db.prepare(
      `INSERT INTO profiles (id, name, definition, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, definition = excluded.definition, updated_at = excluded.updated_at`,
    ).run(profile.id, profile.name, JSON.stringify(profile), now, now);
    appendAudit(db, { action: before ? 'profile.update' : 'profile.add', subject: profile.id, before: before ? JSON.parse(before.definition) : null, after: profile });
    return profile;
  });
}
