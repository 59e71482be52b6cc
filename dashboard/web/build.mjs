// Builds the dashboard's front-end assets into ../static/dist:
//
//   app-<hash>.js     (+ .gz, .br)  src/app.js, minified IIFE: every page
//   charts-<hash>.js  (+ .gz, .br)  src/charts.js bundled with ECharts, minified
//                                   IIFE: loaded by app.js on pages with a chart
//   app-<hash>.css    (+ .gz, .br)  src/app.css, minified
//   manifest.json                   {"app.js": …, "charts.js": …, "app.css": …}
//   THIRD-PARTY-NOTICES.txt        licences of the bundled npm packages
//
// <hash> is the first 12 hex digits of the SHA-256 of the file, so the Go
// server can serve these with a far-future immutable Cache-Control and look
// the names up in the manifest. The .gz/.br files are precompressed at
// maximum level once here, so the server never compresses them per request.
//
// Run from dashboard/web: `node build.mjs` (or `npm run build`) after `npm ci`.
// Only Node built-ins and the pinned esbuild are used; nothing is fetched.

import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const distDir = join(here, '..', 'static', 'dist');

// Packages whose code ends up in charts.js; their licences must travel with it.
const bundled = ['echarts', 'zrender', 'tslib'];

function pkgInfo(name) {
  const dir = join(here, 'node_modules', name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const files = readdirSync(dir).filter((f) => /^(LICEN[SC]E|NOTICE)(\.\w+)?$/i.test(f)).sort();
  return { name, version: pkg.version, license: pkg.license, dir, files };
}

async function bundle(entry, extra) {
  const result = await build({
    entryPoints: [join(here, 'src', entry)],
    bundle: true,
    minify: true,
    sourcemap: false,
    write: false,
    logLevel: 'warning',
    absWorkingDir: here,
    ...extra,
  });
  if (result.outputFiles.length !== 1) {
    throw new Error(`${entry}: expected one output file, got ${result.outputFiles.length}`);
  }
  return Buffer.from(result.outputFiles[0].contents);
}

function writeAtomic(path, data) {
  const tmp = path + '.tmp';
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

// emit writes name-<hash>.ext and its compressed twins, returns the name and sizes.
function emit(stem, ext, content) {
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 12);
  const file = `${stem}-${hash}.${ext}`;
  const gz = gzipSync(content, { level: 9 });
  const br = brotliCompressSync(content, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
    },
  });
  writeAtomic(join(distDir, file), content);
  writeAtomic(join(distDir, file + '.gz'), gz);
  writeAtomic(join(distDir, file + '.br'), br);
  return { file, raw: content.length, gzip: gz.length, brotli: br.length };
}

// removeStale deletes earlier builds of stem.ext (any hash, any encoding).
function removeStale(stem, ext, keep) {
  const pattern = new RegExp(`^${stem}-[0-9a-f]{12}\\.${ext}(\\.gz|\\.br)?$`);
  for (const f of readdirSync(distDir)) {
    if (pattern.test(f) && !f.startsWith(keep)) unlinkSync(join(distDir, f));
  }
}

function notices(pkgs) {
  const parts = ['Third-party software bundled into the dashboard\'s charts-*.js.\n'];
  for (const p of pkgs) {
    parts.push(`${'='.repeat(72)}\n${p.name} ${p.version} (${p.license})\n${'='.repeat(72)}\n`);
    for (const f of p.files) parts.push(`--- ${f} ---\n${readFileSync(join(p.dir, f), 'utf8').trim()}\n`);
  }
  return parts.join('\n');
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`.padStart(11);

async function main() {
  const pkgs = bundled.map(pkgInfo);
  const banner = `/*! Forced Returns Tracker dashboard. Bundles ${pkgs
    .map((p) => `${p.name} ${p.version} (${p.license})`)
    .join(', ')}; licences in THIRD-PARTY-NOTICES.txt */`;

  const script = {
    format: 'iife',
    target: 'es2019',
    platform: 'browser',
    // ECharts and ZRender guard their dev-only checks and warnings with this.
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
  };
  const js = await bundle('app.js', script);
  const chartsJS = await bundle('charts.js', { ...script, banner: { js: banner } });
  if (/echarts|zrender/.test(js.toString('utf8'))) {
    throw new Error('app.js must not bundle chart code: pages without a chart load only it');
  }
  const css = await bundle('app.css', {
    loader: { '.css': 'css' },
    // The stylesheet must stand alone: no fonts, images or imports to fetch.
    external: ['*'],
  });
  if (/url\(|@import/i.test(css.toString('utf8'))) {
    throw new Error('app.css must not reference external resources (url() or @import)');
  }

  mkdirSync(distDir, { recursive: true });
  const outJS = emit('app', 'js', js);
  const outCharts = emit('charts', 'js', chartsJS);
  const outCSS = emit('app', 'css', css);
  writeAtomic(join(distDir, 'THIRD-PARTY-NOTICES.txt'), notices(pkgs));
  // The manifest goes last so it never names a file that isn't there yet,
  // and stale files go after it so it never names one already deleted.
  writeAtomic(
    join(distDir, 'manifest.json'),
    JSON.stringify({ 'app.js': outJS.file, 'charts.js': outCharts.file, 'app.css': outCSS.file }, null, 2) + '\n',
  );
  removeStale('app', 'js', outJS.file);
  removeStale('charts', 'js', outCharts.file);
  removeStale('app', 'css', outCSS.file);

  console.log(`wrote ${distDir}`);
  console.log(`${'file'.padEnd(24)}${'raw'.padStart(11)}${'gzip'.padStart(11)}${'brotli'.padStart(11)}`);
  for (const o of [outJS, outCharts, outCSS]) {
    console.log(`${o.file.padEnd(24)}${kb(o.raw)}${kb(o.gzip)}${kb(o.brotli)}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
