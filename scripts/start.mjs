// `npm start`: installs what is missing on a fresh clone (npm packages, the built web app), then hands over to the
// demo launcher (stack/src/start.ts). Plain Node so that it runs before any dependency is installed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNpmDeps } from './npm-deps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => console.log(`[start] ${line}`);

function run(cmd, args) {
  say(`${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`[start] "${cmd} ${args.join(' ')}" failed (exit ${r.status}).`);
    process.exit(1);
  }
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

ensureNpmDeps(say);

const dist = join(root, 'web', 'dist', 'index.html');
if (!existsSync(dist) || statSync(dist).mtimeMs < newestMtime(join(root, 'web', 'src'))) {
  say('building the web app');
  run('npm', ['run', 'build:web']);
}

const child = spawn(
  process.execPath,
  ['--import', 'tsx', join(root, 'stack', 'src', 'start.ts'), ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
// Ctrl-C reaches the launcher through the terminal's process group; pass on signals sent to us alone.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
