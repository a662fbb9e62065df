import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../../engine/errors';
import { startServer } from '../../serve/server';
import { opt } from '../args';
import type { CliCommand } from '../context';
import { installDir } from '../install-dir';

const DEFAULT_RENDERER_DIR = join(installDir(), 'out', 'renderer');

const serve: CliCommand = {
  name: 'serve',
  usage: 'serve [--workspace FILE] [--port N] [--dir FOLDER] [--renderer DIR]',
  summary: { zh: '浏览器模式：在 127.0.0.1 上提供界面（带访问令牌）', en: 'Browser mode: serve the UI on 127.0.0.1 (with an access token)' },
  options: { port: {}, dir: {}, renderer: {} },
  async run(ctx) {
    const portText = opt(ctx.args, 'port') ?? '0';
    if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
      throw new UserError('cli.bad_port', `--port 应为 0-65535 的整数：${portText}`, `--port must be an integer 0-65535: ${portText}`);
    }
    const rendererDir = opt(ctx.args, 'renderer') ?? DEFAULT_RENDERER_DIR;
    if (!existsSync(resolve(rendererDir, 'index.html'))) {
      throw new UserError('serve.renderer_missing', `界面尚未构建（${rendererDir}）：请运行 npm run serve。`, `The UI is not built (${rendererDir}): run npm run serve.`);
    }
    const explicit = opt(ctx.args, 'workspace') ?? process.env.RECONDESK_WORKSPACE;
    const server = await startServer({
      workspacePath: explicit,
      workspaceDir: opt(ctx.args, 'dir') ?? (explicit ? dirname(resolve(explicit)) : process.cwd()),
      rendererDir,
      port: Number(portText),
    });
    ctx.io.out(ctx.t(`ReconDesk 浏览器模式已启动，请在浏览器中打开：`, `ReconDesk browser mode is running; open in your browser:`));
    ctx.io.out(server.url);
    ctx.io.out(ctx.t('按 Ctrl+C 停止。', 'Press Ctrl+C to stop.'));
    await new Promise<void>((done) => {
      const stop = () => void server.close().then(done);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};

export const serveCommands: CliCommand[] = [serve];
