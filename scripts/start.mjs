// `npm start`: installs what is missing on a fresh clone (npm packages), builds what is missing or stale (the
// services' dist/ and web/dist), then hands over to the compiled demo launcher (stack/dist/start.js), which runs
// every service compiled, with plain node. Plain Node so that it runs before any dependency is installed.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureNpmDeps } from './npm-deps.mjs';
import { ensureServicesBuilt, ensureWebBuilt, root } from './build.mjs';

const say = (line) => console.log(`[start] ${line}`);

ensureNpmDeps(say);
ensureServicesBuilt(say);
ensureWebBuilt(say);

// Compiled code resolves our packages to their dist/: drop the source condition a dev shell or a test may have set.
const nodeOptions = (process.env.NODE_OPTIONS ?? '')
  .split(/\s+/)
  .filter((option) => option && option !== '--conditions=@ems/source')
  .join(' ');
const child = spawn(process.execPath, [join(root, 'stack', 'dist', 'start.js'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: nodeOptions },
});
// Ctrl-C reaches the launcher through the terminal's process group; pass on signals sent to us alone.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
