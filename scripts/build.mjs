// Builds what is missing or older than its sources: the services (`tsc -b`, each package's src/ → dist/) and the
// web app (web/dist). Plain Node so that it runs before any dependency is installed; used by `npm start` and
// `npm run bench:startup`. `node scripts/build.mjs` builds whatever is stale.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function mtime(path) {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

function run(say, cmd, args) {
  say(`${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`"${cmd} ${args.join(' ')}" failed (exit ${r.status}).`);
    process.exit(1);
  }
}

/** The packages `npm run build:services` compiles: the references of tsconfig.build.json. */
export function builtPackages() {
  const solution = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8'));
  return solution.references.map((ref) => dirname(ref.path).replace(/^\.\//, ''));
}

/** Packages whose dist/ is missing or older than their sources, package.json or build configuration. */
export function stalePackages() {
  const shared = Math.max(
    ...['tsconfig.base.json', 'tsconfig.build.base.json', 'tsconfig.build.json'].map((f) => mtime(join(root, f))),
  );
  return builtPackages().filter((pkg) => {
    const built = mtime(join(root, pkg, 'dist', '.tsbuildinfo')); // tsc -b touches it on every build
    const inputs = Math.max(
      shared,
      newestMtime(join(root, pkg, 'src')),
      mtime(join(root, pkg, 'package.json')),
      mtime(join(root, pkg, 'tsconfig.build.json')),
    );
    return built === 0 || built < inputs;
  });
}

export function ensureServicesBuilt(say = (line) => console.log(line)) {
  const stale = stalePackages();
  if (stale.length === 0) return;
  say(`compiling the services (${stale.join(', ')} changed)`);
  run(say, 'npm', ['run', 'build:services']);
  // tsc -b leaves dist/ alone when no TypeScript input changed (a package.json did): mark it checked
  const now = new Date();
  for (const pkg of stale) utimesSync(join(root, pkg, 'dist', '.tsbuildinfo'), now, now);
}

export function ensureWebBuilt(say = (line) => console.log(line)) {
  const index = join(root, 'web', 'dist', 'index.html');
  const inputs = Math.max(newestMtime(join(root, 'web', 'src')), newestMtime(join(root, 'domain', 'src', 'report')));
  if (existsSync(index) && statSync(index).mtimeMs >= inputs) return;
  say('building the web app');
  run(say, 'npm', ['run', 'build:web']);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureServicesBuilt();
  ensureWebBuilt();
}
