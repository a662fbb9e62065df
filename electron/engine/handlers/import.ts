import type { importContract } from '../../../shared/contract/import';
import { UserError } from '../errors';
import { readFileShared } from '../import/file-bytes';
import { importFile, previewFile } from '../import/pipeline';
import { getProfile, listProfiles, saveProfile } from '../import/profiles';
import { listFiles, listRecords, rawRecordRow } from '../import/records';
import type { EngineContext, HandlerMap } from './types';

function readRef(ctx: EngineContext, ref: string): { bytes: Uint8Array; name: string } {
  const { path, name } = ctx.resolveFile(ref);
  try {
    return { bytes: readFileShared(path), name };
  } catch (e) {
    throw new UserError('import.cannot_read', `无法读取文件 ${name}：${(e as Error).message}`, `Cannot read file ${name}: ${(e as Error).message}`, { file: name });
  }
}

export const importHandlers: HandlerMap<keyof typeof importContract> = {
  'import.preview': (ctx, input) => {
    const { bytes, name } = readRef(ctx, input.fileRef);
    return previewFile(ctx.workspace.db, bytes, name, { profileId: input.profileId, channelId: input.channelId, internal: input.internal });
  },
  'import.file': (ctx, input) => {
    const { bytes, name } = readRef(ctx, input.fileRef);
    return importFile(ctx.workspace.db, bytes, name, {
      profileId: input.profileId,
      channelId: input.channelId,
      internal: input.internal,
      signal: ctx.signal,
      onProgress: (p) => ctx.progress({ phase: p.phase, done: p.done, total: p.total, rate: null, etaSeconds: null }),
    });
  },
  'profile.list': (ctx) => listProfiles(ctx.workspace.db),
  'profile.get': (ctx, input) => getProfile(ctx.workspace.db, input.id),
  'profile.save': (ctx, input) => saveProfile(ctx.workspace.db, input.definition),
  'files.list': (ctx, input) => listFiles(ctx.workspace.db, input),
  'records.list': (ctx, input) => listRecords(ctx.workspace.db, input),
  'records.raw': (ctx, input) => rawRecordRow(ctx.workspace.db, input.recordId),
};
