// A channel's default profile: the profile its bills are read with when the profile names no channel
// of its own (Stripe, PayPal — one layout, used by whichever channel the company set up for it). With
// exactly one channel naming the profile, its bills need no --channel; with several, the user says
// which. Kept in the settings table (`default_profile.<channel>`), so no column is added for it.
import { UserError } from '../errors';
import { appendAudit } from '../workspace/audit';
import { getSetting, setSetting, writeTransaction, type DB } from '../workspace/db';
import { getChannel } from '../channels';
import { getProfile } from './profiles';

const PREFIX = 'default_profile.';

/** Refuses a profile that cannot be a channel's default: unknown, or one for the in-house export. */
export function checkDefaultProfile(db: DB, profileId: string): void {
  const { profile } = getProfile(db, profileId);
  if (profile.side !== 'channel') {
    throw new UserError('channel.profile_side', `模板 ${profileId} 读取自有订单导出，不能作为渠道账单模板`, `Profile ${profileId} reads the in-house export, not a channel bill`, { profile: profileId });
  }
}

/** Names `profileId` as the default profile of `channelId`; audited. */
export function setChannelDefaultProfile(db: DB, channelId: string, profileId: string): void {
  getChannel(db, channelId);
  checkDefaultProfile(db, profileId);
  writeTransaction(db, () => {
    const before = getSetting(db, PREFIX + channelId) ?? null;
    setSetting(db, PREFIX + channelId, profileId);
    appendAudit(db, { action: 'channel.default_profile', channelId, subject: channelId, before, after: profileId });
  });
}

/** The channels naming `profileId` as their default profile, by id. */
export function channelsDefaultingTo(db: DB, profileId: string): string[] {
  const rows = db.prepare("SELECT key FROM settings WHERE key LIKE 'default\\_profile.%' ESCAPE '\\' AND value = ? ORDER BY key").all(profileId) as { key: string }[];
  return rows.map((r) => r.key.slice(PREFIX.length));
}

/** The channel of a bill read by `profileId` when none is named: the one channel defaulting to it, else null. */
export function defaultChannelFor(db: DB, profileId: string, fileName: string): string | null {
  const ids = channelsDefaultingTo(db, profileId);
  if (ids.length > 1) {
    throw new UserError(
      'import.channel_ambiguous',
      `渠道 ${ids.join('、')} 都以模板 ${profileId} 为默认模板，请用 --channel 指定文件 ${fileName} 属于哪一个`,
      `Channels ${ids.join(', ')} all read their bills with profile ${profileId}; name the channel of ${fileName} with --channel`,
      { file: fileName, profile: profileId, channels: ids },
    );
  }
  return ids[0] ?? null;
}
