// Builds the dashboard (frontend/ → frontend/dist) only when its sources changed since the
// last build: a content hash of the inputs is kept beside the build. Run by `npm start` and
// `npm test`, so it must be fast when nothing changed (hashing a few hundred small files).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = join(ROOT, 'frontend/dist');
const STAMP = join(OUT_DIR, '.build-hash');
// The dashboard bundles the client from source (see frontend/vite.config.ts), so it is an input too.
const INPUTS = [
  'frontend/src',
  'frontend/public',
  'frontend/index.html',
  'frontend/vite.config.ts',
  'frontend/tsconfig.json',
  'frontend/package.json',
  'client/src',
  'client/package.json',
  // The build steps themselves (e.g. the compression below).
  'scripts/build-dashboard.mjs',
];
const SKIP = /(\.test\.tsx?|\.spec\.ts)$/;

function filesUnder(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .flatMap((entry) => filesUnder(join(path, entry.name)))
    .filter((file) => !SKIP.test(file));
}

/**
 * Writes `.br` and `.gz` beside each script and style sheet, which the server sends to
 * browsers that accept them (`preCompressed`): compressed once here, not on every request.
 */
function compressAssets(dir) {
  for (const file of readdirSync(dir).filter((name) => /\.(js|css)$/.test(name))) {
    const content = readFileSync(join(dir, file));
    if (content.length < 1024) continue;
    writeFileSync(join(dir, `${file}.br`), brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    writeFileSync(join(dir, `${file}.gz`), gzipSync(content, { level: 9 }));
  }
}

function inputHash() {
  const hash = createHash('sha256');
  const files = INPUTS.flatMap((input) => filesUnder(join(ROOT, input))).sort();
  for (const file of files) {
    hash.update(relative(ROOT, file));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

const force = process.argv.includes('--force');
const hash = inputHash();
const built = existsSync(join(OUT_DIR, 'index.html')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === hash;
if (built && !force) {
  console.log('dashboard: build is up to date');
} else {
  console.log('dashboard: building frontend/ …');
  const result = spawnSync('npm', ['run', 'build', '--workspace', 'xtrace-dashboard'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  compressAssets(join(OUT_DIR, 'assets'));
  writeFileSync(STAMP, `${hash}\n`);
}
