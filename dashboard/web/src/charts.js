// The charts of the Forced Returns Tracker: ECharts and what drives it.
//
// app.js loads this bundle only on a page with a chart, when the first
// chart comes near the viewport; each chart is then drawn as it comes into
// view (IntersectionObserver). The page's CSP is `script-src 'self';
// style-src 'self'`, so this file never evaluates strings as code and never
// writes style attributes as markup; styles set through CSSOM
// (element.style.x = ...) are allowed by CSP.
//
// Every chart arrives as server-rendered HTML:
//
//   <figure class="chart" data-chart="NAME">
//     <div class="chart-canvas" role="img" aria-label="..."></div>
//     <script type="application/json" class="chart-options">{...}</script>
//     <script type="application/json" class="chart-options-alt">{...}</script>  (optional)
//     <button type="button" data-chart-view="count">…</button>                  (optional)
//     <button type="button" data-chart-view="rate">…</button>                   (optional)
//     <p class="chart-source">…</p>
//     <button type="button" data-chart-save="png">…</button>                    (and "svg")
//     <table class="chart-table">…</table>
//   </figure>
//
// The option JSON holds data only (no functions): the few callbacks ECharts
// needs are installed here, and they treat every string from the data as text.

import * as echarts from 'echarts/core';
import { BarChart, ScatterChart, CustomChart } from 'echarts/charts';
import {
  TitleComponent,
  TooltipComponent,
  GridComponent,
  AriaComponent,
} from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { LabelLayout } from 'echarts/features';
import { el } from './dom.js';

// Only what the server's options use: bars, custom marks (charts over
// time), scatter (their labels); no legend (each chart says what its
// marks are in its note) and no toolbox (the downloads are buttons).
echarts.use([
  BarChart,
  ScatterChart,
  CustomChart,
  TitleComponent,
  TooltipComponent,
  GridComponent,
  AriaComponent,
  CanvasRenderer,
  SVGRenderer, // saved SVG images
  LabelLayout, // labelLayout: hideOverlap and moves, for every series
]);

// zrender takes a line's height from the width of "国" in the font: on a
// system without a CJK font that is a narrow box glyph, lines come out a
// third of their height, and labels that overlap are not seen to (hideOverlap
// and wrapping misjudge them). A line is never less than about the font
// size tall.
{
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext && canvas.getContext('2d');
  if (ctx) {
    echarts.setPlatformAPI({
      measureText(text, font) {
        ctx.font = font || '12px sans-serif';
        const m = ctx.measureText(text);
        if (text !== '国') return m;
        const size = parseFloat((/([0-9.]+)px/.exec(ctx.font) || [0, 12])[1]);
        return { width: Math.max(m.width, size) };
      },
    });
  }
}

// A custom series cannot carry its renderItem function in JSON, so ECharts 6
// lets the option name a registered one: {"type": "custom",
// "renderItem": "rangeWhisker", "data": [{"value": [x, low, high]}]}.
// It draws a vertical low–high whisker with caps, for figures reported as a
// range ("between 10 and 20") or as vague quantities.
echarts.registerCustomSeries('rangeWhisker', function (params, api) {
  const x = api.value(0);
  const low = api.value(1);
  const high = api.value(2);
  if (!isFinite(low) || !isFinite(high)) return null;
  const top = api.coord([x, high]);
  const bottom = api.coord([x, low]);
  const band = api.size([1, 0])[0] || 24;
  const half = Math.max(4, Math.min(14, band * 0.18));
  const style = { stroke: api.visual('color'), lineWidth: 2 };
  const line = (x1, y1, x2, y2) => ({ type: 'line', shape: { x1, y1, x2, y2 }, style });
  return {
    type: 'group',
    children: [
      line(top[0], top[1], bottom[0], bottom[1]),
      line(top[0] - half, top[1], top[0] + half, top[1]),
      line(bottom[0] - half, bottom[1], bottom[0] + half, bottom[1]),
    ],
  };
});

// The marks of the charts over time (charts.OverTime): each value is
// [start, end (exclusive), low, high, kind, flags]. kind 0 is a count over
// the period (a bar from start to end), 1 a cumulative total (a span at its
// value over its period, with end ticks), 2 a count at one date (a point).
// flags: 1 may be higher (lighter fill, dashed outline), 2 about (dotted
// outline), 4 a range (whisker low–high), 8 an upper bound (whisker 0–high),
// 16 derived (the derived colour).
const SPAN = { open: 1, about: 2, range: 4, atMost: 8, derived: 16 };
echarts.registerCustomSeries('periodSpan', function (params, api) {
  const start = api.value(0);
  const end = api.value(1);
  const low = api.value(2);
  const high = api.value(3);
  const kind = api.value(4);
  const flags = api.value(5);
  if (!isFinite(high)) return null;
  const colour = flags & SPAN.derived ? '#E69F00' : '#0072B2';
  const light = flags & SPAN.derived ? '#F5D08A' : '#A6D4F2';
  const dash = flags & SPAN.open ? [6, 3] : flags & SPAN.about ? [2, 2] : null;
  const [x0, yTop] = api.coord([start, high]);
  const [x1] = api.coord([end, high]);
  const yZero = api.coord([start, 0])[1];
  const yLow = api.coord([start, low])[1];
  let left = Math.min(x0, x1);
  let width = Math.abs(x1 - x0);
  if (width < 6) { left = (x0 + x1) / 2 - 3; width = 6; } // a day stays visible
  const mid = left + width / 2;
  const children = [];
  const line = (a, b, c, d, lineDash) => ({
    type: 'line', shape: { x1: a, y1: b, x2: c, y2: d },
    style: { stroke: colour, lineWidth: 2, lineDash: lineDash || null },
  });
  const whisker = (yA, yB) => {
    children.push(line(mid, yA, mid, yB));
    children.push(line(mid - 6, yA, mid + 6, yA));
    children.push(line(mid - 6, yB, mid + 6, yB));
  };
  if (kind === 2) {
    children.push({ type: 'circle', shape: { cx: mid, cy: yTop, r: 6 },
      style: { fill: flags & (SPAN.open | SPAN.about) ? '#fff' : colour, stroke: colour, lineWidth: 2, lineDash: dash } });
    if (flags & SPAN.range) whisker(yLow, yTop);
  } else if (kind === 1) {
    // A total over its period: a line at its value, ticks at its ends;
    // never a bar, so it is never read as more of the counts below it.
    const y = flags & SPAN.range ? (yLow + yTop) / 2 : yTop;
    children.push(line(left, y, left + width, y, dash));
    children.push(line(left, y - 6, left, y + 6));
    children.push(line(left + width, y - 6, left + width, y + 6));
    if (flags & (SPAN.range | SPAN.atMost)) whisker(flags & SPAN.atMost ? yZero : yLow, yTop);
  } else if (flags & (SPAN.range | SPAN.atMost)) {
    const base = flags & SPAN.atMost ? yZero : yLow;
    if (flags & SPAN.range) {
      children.push({ type: 'rect', shape: { x: left, y: yLow, width, height: yZero - yLow },
        style: { fill: light, stroke: colour, lineWidth: 1, opacity: 0.8 } });
    } else {
      // An upper bound: the period outlined up to the bound, unfilled.
      children.push({ type: 'rect', shape: { x: left, y: yTop, width, height: Math.max(1, yZero - yTop) },
        style: { fill: 'none', stroke: light, lineWidth: 1 } });
    }
    whisker(base, yTop);
  } else {
    children.push({ type: 'rect', shape: { x: left, y: yTop, width, height: Math.max(1, yZero - yTop) },
      style: { fill: dash ? light : colour, stroke: colour, lineWidth: dash ? 2 : 1, lineDash: dash, opacity: 0.85 } });
  }
  return { type: 'group', children };
});


// ------------------------------------------------------------ language
//
// Every word a chart shows comes from the server in the page's language:
// the options (titles, axes, labels, tooltips) and, for the few words
// written here, data attributes of the chart's figure rendered from the
// catalogue: data-no-data, data-saved ("Saved {date} from …"), data-file
// (the saved image's name) and data-links (the language's path prefix of
// the figure pages marks open).

const pageLang = document.documentElement.lang || undefined;

// words are the data attributes of the page's charts (one language a page).
function words() {
  const f = document.querySelector('figure.chart[data-no-data]');
  return f ? f.dataset : {};
}

// The page's web font for its language, if it declares one (Korean pages
// link Noto Sans KR, <link data-font="Noto Sans KR">): charts draw with
// the page's font stack, which ends with it, and a saved image waits for
// the glyphs it needs and, as SVG, carries them.
const webFontLink = document.querySelector('link[rel="stylesheet"][data-font]');
const webFont = webFontLink ? webFontLink.getAttribute('data-font') : '';

// ---------------------------------------------------------------- tooltips

function formatNumber(v) {
  return typeof v === 'number' && isFinite(v) ? v.toLocaleString(pageLang) : String(v);
}

function formatValue(p) {
  const v = p.value;
  if (v == null || v === '-' || (typeof v === 'number' && !isFinite(v))) return words().noData || '';
  if (Array.isArray(v)) {
    // rangeWhisker values are [x, low, high]; show the range, not the x.
    if (p.seriesType === 'custom' && v.length >= 3) return formatNumber(v[1]) + '–' + formatNumber(v[2]);
    return v.map(formatNumber).join(', ');
  }
  return formatNumber(v);
}

function tooltipLines(p, axisTrigger) {
  const d = p.data;
  if (d && typeof d === 'object' && typeof d.tooltip_text === 'string' && d.tooltip_text) {
    return d.tooltip_text.split('\n');
  }
  // Under an axis trigger the category is already the heading; the series
  // name tells the items apart.
  const name = axisTrigger ? (p.seriesName || p.name) : (p.name || p.seriesName);
  return [(name ? name + ': ' : '') + formatValue(p)];
}

// Returns DOM nodes, never a string: ECharts puts a string formatter result
// into innerHTML, and these strings come from stored figures and quotes.
function tooltipFormatter(params) {
  const axisTrigger = Array.isArray(params);
  const items = axisTrigger ? params : [params];
  const root = el('div', 'chart-tooltip');
  if (axisTrigger && items.length) {
    const head = items[0].axisValueLabel != null ? items[0].axisValueLabel : items[0].name;
    if (head != null && head !== '') root.appendChild(el('div', 'chart-tooltip-title', head));
  }
  for (const p of items) {
    const item = el('div', 'chart-tooltip-item');
    if (typeof p.color === 'string') {
      const swatch = el('span', 'chart-tooltip-swatch');
      swatch.setAttribute('aria-hidden', 'true');
      swatch.style.backgroundColor = p.color; // CSSOM, allowed by CSP
      item.appendChild(swatch);
    }
    const lines = tooltipLines(p, axisTrigger);
    lines.forEach((line, i) => item.appendChild(el('div', i === 0 ? 'chart-tooltip-line' : 'chart-tooltip-line chart-tooltip-more', line)));
    root.appendChild(item);
  }
  return root;
}

// ------------------------------------------------------- option hardening

const asArray = (v) => (Array.isArray(v) ? v : v == null ? [] : [v]);
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

// prepareOption mutates a freshly parsed option so that it is accessible,
// text-only in its HTML parts, and exportable.
function prepareOption(option, ariaLabel, chart, width) {
  // ECharts' aria module replaces the container's aria-label with a generated
  // description; keep the server's wording unless the option brings its own.
  const aria = isObject(option.aria) ? option.aria : {};
  aria.enabled = true;
  if (ariaLabel) {
    aria.label = isObject(aria.label) ? aria.label : {};
    if (!aria.label.description) aria.label.description = ariaLabel;
  }
  option.aria = aria;

  // Tooltip: ours everywhere a formatter could be picked up (global, series,
  // data item), so no string template reaches innerHTML. `confine` keeps it
  // inside the chart on phones and also drops the arrow, which ECharts builds
  // as an inline-styled HTML string that CSP would block anyway.
  const tooltips = asArray(option.tooltip).filter(isObject);
  if (!tooltips.length) tooltips.push({ show: true, trigger: 'item' });
  for (const t of tooltips) {
    t.formatter = tooltipFormatter;
    if (t.confine == null) t.confine = true;
    delete t.valueFormatter;
  }
  option.tooltip = tooltips.length === 1 ? tooltips[0] : tooltips;
  for (const s of asArray(option.series)) {
    if (!isObject(s)) continue;
    if (isObject(s.tooltip)) s.tooltip.formatter = tooltipFormatter;
    for (const d of asArray(s.data)) {
      if (isObject(d) && isObject(d.tooltip)) delete d.tooltip.formatter;
    }
  }

  // No toolbox: the downloads are buttons outside the canvas, and the data
  // is in the table beside it.
  delete option.toolbox;

  fitLabels(option, width);

  // Labels never overlap: every series hides a label that would cover
  // another (the data table and tooltip still have it), and the labels of
  // the charts over time stay inside the plot, clear of the axis labels.
  for (const series of asArray(option.series)) {
    if (!isObject(series)) continue;
    // Labels above marks (the charts over time, vertical bars) are pulled
    // inside the plot, clear of the value axis; a horizontal bar's label
    // sits beside its bar, in the room kept for it.
    const vertical = asArray(option.xAxis).some((a) => isObject(a) && (a.type === 'category' || a.type === 'time'));
    series.labelLayout = chart && vertical ? (p) => {
      const grid = chart.getModel().getComponent('grid');
      const g = grid && grid.coordinateSystem && grid.coordinateSystem.getRect();
      const r = p.labelRect;
      let dx = 0;
      if (g && r.x < g.x) dx = g.x - r.x;
      else if (g && r.x + r.width > g.x + g.width) dx = g.x + g.width - (r.x + r.width);
      return { hideOverlap: true, dx };
    } : { hideOverlap: true };
  }

  // prefers-reduced-motion: no animation at all.
  if (reducedMotion()) option.animation = false;

  // With a web font for the page's language, the canvas uses the page's
  // font stack (which ends with it), so that a system without the
  // language's fonts still draws its letters.
  if (webFont && document.body) {
    option.textStyle = Object.assign({ fontFamily: getComputedStyle(document.body).fontFamily }, option.textStyle);
  }

  // The page shows each chart's title and source line once, in HTML
  // around the canvas; the canvas draws them only in saved images
  // (exportOption).
  option.title = asArray(option.title).filter(isObject).map((t) => Object.assign({}, t, { show: false }));
  option.grid = Object.assign({}, option.grid, { top: 36, bottom: 36 });
  return option;
}

// fitLabels wraps category labels to the room a chart of this width has
// (again whenever the chart is resized), and returns the height a
// horizontal bar chart needs for every bar and its wrapped label (0 if
// the chart has none).
function fitLabels(option, width) {
  // Labels under vertical bars wrap to their band, so that on a narrow
  // chart they never run into each other.
  for (const axis of asArray(option.xAxis)) {
    if (!isObject(axis) || axis.type !== 'category' || !Array.isArray(axis.data) || !axis.data.length) continue;
    const band = Math.floor((width - 72) / axis.data.length) - 8;
    const label = isObject(axis.axisLabel) ? axis.axisLabel : {};
    if (!label.width || label.width > band) label.width = Math.max(40, band);
    label.overflow = 'break';
    axis.axisLabel = label;
  }
  // Beside horizontal bars they take at most a third of the width, and
  // each row is as tall as its longest label wrapped to that width.
  let need = 0;
  for (const axis of asArray(option.yAxis)) {
    if (!isObject(axis) || axis.type !== 'category' || !Array.isArray(axis.data)) continue;
    const label = isObject(axis.axisLabel) ? axis.axisLabel : {};
    const room = Math.floor(width / 3);
    if (room > 0 && (!label.width || label.width > room)) label.width = Math.max(72, room);
    axis.axisLabel = label;
    const longest = Math.max(0, ...axis.data.map((c) => String(c).length));
    const row = Math.max(44, Math.ceil((longest * 7) / (label.width || 150)) * 15 + 14);
    need = Math.max(need, 96 + axis.data.length * row);
  }
  return need;
}

// ------------------------------------------------------------------ charts

function reducedMotion() {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

// exportOption is what a saved image draws: the chart's option (fresh from
// its JSON) with its title, the filters it keeps to under the title when
// it has some (the title with id "filters": charts.WithFilterLine), and
// its source line wrapped to the chart's width and followed by the day it
// was saved, so that an image always carries its citation, its filters and
// its date, however narrow the chart.
function exportOption(option, width, saved) {
  const all = asArray(option.title).filter(isObject).map((t, i) => {
    const c = Object.assign({}, t, { show: true });
    c.textStyle = Object.assign({}, c.textStyle, { width: Math.max(120, width - 24), overflow: 'break' });
    if (i === 0 && width < 480) c.textStyle.fontSize = 14;
    return c;
  });
  const filters = all.find((t) => t.id === 'filters');
  const titles = all.filter((t) => t !== filters);
  if (titles[1]) titles[1].text = titles[1].text + ' · ' + saved;
  else titles.push({ text: saved, left: 'center', bottom: 0, textStyle: { fontSize: 11, fontWeight: 'normal', color: '#444' } });
  const wrapped = (text, perChar) => Math.ceil(String(text).length * perChar / Math.max(120, width - 24));
  const lines = wrapped(titles[1].text, 6.2);
  let top = titles[0] ? 40 + 18 * wrapped(titles[0].text, 8) : 36;
  if (filters) {
    filters.top = top - 14;
    top += 16 * wrapped(filters.text, 6.8);
    titles.push(filters);
  }
  option.title = titles;
  option.grid = Object.assign({}, option.grid, { top, bottom: 40 + 14 * lines });
  option.animation = false;
  option.backgroundColor = '#fff';
  return option;
}

// imageOf draws a chart as a saved image would show it: a PNG (data URL)
// from a canvas, or an SVG document from ECharts' SVG renderer. Both use an
// offscreen instance of the chart's size, so the page's chart never
// flickers.
function imageOf(state, type) {
  const width = state.chart.getWidth();
  const height = state.chart.getHeight();
  const opts = { renderer: type === 'svg' ? 'svg' : 'canvas', width, height };
  let dom = null;
  if (type === 'svg') {
    opts.ssr = true; // no DOM: renderToSVGString
  } else {
    dom = el('div');
    dom.style.position = 'absolute';
    dom.style.left = '-10000px';
    dom.style.width = width + 'px';
    dom.style.height = height + 'px';
    document.body.appendChild(dom);
  }
  const c = echarts.init(dom, null, opts);
  try {
    const option = prepareOption(readJSON(state.views[state.view]), state.ariaLabel, c, width);
    const saved = (state.figure.getAttribute('data-saved') || '{date}').replace('{date}', new Date().toISOString().slice(0, 10));
    c.setOption(exportOption(option, width, saved));
    if (type === 'svg') return withFontFaces(c.renderToSVGString(), state.fontFaces);
    return c.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
  } finally {
    c.dispose();
    if (dom) dom.remove();
  }
}

// save downloads a chart as an image file named after the chart, in the
// page's language, once the glyphs it needs are loaded.
function save(state, type) {
  return imageReady(state).then(() => {
    const image = imageOf(state, type);
    const a = document.createElement('a');
    a.href = type === 'svg' ? 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(image) : image;
    a.download = (state.figure.getAttribute('data-file') || state.name) + '.' + type;
    document.body.appendChild(a);
    a.click();
    a.remove();
  });
}

// --------------------------------------------------------------- fonts

// imageReady loads the web font's glyphs for every character of the
// chart's options (a canvas never waits for a font: it draws what is
// loaded) and keeps the matching @font-face rules as data URLs for a saved
// SVG. Without a web font it is done at once.
function imageReady(state) {
  if (!webFont || !document.fonts || typeof document.fonts.load !== 'function') return Promise.resolve();
  const text = Object.values(state.views).map((s) => s.textContent).join('') + (state.figure.getAttribute('data-saved') || '');
  return document.fonts.load('12px "' + webFont + '"', text)
    .then(() => fontFaces(text))
    .then((faces) => { state.fontFaces = faces; }, () => { state.fontFaces = ''; });
}

// fontFaces returns the web font's @font-face rules whose unicode-range
// meets text, each with its file inlined as a data URL: a saved SVG opened
// on a system without the language's fonts still has its letters.
function fontFaces(text) {
  const codes = new Set(Array.from(text, (ch) => ch.codePointAt(0)));
  const inRange = (range) => range.split(',').some((part) => {
    const m = /U\+([0-9a-f]+)(?:-([0-9a-f]+))?/i.exec(part.trim());
    if (!m) return false;
    const lo = parseInt(m[1], 16);
    const hi = m[2] ? parseInt(m[2], 16) : lo;
    for (const c of codes) if (c >= lo && c <= hi) return true;
    return false;
  });
  const wanted = [];
  for (const sheet of Array.from(document.styleSheets)) {
    if (sheet.ownerNode !== webFontLink) continue;
    for (const rule of Array.from(sheet.cssRules || [])) {
      if (rule.type !== CSSRule.FONT_FACE_RULE) continue;
      const range = rule.style.getPropertyValue('unicode-range');
      const src = /url\("?([^")]+)"?\)/.exec(rule.style.getPropertyValue('src'));
      if (src && (!range || inRange(range))) wanted.push({ range, url: new URL(src[1], sheet.href).href });
    }
  }
  return Promise.all(wanted.map((w) => fetch(w.url).then((r) => r.blob()).then((b) => new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve('@font-face{font-family:"' + webFont + '";src:url(' + reader.result + ') format("woff2");' +
      (w.range ? 'unicode-range:' + w.range + ';' : '') + '}');
    reader.onerror = () => resolve('');
    reader.readAsDataURL(b);
  })))).then((rules) => rules.join(''));
}

// withFontFaces puts the font rules into an SVG document's own <style>.
function withFontFaces(svg, faces) {
  if (!faces) return svg;
  return svg.replace(/<svg\b[^>]*>/, (open) => open + '<style>' + faces + '</style>');
}

// linkIn is a figure's path in the page's language: the options name
// /figures/KEY, the figure's data-links is the language's prefix ("/ko").
function linkIn(figure, url) {
  const prefix = figure.getAttribute('data-links') || '';
  return /^\/[a-z]{2}$/.test(prefix) && url[0] === '/' && url[1] !== '/' ? prefix + url : url;
}

// Only same-origin paths: "//host" and "/\host" are protocol-relative in
// browsers, and the URL parser drops tabs/newlines, so check the resolved
// origin as well as the leading slash.
function safeLocalURL(url) {
  if (typeof url !== 'string' || url[0] !== '/' || url[1] === '/' || url[1] === '\\') return null;
  try {
    const u = new URL(url, window.location.href);
    return u.origin === window.location.origin ? u.href : null;
  } catch (e) {
    return null;
  }
}

// A mark opens its figure in the top window: inside an embed (an iframe
// on another site) the tracker's pages refuse to be framed, so navigating
// the frame would show an error. Cross-origin, only setting the top
// window's href is allowed (with the click's user activation); if the
// embedding page sandboxed us without top navigation, open a new tab
// instead, without a handle back to this window.
function openMark(url) {
  if (window.top === window.self) {
    window.location.assign(url);
    return;
  }
  try {
    window.top.location.href = url;
  } catch (e) {
    window.open(url, '_blank', 'noopener');
  }
}

function readJSON(script) {
  if (!script) return null;
  try {
    return JSON.parse(script.textContent);
  } catch (e) {
    console.error('chart options are not valid JSON', e);
    return null;
  }
}

// The per-month view is part of the page's state: `view=rate` in the
// address (and in the links that keep the view: permalinks, step links),
// so that a shared link opens the chart as it was seen.
function viewInURL() {
  return new URLSearchParams(window.location.search).get('view');
}

function keepView(href, view, first, absolute) {
  const u = new URL(href, window.location.href);
  if (view === first) u.searchParams.delete('view');
  else u.searchParams.set('view', view);
  return (absolute ? u.origin : '') + u.pathname + u.search + u.hash;
}

// As Go's template.HTMLEscapeString writes them, and back.
const htmlEscapes = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };
const htmlUnescapes = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&#34;': '"', '&#39;': "'" };
const unescapeHTML = (s) => s.replace(/&(amp|lt|gt|#34|#39);/g, (m) => htmlUnescapes[m]);

function rememberView(view, first) {
  history.replaceState(history.state, '', keepView(window.location.href, view, first));
  document.querySelectorAll('a[data-keeps-view]').forEach((a) => {
    a.setAttribute('href', keepView(a.getAttribute('href'), view, first));
  });
  // The embed snippets (<iframe src="…">, its address HTML-escaped) frame
  // the chart in the same view.
  document.querySelectorAll('input.embed-snippet').forEach((input) => {
    input.value = input.value.replace(/(<iframe src=")([^"]*)/, (m, head, src) =>
      head + keepView(unescapeHTML(src), view, first, true).replace(/[&<>"']/g, (c) => htmlEscapes[c]));
  });
}

const states = [];

// draw (re)draws a chart in a view at its current width: the option is
// parsed afresh each time, since ECharts keeps references into the object
// it was given and prepareOption mutates it.
function draw(state, view, notMerge) {
  const option = readJSON(state.views[view]);
  if (!option) return false;
  const canvas = state.chart.getDom();
  const width = canvas.clientWidth;
  // A horizontal bar chart gets room for every bar and its wrapped label.
  canvas.style.height = '';
  const need = fitLabels(option, width);
  if (need > canvas.clientHeight) canvas.style.height = need + 'px';
  state.chart.resize();
  state.chart.setOption(prepareOption(option, state.ariaLabel, state.chart, width), { notMerge });
  state.view = view;
  state.width = width;
  state.figure.setAttribute('data-view', view);
  return true;
}

// nextTask resolves in a later task, so that the page stays responsive
// between the steps of drawing charts (each ECharts setOption is one
// long piece of work): scheduler.yield() where the browser has it, which
// resumes ahead of other queued work, else a timer.
function nextTask() {
  if (window.scheduler && typeof window.scheduler.yield === 'function') return window.scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

async function setupChart(figure) {
  const canvas = figure.querySelector('.chart-canvas');
  const mainScript = figure.querySelector('script.chart-options');
  const altScript = figure.querySelector('script.chart-options-alt');
  if (!canvas || !mainScript) return;
  const firstView = mainScript.dataset.view || 'count';
  const views = { [firstView]: mainScript };
  if (altScript) views[altScript.dataset.view || 'rate'] = altScript;
  // Without the stylesheet the container has no height and ECharts would
  // draw nothing; give it one through CSSOM.
  if (!canvas.clientHeight) canvas.style.minHeight = '360px';

  const chart = echarts.init(canvas, null, { renderer: 'canvas' });
  const state = { figure, chart, views, name: figure.getAttribute('data-chart') || 'chart',
    ariaLabel: canvas.getAttribute('aria-label') || '', view: firstView, width: 0 };
  chart.on('finished', function onFirstFinish() {
    chart.off('finished', onFirstFinish);
    figure.classList.add('chart-ready');
    figure.setAttribute('data-rendered', '1');
  });
  chart.on('click', (params) => {
    const url = params && params.data && typeof params.data.url === 'string' ? safeLocalURL(linkIn(figure, params.data.url)) : null;
    if (url) openMark(url);
  });
  // Creating the instance and drawing into it are separate tasks.
  await nextTask();
  const wanted = views[viewInURL()] ? viewInURL() : firstView;
  if (!draw(state, wanted, false)) {
    chart.dispose();
    figure.classList.add('chart-error');
    return;
  }
  states.push(state);
  // For tests and scripts: the instance and the image it would save.
  canvas.frChart = chart;
  canvas.frImage = (type) => imageOf(state, type || 'png');
  canvas.frImageReady = () => imageReady(state);
  // The on-screen chart is drawn again once the web font's glyphs for its
  // text have come (a canvas does not wait for them).
  if (webFont) imageReady(state).then(() => { if (state.chart && !state.chart.isDisposed()) draw(state, state.view, true); });

  // Downloads: real buttons outside the canvas, shown once the chart is.
  figure.querySelectorAll('[data-chart-save]').forEach((b) => {
    b.hidden = false;
    b.addEventListener('click', () => save(state, b.getAttribute('data-chart-save')));
  });

  const buttons = figure.querySelectorAll('[data-chart-view]');
  if (!altScript) return;
  // The toggle group is rendered `hidden` so that it never shows without
  // JavaScript.
  const group = figure.querySelector('.chart-views');
  if (group) group.hidden = false;
  const viewOf = (btn) => btn.getAttribute('data-chart-view');
  const press = (view) => buttons.forEach((b) => b.setAttribute('aria-pressed', String(viewOf(b) === view)));
  buttons.forEach((btn) => {
    btn.hidden = !views[viewOf(btn)];
    btn.addEventListener('click', () => {
      const view = viewOf(btn);
      if (!views[view] || state.view === view || !draw(state, view, true)) return;
      press(view);
      rememberView(view, firstView);
    });
  });
  press(wanted);
  if (wanted !== firstView) rememberView(wanted, firstView);
}

// Charts are set up one at a time, each in tasks of its own, in the order
// they come into view.
const pending = [];
let starting = false;
async function start(figure) {
  pending.push(figure);
  if (starting) return;
  starting = true;
  while (pending.length) {
    const next = pending.shift();
    await nextTask();
    try {
      await setupChart(next);
    } catch (e) {
      // One broken chart must not stop the others; its table still shows.
      next.classList.add('chart-error');
      console.error(e);
    }
  }
  starting = false;
}

// A chart whose width changed is redrawn, its labels wrapped to the new
// width; one whose height alone changed is only resized. ResizeObserver
// also reports on observe(), and a needless redraw would re-animate it.
let resizeTimer = 0;
function resizeCharts() {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(async () => {
    for (const s of states.slice()) {
      const dom = s.chart.getDom();
      if (dom.clientWidth !== s.width) {
        draw(s, s.view, true);
        await nextTask(); // one chart redrawn per task
      } else if (dom.clientHeight !== s.chart.getHeight()) s.chart.resize();
    }
  }, 150);
}

// Each chart is drawn when it comes near the viewport, so a long page
// costs only the charts a reader looks at.
function setupCharts() {
  const figures = Array.from(document.querySelectorAll('figure.chart'));
  if (typeof IntersectionObserver !== 'function') {
    figures.forEach(start);
  } else {
    const io = new IntersectionObserver((entries) => {
      for (const e of entries) {
        if (!e.isIntersecting) continue;
        io.unobserve(e.target);
        start(e.target);
      }
    }, { rootMargin: '200px 0px' });
    figures.forEach((f) => io.observe(f));
  }
  window.addEventListener('resize', resizeCharts);
  if (typeof ResizeObserver === 'function') {
    const ro = new ResizeObserver(resizeCharts);
    figures.forEach((f) => ro.observe(f));
  }
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', setupCharts);
} else {
  setupCharts();
}
