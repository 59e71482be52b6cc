// Builds the dashboard's front-end assets into ../static/dist:
//
//   app-<hash>.js     (+ .gz, .br)  src/app.js, minified IIFE: every page
//   charts-<hash>.js  (+ .gz, .br)  src/charts.js bundled with ECharts, minified
//                                   IIFE: loaded by app.js on pages with a chart
//   app-<hash>.css    (+ .gz, .br)  src/app.css, minified
//   font-ko-<hash>.css (+ .gz, .br) @font-face rules of Noto Sans KR (weight 400,
//                                   from @fontsource/noto-sans-kr), linked from
//                                   Korean pages only: Hangul in the charts and in
//                                   saved PNG/SVG images where the system has no
//                                   Korean font
//   nskr-<n>-<hash>.woff2           its unicode-range slices; a browser fetches only
//                                   the slices of the characters it draws
//   manifest.json                   {"app.js": …, "charts.js": …, "app.css": …, "font-ko.css": …,
//                                   "font-ko-preload": the slices of the site's own Korean
//                                   words, space-separated (see chromeSlices)}
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

// Packages whose code ends up in charts.js, or whose files in dist; their
// licences must travel with them.
const bundled = ['echarts', 'zrender', 'tslib', '@fontsource/noto-sans-kr'];

// The Korean font: the package's weight-400 stylesheet, its unicode-range
// slices copied into dist under content-hashed names (woff2 only: every
// browser with CSP and ECharts 6 reads it).
const fontPackage = '@fontsource/noto-sans-kr';
const fontCSS = '400.css';

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
    .filter((p) => p.name !== fontPackage)
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
  const fonts = koreanFont();
  writeAtomic(join(distDir, 'THIRD-PARTY-NOTICES.txt'), notices(pkgs));
  // The manifest goes last so it never names a file that isn't there yet,
  // and stale files go after it so it never names one already deleted.
  writeAtomic(
    join(distDir, 'manifest.json'),
    JSON.stringify({ 'app.js': outJS.file, 'charts.js': outCharts.file, 'app.css': outCSS.file, 'font-ko.css': fonts.css.file, 'font-ko-preload': fonts.preload.join(' ') }, null, 2) + '\n',
  );
  removeStale('app', 'js', outJS.file);
  removeStale('charts', 'js', outCharts.file);
  removeStale('app', 'css', outCSS.file);
  removeStale('font-ko', 'css', fonts.css.file);
  for (const f of readdirSync(distDir)) {
    if (/^nskr-[a-z0-9-]+-[0-9a-f]{12}\.woff2$/.test(f) && !fonts.files.has(f)) unlinkSync(join(distDir, f));
  }

  console.log(`wrote ${distDir}`);
  console.log(`${'file'.padEnd(24)}${'raw'.padStart(11)}${'gzip'.padStart(11)}${'brotli'.padStart(11)}`);
  for (const o of [outJS, outCharts, outCSS, fonts.css]) {
    console.log(`${o.file.padEnd(24)}${kb(o.raw)}${kb(o.gzip)}${kb(o.brotli)}`);
  }
  console.log(`${`nskr-*.woff2 (${fonts.files.size})`.padEnd(24)}${kb(fonts.bytes)}`);
  console.log(`preloaded on Korean pages: ${fonts.preload.length} slices`);
}

// koreanFont copies the font's slices into dist and writes the stylesheet
// that declares them, each url() rewritten to its hashed copy.
function koreanFont() {
  const dir = join(here, 'node_modules', fontPackage);
  const files = new Set();
  let bytes = 0;
  const css = readFileSync(join(dir, fontCSS), 'utf8').replace(/\/\*[^*]*\*\/\n?/g, '').replace(
    /src: url\(\.\/files\/noto-sans-kr-([a-z0-9-]+?)-400-normal\.woff2\) format\('woff2'\)[^;]*;/g,
    (_, n) => {
      const data = readFileSync(join(dir, 'files', `noto-sans-kr-${n}-400-normal.woff2`));
      const file = `nskr-${n}-${createHash('sha256').update(data).digest('hex').slice(0, 12)}.woff2`;
      writeAtomic(join(distDir, file), data);
      files.add(file);
      bytes += data.length;
      return `src: url(${file}) format('woff2');`;
    },
  );
  if (!files.size || /url\(\.\/|format\('woff'\)/.test(css) || !/font-display: swap/.test(css)) {
    throw new Error(`${fontPackage}/${fontCSS}: unexpected form; every slice must be rewritten`);
  }
  // block, not the package's swap: Chromium kept Hangul laid out while its
  // slice was loading as the fallback's empty boxes; with block (text waits
  // for its slice, at most ~3 s) and the chrome's slices preloaded, headless
  // Chromium drew every Korean page whole (swap alone, or block alone, did not).
  const shown = css.replace(/font-display: swap/g, 'font-display: block');
  return { css: emit('font-ko', 'css', Buffer.from(shown)), files, bytes, preload: chromeSlices(shown) };
}

// chromeSlices are the font slices that draw the Hangul of the site's own
// Korean words (internal/i18n/catalog/ko.yaml: navigation, headings,
// labels), which Korean pages preload: Chromium drew
// Hangul laid out before its slice arrived as empty boxes and kept them
// after it loaded, so these are there before the first layout. Text from the database in other slices still
// loads on demand.
function chromeSlices(css) {
  const catalog = join(here, '..', '..', 'internal', 'i18n', 'catalog');
  const chars = new Set();
  for (const f of ['ko.yaml']) {
    for (const c of readFileSync(join(catalog, f), 'utf8')) {
      if (/[\u3130-\u318F\uAC00-\uD7A3]/.test(c)) chars.add(c.codePointAt(0));
    }
  }
  const slices = [];
  for (const m of css.matchAll(/src: url\((nskr-[^)]+)\)[^}]*?unicode-range: ([^;]+);/g)) {
    const ranges = m[2].split(',').map((r) => r.trim().slice(2).split('-').map((h) => parseInt(h, 16)));
    if ([...chars].some((c) => ranges.some(([a, b = a]) => a <= c && c <= b))) slices.push(m[1]);
  }
  if (!chars.size || !slices.length) throw new Error('no Korean words in the catalogue, or no slice drawing them');
  return slices;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
