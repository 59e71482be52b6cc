// Dashboard behaviour for the Forced Returns Tracker, on every page.
//
// Loaded with <script src="/static/dist/app-<hash>.js" defer>. On a page
// with a chart the tag also names the chart bundle (data-charts): it is
// loaded only when the first chart comes near the viewport, so a page
// without a chart, and a reader who never scrolls to one, loads no chart
// code. The page's CSP is `script-src 'self'; style-src 'self'`: no
// strings evaluated as code, no style attributes written as markup.

import { el } from './dom.js';

// ------------------------------------------------------------ chart code

function loadCharts(src) {
  const figures = document.querySelectorAll('figure.chart');
  if (!src || !figures.length) return;
  let loaded = false;
  const load = () => {
    if (loaded) return;
    loaded = true;
    const script = document.createElement('script');
    script.src = src;
    document.head.appendChild(script);
  };
  if (typeof IntersectionObserver !== 'function') {
    load();
    return;
  }
  const io = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    io.disconnect();
    load();
  }, { rootMargin: '100px 0px' });
  figures.forEach((f) => io.observe(f));
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

// copyFrom copies what data-copy names: a field's value, a link's full
// address (a share link, with whatever view state the page put in it), or
// an element's text. What it announces is the button's data-copied and
// data-copy-manual, in the page's language.
function copyFrom(button) {
  let target = null;
  try {
    target = document.querySelector(button.getAttribute('data-copy'));
  } catch (e) {
    // invalid selector: nothing to copy
  }
  if (!target) return;
  let text = target.textContent;
  if (target instanceof HTMLAnchorElement) text = target.href;
  else if ('value' in target && typeof target.value === 'string') text = target.value;
  const done = () => {
    announce(button.getAttribute('data-copied') || '');
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
    else announce(button.getAttribute('data-copy-manual') || '');
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

const chartsSrc = document.currentScript && document.currentScript.getAttribute('data-charts');

function main() {
  // Lets the stylesheet hide no-JS fallbacks (.no-js-only) and show JS-only
  // controls (.js-only), without any inline style.
  document.documentElement.classList.add('js');
  setupControls();
  loadCharts(chartsSrc);
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', main);
} else {
  main();
}
