// Dashboard behaviour for the Forced Returns Tracker.
//
// Loaded once per page with <script src="/static/dist/app-<hash>.js" defer>.
// The page's CSP is `script-src 'self'; style-src 'self'`, so this file never
// evaluates strings as code and never writes style attributes as markup;
// styles set through CSSOM (element.style.x = ...) are allowed by CSP.
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
//     <table class="chart-table">…</table>
//   </figure>
//
// The option JSON holds data only (no functions): the few callbacks ECharts
// needs are installed here, and they treat every string from the data as text.

import * as echarts from 'echarts/core';
import { BarChart, LineChart, ScatterChart, CustomChart } from 'echarts/charts';
import {
  TitleComponent,
  TooltipComponent,
  GridComponent,
  LegendComponent,
  ToolboxComponent,
  AriaComponent,
  MarkLineComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { LabelLayout } from 'echarts/features';

echarts.use([
  BarChart,
  LineChart,
  ScatterChart,
  CustomChart,
  TitleComponent,
  TooltipComponent,
  GridComponent,
  LegendComponent,
  ToolboxComponent,
  AriaComponent,
  MarkLineComponent,
  CanvasRenderer,
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

function escapeHTML(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
  })[c]);
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

// ---------------------------------------------------------------- tooltips

function formatNumber(v) {
  return typeof v === 'number' && isFinite(v) ? v.toLocaleString() : String(v);
}

function formatValue(p) {
  const v = p.value;
  if (v == null || v === '-' || (typeof v === 'number' && !isFinite(v))) return 'no data';
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
function prepareOption(option, ariaLabel, chart) {
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

  // Toolbox: keep whatever the server configured, but offer a PNG
  // download that draws the title and source line (saveImage) and a
  // read-only data view. The default data view puts the data into a
  // <textarea> through .value (text, never HTML); only its heading and
  // buttons use innerHTML, and those come from `lang`, escaped here.
  const toolbox = isObject(option.toolbox) ? option.toolbox : {};
  toolbox.show = true;
  toolbox.top = 0;
  const feature = isObject(toolbox.feature) ? toolbox.feature : {};
  const save = isObject(feature.saveAsImage) ? feature.saveAsImage : {};
  delete feature.saveAsImage;
  if (chart) {
    feature.mySaveImage = {
      show: true,
      title: typeof save.title === 'string' ? save.title : 'Save as PNG',
      // A download arrow over a tray.
      icon: 'path://M12 3v12M7 10l5 5 5-5M4 19h16',
      onclick: () => downloadImage(chart, 'png', typeof save.name === 'string' ? save.name : 'chart'),
    };
  }
  const dv = Object.assign({}, feature.dataView, { show: true, readOnly: true });
  delete dv.optionToContent;
  delete dv.contentToOption;
  const lang = Array.isArray(dv.lang) ? dv.lang : ['Data view', 'Close', 'Refresh'];
  dv.lang = lang.map((s) => escapeHTML(s == null ? '' : s));
  feature.dataView = dv;
  toolbox.feature = feature;
  option.toolbox = toolbox;

  // Category labels under vertical bars wrap to their band, so that on a
  // narrow chart they never run into each other.
  if (chart) {
    for (const axis of asArray(option.xAxis)) {
      if (!isObject(axis) || axis.type !== 'category' || !Array.isArray(axis.data) || !axis.data.length) continue;
      const band = Math.floor((chart.getWidth() - 72) / axis.data.length) - 8;
      const label = isObject(axis.axisLabel) ? axis.axisLabel : {};
      if (!label.width || label.width > band) label.width = Math.max(40, band);
      label.overflow = 'break';
      axis.axisLabel = label;
    }
  }

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

  // The page shows each chart's title and source line once, in HTML
  // around the canvas; the canvas draws them only in saved images. What
  // an image draws is kept in `exportState` for saveImage.
  const titles = asArray(option.title).filter(isObject);
  const grid = isObject(option.grid) ? option.grid : {};
  if (chart) {
    chart.__frExport = {
      titles: titles.map((t) => Object.assign({}, t, { show: true })),
      grid: Object.assign({}, grid),
    };
  }
  option.title = titles.map((t) => Object.assign({}, t, { show: false }));
  option.grid = Object.assign({}, grid, { top: 36, bottom: 36 });
  return option;
}

// ------------------------------------------------------------------ charts

function reducedMotion() {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

// imageOf draws the chart with its title and source line, wrapped to the
// chart's width, as a data URL of the given type, and puts the page view
// back: a saved image always carries its citation, however narrow the
// chart.
function imageOf(chart, type) {
  const state = chart.__frExport;
  if (!state) return chart.getDataURL({ type, pixelRatio: 2, backgroundColor: '#fff' });
  const width = chart.getWidth();
  const page = chart.getOption();
  const titles = state.titles.map((t, i) => {
    const c = JSON.parse(JSON.stringify(t));
    c.textStyle = Object.assign({}, c.textStyle, { width: Math.max(120, width - (i === 0 ? 80 : 24)), overflow: 'break' });
    if (i === 0 && width < 480) c.textStyle.fontSize = 14;
    return c;
  });
  const lines = Math.ceil(String(titles[1] ? titles[1].text : '').length * 6.2 / Math.max(120, width - 24));
  const grid = Object.assign({}, state.grid, { bottom: Math.max(state.grid.bottom || 0, 40 + 14 * lines) });
  chart.setOption({ title: titles, grid, toolbox: { show: false }, animation: false });
  const url = chart.getDataURL({ type, pixelRatio: 2, backgroundColor: '#fff' });
  chart.setOption({ title: page.title, grid: page.grid, toolbox: { show: true }, animation: page.animation });
  return url;
}

function downloadImage(chart, type, name) {
  const a = document.createElement('a');
  a.href = imageOf(chart, type);
  a.download = name + '.' + type;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

const charts = [];

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

function setupChart(figure) {
  const canvas = figure.querySelector('.chart-canvas');
  const mainScript = figure.querySelector('script.chart-options');
  const altScript = figure.querySelector('script.chart-options-alt');
  if (!canvas || !mainScript) return;
  const firstView = mainScript.dataset.view || 'count';
  const views = { [firstView]: mainScript };
  if (altScript) views[altScript.dataset.view || 'rate'] = altScript;
  const ariaLabel = canvas.getAttribute('aria-label') || '';

  const option = readJSON(mainScript);
  if (!option) {
    figure.classList.add('chart-error');
    return;
  }
  // Without the stylesheet the container has no height and ECharts would
  // draw nothing; give it one through CSSOM.
  if (!canvas.clientHeight) canvas.style.height = '360px';
  // A horizontal bar chart gets room for every bar and its two-line label.
  const cats = asArray(option.yAxis).filter((a) => isObject(a) && a.type === 'category')[0];
  if (cats && Array.isArray(cats.data)) {
    // On a narrow chart the labels take at most a third of its width.
    cats.axisLabel = isObject(cats.axisLabel) ? cats.axisLabel : {};
    const room = Math.floor(canvas.clientWidth / 3);
    if (room > 0 && (!cats.axisLabel.width || cats.axisLabel.width > room)) cats.axisLabel.width = Math.max(72, room);
    // Each row as tall as its longest label wrapped to the label width.
    const labelWidth = cats.axisLabel.width || 150;
    const longest = Math.max(0, ...cats.data.map((c) => String(c).length));
    const row = Math.max(44, Math.ceil((longest * 7) / labelWidth) * 15 + 14);
    const need = 96 + cats.data.length * row;
    if (need > canvas.clientHeight) canvas.style.height = need + 'px';
  }

  const chart = echarts.init(canvas, null, { renderer: 'canvas' });
  charts.push(chart);

  chart.on('finished', function onFirstFinish() {
    chart.off('finished', onFirstFinish);
    figure.classList.add('chart-ready');
    figure.setAttribute('data-rendered', '1');
  });

  chart.on('click', (params) => {
    const url = params && params.data && typeof params.data.url === 'string' ? safeLocalURL(params.data.url) : null;
    if (url) openMark(url);
  });

  chart.setOption(prepareOption(option, ariaLabel, chart));
  figure.setAttribute('data-view', firstView);
  // For tests and scripts: the instance and the image it would save.
  canvas.frChart = chart;
  canvas.frImage = (type) => imageOf(chart, type || 'png');

  const buttons = figure.querySelectorAll('[data-chart-view]');
  if (!altScript) {
    // Nothing to toggle to.
    buttons.forEach((b) => { b.hidden = true; });
    return;
  }
  // The toggle group may be rendered `hidden` so that it never shows
  // without JavaScript.
  const group = figure.querySelector('.chart-views');
  if (group) group.hidden = false;
  const viewOf = (btn) => btn.getAttribute('data-chart-view') || btn.value;
  const press = (view) => buttons.forEach((b) => b.setAttribute('aria-pressed', String(viewOf(b) === view)));
  const show = (view) => {
    // Parse afresh: ECharts keeps references into the option object it was
    // given, and prepareOption mutates it.
    const opt = readJSON(views[view]);
    if (!opt) return;
    chart.setOption(prepareOption(opt, ariaLabel, chart), { notMerge: true });
    figure.setAttribute('data-view', view);
    press(view);
  };
  buttons.forEach((btn) => {
    btn.hidden = !views[viewOf(btn)];
    btn.addEventListener('click', () => {
      const view = viewOf(btn);
      if (views[view] && figure.getAttribute('data-view') !== view) show(view);
    });
  });
  press(firstView);
}

// Resize only charts whose box changed: ResizeObserver also reports on
// observe(), and a needless resize() would redraw (and re-animate) them.
let resizeTimer = 0;
function resizeCharts() {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    for (const c of charts) {
      const dom = c.getDom();
      if (dom.clientWidth !== c.getWidth() || dom.clientHeight !== c.getHeight()) c.resize();
    }
  }, 150);
}

function setupCharts() {
  document.querySelectorAll('figure.chart').forEach((figure) => {
    try {
      setupChart(figure);
    } catch (e) {
      // One broken chart must not stop the others; its table still shows.
      figure.classList.add('chart-error');
      console.error(e);
    }
  });
  if (!charts.length) return;
  window.addEventListener('resize', resizeCharts);
  if (typeof ResizeObserver === 'function') {
    const ro = new ResizeObserver(resizeCharts);
    charts.forEach((c) => ro.observe(c.getDom()));
  }
}

// ------------------------------------------------------ copy, autosubmit

let statusRegion = null;
function announce(message) {
  if (!statusRegion) {
    statusRegion = el('div', 'visually-hidden');
    statusRegion.setAttribute('role', 'status');
    document.body.appendChild(statusRegion);
  }
  statusRegion.textContent = '';
  // A fresh text node after a tick so screen readers announce repeats too.
  setTimeout(() => { statusRegion.textContent = message; }, 50);
}

function selectContents(target) {
  if (typeof target.select === 'function') {
    target.select();
    return;
  }
  const range = document.createRange();
  range.selectNodeContents(target);
  const sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
}

function copyFrom(button) {
  let target = null;
  try {
    target = document.querySelector(button.getAttribute('data-copy'));
  } catch (e) {
    // invalid selector: nothing to copy
  }
  if (!target) return;
  const text = 'value' in target && typeof target.value === 'string' ? target.value : target.textContent;
  const done = () => {
    announce('Copied to clipboard.');
    button.classList.add('copied');
    setTimeout(() => button.classList.remove('copied'), 2000);
  };
  const fallback = () => {
    // No async clipboard (plain http, old browser): select the text so the
    // reader sees it and can copy it, and try the legacy command.
    selectContents(target);
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch (e) {
      ok = false;
    }
    if (ok) done();
    else announce('Text selected: press Ctrl+C (or ⌘C) to copy.');
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, fallback);
  } else {
    fallback();
  }
}

function setupControls() {
  document.addEventListener('click', (e) => {
    const button = e.target.closest && e.target.closest('[data-copy]');
    if (button) {
      e.preventDefault();
      copyFrom(button);
    }
  });
  document.addEventListener('change', (e) => {
    const select = e.target;
    if (!select.matches || !select.matches('select[data-autosubmit]') || !select.form) return;
    // requestSubmit runs validation and submit handlers, like a click would.
    if (typeof select.form.requestSubmit === 'function') select.form.requestSubmit();
    else select.form.submit();
  });
}

function main() {
  // Lets the stylesheet hide no-JS fallbacks (.no-js-only) and show JS-only
  // controls (.js-only), without any inline style.
  document.documentElement.classList.add('js');
  setupControls();
  setupCharts();
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', main);
} else {
  main();
}
