/**
 * The script of the leaderboard page (inlined into the page; see `leaderboard-page.ts`): vanilla
 * JavaScript, no dependencies, no network. It reads the leaderboard JSON embedded in the page, makes the
 * tables sortable (buttons in the column headings, `aria-sort` kept current), draws the charts as inline
 * SVG with their text alternatives, and runs the per-episode view, which decodes the episodes' `q16`
 * traces (format in `episode-trace.ts`).
 * @module
 */

/** JavaScript of the leaderboard page (an immediately invoked function; no template expressions inside). */
export const PAGE_SCRIPT = String.raw`
(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  var COLORS = ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#b279a2', '#eeca3b', '#9d755d', '#ff9da6', '#bab0ac', '#2f4b7c', '#a05195'];
  var TERMS = ['switching', 'communication', 'computation', 'accuracy', 'cloud'];
  var TERM_COLORS = ['#e45756', '#f58518', '#4c78a8', '#b279a2', '#72b7b2'];
  var data = JSON.parse(document.getElementById('leaderboard-data').textContent);
  var results = data.results || [];
  var curves = Array.isArray(data.meta && data.meta.learningCurves) ? data.meta.learningCurves : [];
  var uid = 0;

  function fixed(x, d) { return typeof x === 'number' && isFinite(x) ? x.toFixed(d === undefined ? 4 : d) : '\u2013'; }
  function short(x) {
    if (!isFinite(x)) return '';
    if (x === 0) return '0';
    var a = Math.abs(x);
    if (a >= 1e6) return Number((x / 1e6).toPrecision(3)) + 'M';
    if (a >= 1e4) return Number((x / 1e3).toPrecision(3)) + 'k';
    if (a < 1e-3) return x.toExponential(1);
    return String(Number(x.toPrecision(3)));
  }
  function meanReturn(r) {
    var s = 0;
    for (var i = 0; i < r.episodes.length; i++) s += r.episodes[i].return;
    return s / Math.max(r.episodes.length, 1);
  }
  function isMarket(r) { return r.welfareRatio !== undefined && r.welfareRatio !== null; }
  function byEnv() {
    var groups = new Map();
    results.forEach(function (r) {
      if (!groups.has(r.env)) groups.set(r.env, []);
      groups.get(r.env).push(r);
    });
    return groups;
  }
  function label(r) { return r.source === 'remote' ? r.agent + ' (remote)' : r.agent; }

  // ---------- sortable tables ----------
  function sortTable(table, k, dir) {
    var ths = table.tHead.rows[0].cells;
    var numeric = ths[k].getAttribute('data-type') === 'number';
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var va = a.cells[k].getAttribute('data-value');
      var vb = b.cells[k].getAttribute('data-value');
      var c;
      if (va === '' || vb === '') c = va === vb ? 0 : va === '' ? 1 : -1;
      else {
        c = numeric ? Number(va) - Number(vb) : va.localeCompare(vb);
        if (dir === 'descending') c = -c;
      }
      return c !== 0 ? c : Number(a.getAttribute('data-rank')) - Number(b.getAttribute('data-rank'));
    });
    rows.forEach(function (tr) { body.appendChild(tr); });
    for (var i = 0; i < ths.length; i++) ths[i].setAttribute('aria-sort', i === k ? dir : 'none');
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.ranking'), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, k) {
      var button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', function () {
        sortTable(table, k, th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending');
      });
    });
  });

  // ---------- SVG helpers ----------
  function el(tag, attrs, parent, text) {
    var e = document.createElementNS(NS, tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  function svgRoot(container, width, height, captionId, title) {
    var svg = el('svg', { xmlns: NS, viewBox: '0 0 ' + width + ' ' + height, width: width, height: height, role: 'img' });
    if (captionId) svg.setAttribute('aria-labelledby', captionId);
    el('title', null, svg, title);
    container.appendChild(svg);
    return svg;
  }
  function niceTicks(lo, hi, n) {
    if (!(hi > lo)) hi = lo + (Math.abs(lo) || 1);
    var step = Math.pow(10, Math.floor(Math.log10((hi - lo) / n)));
    var err = (n * step) / (hi - lo);
    if (err <= 0.15) step *= 10; else if (err <= 0.35) step *= 5; else if (err <= 0.75) step *= 2;
    var start = Math.floor(lo / step + 1e-9), end = Math.ceil(hi / step - 1e-9);
    var out = [];
    for (var k = start; k <= end; k++) out.push(k === 0 ? 0 : Number((k * step).toPrecision(12)));
    return out;
  }
  function scale(d0, d1, r0, r1) {
    var span = d1 - d0 || 1;
    return function (v) { return r0 + ((v - d0) / span) * (r1 - r0); };
  }
  function xAxis(svg, x, ticks, y0, y1, title, width) {
    var g = el('g', { class: 'axis' }, svg);
    var grid = el('g', { class: 'grid' }, svg);
    svg.insertBefore(grid, svg.children[1] || null);
    ticks.forEach(function (t) {
      el('line', { x1: x(t), x2: x(t), y1: y0, y2: y1 }, grid);
      el('line', { x1: x(t), x2: x(t), y1: y1, y2: y1 + 4 }, g);
      el('text', { x: x(t), y: y1 + 15, 'text-anchor': 'middle' }, g, short(t));
    });
    el('line', { x1: x(ticks[0]), x2: x(ticks[ticks.length - 1]), y1: y1, y2: y1 }, g);
    if (title) el('text', { x: width / 2, y: y1 + 30, 'text-anchor': 'middle' }, g, title);
  }
  function yAxis(svg, y, ticks, x0, x1, title, top, bottom) {
    var g = el('g', { class: 'axis' }, svg);
    var grid = el('g', { class: 'grid' }, svg);
    svg.insertBefore(grid, svg.children[1] || null);
    ticks.forEach(function (t) {
      el('line', { x1: x0, x2: x1, y1: y(t), y2: y(t) }, grid);
      el('line', { x1: x0 - 4, x2: x0, y1: y(t), y2: y(t) }, g);
      el('text', { x: x0 - 6, y: y(t) + 4, 'text-anchor': 'end' }, g, short(t));
    });
    el('line', { x1: x0, x2: x0, y1: top, y2: bottom }, g);
    if (title) el('text', { x: 12, y: (top + bottom) / 2, 'text-anchor': 'middle', transform: 'rotate(-90 12 ' + (top + bottom) / 2 + ')' }, g, title);
  }
  function legend(svg, names, colors, x, y, width, dashes) {
    var cx = x;
    var cy = y;
    names.forEach(function (name, i) {
      var w = 18 + name.length * 6.2;
      if (cx + w > width && cx > x) { cx = x; cy += 15; }
      if (dashes) {
        var attrs = { x1: cx, x2: cx + 12, y1: cy - 4, y2: cy - 4, stroke: colors[i % colors.length], 'stroke-width': 2 };
        if (dashes[i]) attrs['stroke-dasharray'] = dashes[i];
        el('line', attrs, svg);
      } else el('rect', { x: cx, y: cy - 9, width: 10, height: 10, fill: colors[i % colors.length] }, svg);
      el('text', { x: cx + 16, y: cy }, svg, name);
      cx += w + 10;
    });
    return cy + 8;
  }
  function legendHeight(names, width, x) {
    var cx = x;
    var rows = 1;
    names.forEach(function (name) {
      var w = 18 + name.length * 6.2;
      if (cx + w > width && cx > x) { cx = x; rows++; }
      cx += w + 10;
    });
    return rows * 15 + 6;
  }

  /** Horizontal bars with confidence intervals. rows: {label, value, lo, hi} */
  function intervalBars(container, rows, opts) {
    var width = 640, left = 170, right = 24, top = 8, row = 22, bottom = 40;
    var height = top + rows.length * row + bottom;
    var lo = Math.min(0, Math.min.apply(null, rows.map(function (r) { return Math.min(r.value, r.lo); })));
    var hi = Math.max.apply(null, rows.map(function (r) { return Math.max(r.value, r.hi); }));
    var ticks = niceTicks(lo, hi, 6);
    var x = scale(ticks[0], ticks[ticks.length - 1], left, width - right);
    var svg = svgRoot(container, width, height, opts.captionId, opts.title);
    xAxis(svg, x, ticks, top, top + rows.length * row, opts.xTitle, width);
    rows.forEach(function (r, i) {
      var y = top + i * row;
      var g = el('g', null, svg);
      el('title', null, g, r.label + ': ' + fixed(r.value) + ' [' + fixed(r.lo) + ', ' + fixed(r.hi) + ']');
      el('rect', { x: Math.min(x(0), x(r.value)), y: y + 4, width: Math.abs(x(r.value) - x(0)), height: row - 8, fill: r.color || COLORS[0] }, g);
      el('line', { x1: x(r.lo), x2: x(r.hi), y1: y + row / 2, y2: y + row / 2, stroke: '#111', 'stroke-width': 1.5 }, g);
      el('line', { x1: x(r.lo), x2: x(r.lo), y1: y + 6, y2: y + row - 6, stroke: '#111' }, g);
      el('line', { x1: x(r.hi), x2: x(r.hi), y1: y + 6, y2: y + row - 6, stroke: '#111' }, g);
      el('text', { x: left - 6, y: y + row / 2 + 4, 'text-anchor': 'end' }, g, r.label);
    });
  }

  /** Horizontal stacked bars. rows: {label, parts: number[]} */
  function stackedBars(container, rows, names, colors, opts) {
    var width = 640, left = 170, right = 24, row = 22, bottom = 40;
    var top = legendHeight(names, width, left) + 4;
    var height = top + rows.length * row + bottom;
    var hi = Math.max.apply(null, rows.map(function (r) { return r.parts.reduce(function (a, b) { return a + Math.max(b, 0); }, 0); }));
    var ticks = niceTicks(0, hi, 6);
    var x = scale(0, ticks[ticks.length - 1], left, width - right);
    var svg = svgRoot(container, width, height, opts.captionId, opts.title);
    legend(svg, names, colors, left, 14, width);
    xAxis(svg, x, ticks, top, top + rows.length * row, opts.xTitle, width);
    rows.forEach(function (r, i) {
      var y = top + i * row;
      var g = el('g', null, svg);
      el('title', null, g, r.label + ': ' + names.map(function (n, k) { return n + ' ' + fixed(r.parts[k]); }).join(', '));
      var acc = 0;
      r.parts.forEach(function (v, k) {
        var w = Math.max(v, 0);
        el('rect', { x: x(acc), y: y + 4, width: x(acc + w) - x(acc), height: row - 8, fill: colors[k % colors.length] }, g);
        acc += w;
      });
      el('text', { x: left - 6, y: y + row / 2 + 4, 'text-anchor': 'end' }, g, r.label);
    });
  }

  /** Lines over x. series: {name, color, dash, points: [[x, y], ...]} */
  function lineChart(container, series, opts) {
    var width = opts.width || 640, height = opts.height || 260, left = 62, right = 24, bottom = 42;
    var names = series.map(function (s) { return s.name; });
    var top = legendHeight(names, width, left) + 6;
    var xs = [], ys = [];
    series.forEach(function (s) { s.points.forEach(function (p) { xs.push(p[0]); ys.push(p[1]); }); });
    var bands = opts.bands || [];
    bands.forEach(function (b) { b.points.forEach(function (p) { xs.push(p[0]); ys.push(p[1], p[2]); }); });
    if (xs.length === 0) return;
    var yLo = opts.yMin !== undefined ? opts.yMin : Math.min.apply(null, ys);
    var yHi = opts.yMax !== undefined ? opts.yMax : Math.max.apply(null, ys);
    var xt = niceTicks(Math.min.apply(null, xs), Math.max.apply(null, xs), 6);
    var yt = niceTicks(yLo, yHi, 5);
    var x = scale(xt[0], xt[xt.length - 1], left, width - right);
    var y = scale(yt[0], yt[yt.length - 1], height - bottom, top);
    var svg = svgRoot(container, width, height, opts.captionId, opts.title);
    legend(svg, names, series.map(function (s) { return s.color; }), left, 14, width, series.map(function (s) { return s.dash || ''; }));
    xAxis(svg, x, xt, top, height - bottom, opts.xTitle, width);
    yAxis(svg, y, yt, left, width - right, opts.yTitle, top, height - bottom);
    // shaded bands (e.g. lowest to highest over training seeds): along the upper edge, back along the lower
    bands.forEach(function (b) {
      if (b.points.length === 0) return;
      var upper = b.points.map(function (p, i) { return (i === 0 ? 'M' : 'L') + x(p[0]).toFixed(1) + ' ' + y(p[2]).toFixed(1); });
      var lower = b.points.slice().reverse().map(function (p) { return 'L' + x(p[0]).toFixed(1) + ' ' + y(p[1]).toFixed(1); });
      el('path', { d: upper.concat(lower).join(' ') + ' Z', fill: b.color, 'fill-opacity': 0.18, stroke: 'none', class: 'band' }, svg);
    });
    series.forEach(function (s) {
      var d = s.points.map(function (p, i) { return (i === 0 ? 'M' : 'L') + x(p[0]).toFixed(1) + ' ' + y(p[1]).toFixed(1); }).join(' ');
      var attrs = { d: d, fill: 'none', stroke: s.color, 'stroke-width': 1.6 };
      if (s.dash) attrs['stroke-dasharray'] = s.dash;
      el('path', attrs, svg);
    });
  }

  /** Vertical (stacked) columns per step. stacks: one array of per-step values per part. */
  function stepColumns(container, stacks, names, colors, opts) {
    var width = 640, height = opts.height || 240, left = 62, right = 16, bottom = 42;
    var top = (names.length > 1 ? legendHeight(names, width, left) : 0) + 8;
    var steps = stacks[0].length;
    var totals = new Float64Array(steps);
    stacks.forEach(function (s) { for (var t = 0; t < steps; t++) totals[t] += Math.max(s[t], 0); });
    var hi = Math.max(opts.yAtLeast || 0, Math.max.apply(null, Array.prototype.slice.call(totals)));
    var yt = niceTicks(0, hi, 5);
    var xt = niceTicks(1, steps, 8).filter(function (t) { return t >= 1 && t <= steps && Math.round(t) === t; });
    var x = scale(0.5, steps + 0.5, left, width - right);
    var y = scale(0, yt[yt.length - 1], height - bottom, top);
    var svg = svgRoot(container, width, height, opts.captionId, opts.title);
    if (names.length > 1) legend(svg, names, colors, left, 14, width);
    xAxis(svg, x, xt, top, height - bottom, opts.xTitle, width);
    yAxis(svg, y, yt, left, width - right, opts.yTitle, top, height - bottom);
    var w = Math.max((width - left - right) / steps - 1, 1);
    for (var t = 0; t < steps; t++) {
      var g = el('g', null, svg);
      el('title', null, g, opts.stepName + ' ' + (t + 1) + ': ' + names.map(function (n, k) { return n + ' ' + short(stacks[k][t]); }).join(', '));
      var acc = 0;
      for (var k = 0; k < stacks.length; k++) {
        var v = Math.max(stacks[k][t], 0);
        if (v > 0) el('rect', { x: x(t + 1) - w / 2, y: y(acc + v), width: w, height: Math.max(y(acc) - y(acc + v), 0), fill: colors[k % colors.length] }, g);
        acc += v;
      }
    }
  }

  /** Which pairs were resident per step: one row per pair, a filled cell when resident. */
  function residency(container, resident, pairs, opts) {
    var steps = resident.length;
    var width = 640, left = 62, right = 16, top = 8, bottom = 42;
    var row = Math.max(Math.min(12, 260 / Math.max(pairs, 1)), 3);
    var height = top + pairs * row + bottom;
    var x = scale(0.5, steps + 0.5, left, width - right);
    var svg = svgRoot(container, width, height, opts.captionId, opts.title);
    el('rect', { x: left, y: top, width: width - left - right, height: pairs * row, fill: '#f1f3f5' }, svg);
    var xt = niceTicks(1, steps, 8).filter(function (t) { return t >= 1 && t <= steps && Math.round(t) === t; });
    xAxis(svg, x, xt, top, top + pairs * row, opts.xTitle, width);
    var cw = (width - left - right) / steps;
    for (var p = 0; p < pairs; p++) {
      var t = 0;
      while (t < steps) {
        if (!resident[t][p]) { t++; continue; }
        var start = t;
        while (t < steps && resident[t][p]) t++;
        var r = el('rect', { x: left + start * cw, y: top + p * row + 0.5, width: (t - start) * cw, height: row - 1, fill: COLORS[0] }, svg);
        el('title', null, r, 'pair ' + p + ': resident in slots ' + (start + 1) + '\u2013' + t);
      }
      if (pairs <= 24 || p % 5 === 0) el('text', { x: left - 6, y: top + p * row + row / 2 + 4, 'text-anchor': 'end' }, svg, 'pair ' + p);
    }
  }

  function figure(container, title, captionText) {
    var fig = document.createElement('figure');
    fig.className = 'chart';
    var plot = document.createElement('div');
    plot.className = 'plot';
    var cap = document.createElement('figcaption');
    cap.id = 'cap-' + (++uid);
    var strong = document.createElement('strong');
    strong.textContent = title;
    cap.appendChild(strong);
    cap.appendChild(document.createTextNode(' ' + captionText));
    fig.appendChild(plot);
    fig.appendChild(cap);
    container.appendChild(fig);
    return { plot: plot, captionId: cap.id, figure: fig };
  }
  function dataTable(parent, summary, head, rows) {
    var details = document.createElement('details');
    var s = document.createElement('summary');
    s.textContent = summary;
    details.appendChild(s);
    var table = document.createElement('table');
    var thead = table.createTHead().insertRow();
    head.forEach(function (h) { var th = document.createElement('th'); th.scope = 'col'; th.textContent = h; thead.appendChild(th); });
    var body = table.createTBody();
    rows.forEach(function (r) {
      var tr = body.insertRow();
      r.forEach(function (v, i) {
        var c = i === 0 ? document.createElement('th') : document.createElement('td');
        if (i === 0) c.scope = 'row'; else c.className = 'num';
        c.textContent = v;
        tr.appendChild(c);
      });
    });
    details.appendChild(table);
    parent.appendChild(details);
  }

  // ---------- scenario charts ----------
  function setSummary(fig, text) {
    var s = fig.querySelector('.summary');
    if (s) s.textContent = text;
  }
  var groups = byEnv();
  Array.prototype.forEach.call(document.querySelectorAll('figure[data-chart]'), function (fig) {
    var env = fig.getAttribute('data-env');
    var kind = fig.getAttribute('data-chart');
    var rows = groups.get(env) || [];
    var plot = fig.querySelector('.plot');
    var captionId = fig.querySelector('figcaption').id;
    try {
      if (kind === 'cost') {
        var market = rows.length > 0 && rows.every(isMarket);
        var bars = rows.map(function (r) {
          var s = market ? r.welfareRatio : { mean: r.meanCost, ci95: r.ci95 };
          return { label: label(r), value: s.mean, lo: s.ci95[0], hi: s.ci95[1], color: r.source === 'remote' ? COLORS[1] : COLORS[0] };
        });
        bars.sort(function (a, b) { return market ? b.value - a.value : a.value - b.value; });
        intervalBars(plot, bars, { captionId: captionId, title: env + (market ? ': welfare / OPT' : ': mean cost per slot'), xTitle: market ? 'welfare / OPT (95% bootstrap CI)' : 'mean cost per slot (95% bootstrap CI)' });
        var best = bars[0], worst = bars[bars.length - 1];
        setSummary(fig, (market ? 'Highest' : 'Lowest') + ': ' + best.label + ' ' + fixed(best.value) + ' [' + fixed(best.lo) + ', ' + fixed(best.hi) + ']; ' +
          (market ? 'lowest' : 'highest') + ': ' + worst.label + ' ' + fixed(worst.value) + ' [' + fixed(worst.lo) + ', ' + fixed(worst.hi) + ']. Every value is in the table above.' +
          (bars.some(function (b) { return b.color === COLORS[1]; }) ? ' Remote entries are drawn in orange.' : ''));
      } else if (kind === 'breakdown') {
        var withCosts = rows.filter(function (r) { return r.costs; }).slice().sort(function (a, b) { return a.meanCost - b.meanCost; });
        stackedBars(plot, withCosts.map(function (r) { return { label: label(r), parts: TERMS.map(function (t) { return r.costs[t] || 0; }) }; }), TERMS, TERM_COLORS,
          { captionId: captionId, title: env + ': cost terms per slot', xTitle: 'mean cost per slot' });
        var top = withCosts[0];
        if (top) {
          var terms = TERMS.map(function (t) { return [t, top.costs[t] || 0]; }).sort(function (a, b) { return b[1] - a[1]; });
          setSummary(fig, 'Bars in table order. For ' + label(top) + ' the largest term is ' + terms[0][0] + ' (' + fixed(terms[0][1]) + ' of ' + fixed(top.meanCost) + '). Every term is a column of the table above.');
        }
      } else if (kind === 'learning') {
        var mine = curves.filter(function (c) { return c.env === env; });
        var series = [];
        var bands = [];
        var table = [];
        var seeded = false;
        mine.forEach(function (c, i) {
          var color = COLORS[i % COLORS.length];
          var several = Array.isArray(c.trainingSeeds) && c.trainingSeeds.length > 1;
          var name = several ? c.agent + ' (mean of seeds ' + c.trainingSeeds.join(', ') + ')' : c.agent;
          var train = [], val = [], band = [];
          c.x.forEach(function (xv, k) {
            if (c.train[k] !== null && c.train[k] !== undefined) train.push([xv, c.train[k]]);
            if (c.validation[k] !== null && c.validation[k] !== undefined) val.push([xv, c.validation[k]]);
            if (several && c.validationMin && c.validationMin[k] !== null && c.validationMin[k] !== undefined) band.push([xv, c.validationMin[k], c.validationMax[k]]);
          });
          if (train.length) series.push({ name: name + ' (train)', color: color, dash: '4 3', points: train });
          if (val.length) series.push({ name: name + ' (validation)', color: color, points: val });
          if (band.length) { bands.push({ color: color, points: band }); seeded = true; }
          var lastVal = val.length ? val[val.length - 1] : null;
          var lastBand = band.length ? band[band.length - 1] : null;
          var bestVal = val.length ? val.reduce(function (a, b) { return (c.metric.indexOf('return') >= 0 ? b[1] > a[1] : b[1] < a[1]) ? b : a; }) : null;
          table.push([name, short(c.x[c.x.length - 1]), lastVal ? fixed(lastVal[1]) + (lastBand ? ' (seeds ' + fixed(lastBand[1]) + '\u2013' + fixed(lastBand[2]) + ')' : '') : '\u2013',
            bestVal ? fixed(bestVal[1]) + ' at ' + short(bestVal[0]) : '\u2013']);
        });
        var metric = mine.length ? mine[0].metric : '';
        lineChart(plot, series, { captionId: captionId, title: env + ': learning curves', xTitle: 'environment steps', yTitle: metric, bands: bands });
        setSummary(fig, 'Dashed: training episodes (stochastic policy); solid: validation episodes (deterministic policy); y: ' + metric + '.' +
          (seeded ? ' Agents with several training seeds are drawn as the mean over the seeds, with the seeds\' lowest to highest validation value shaded.' : ''));
        dataTable(fig, 'Learning curves as a table', ['agent', 'steps trained', 'last validation', 'best validation'], table);
      }
    } catch (e) {
      setSummary(fig, 'This chart could not be drawn: ' + e.message);
    }
  });

  // ---------- per-episode view ----------
  function bytes(s) {
    var bin = atob(s);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function decodeTrace(t) {
    var cols = {};
    t.columns.forEach(function (c) {
      var out = new Float64Array(t.steps).fill(c.min);
      if (c.data) {
        var b = bytes(c.data);
        var span = c.max - c.min;
        for (var i = 0; i < t.steps; i++) out[i] = c.min + ((b[2 * i] | (b[2 * i + 1] << 8)) / 65535) * span;
      }
      cols[c.name] = out;
    });
    var resident = null;
    if (t.pairs && t.resident) {
      var width = Math.ceil(t.pairs / 8);
      var rb = bytes(t.resident);
      resident = [];
      for (var s = 0; s < t.steps; s++) {
        var row = new Uint8Array(t.pairs);
        for (var p = 0; p < t.pairs; p++) row[p] = (rb[s * width + (p >> 3)] >> (p & 7)) & 1;
        resident.push(row);
      }
    }
    return { steps: t.steps, columns: cols, resident: resident };
  }

  var pickEnv = document.getElementById('pick-env');
  var pickAgent = document.getElementById('pick-agent');
  var pickSeed = document.getElementById('pick-seed');
  var summary = document.getElementById('episode-summary');
  var charts = document.getElementById('episode-charts');
  var tableBox = document.getElementById('episode-table');
  var traced = new Map();
  function loadTraces() {
    var node = document.getElementById('trace-data');
    var text = node ? node.textContent.trim() : '';
    if (!text) return Promise.resolve([]);
    if (typeof DecompressionStream === 'undefined') return Promise.reject(new Error('this browser has no DecompressionStream; use a current Chromium, Firefox or Safari'));
    var stream = new Blob([bytes(text)]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text().then(JSON.parse);
  }
  function fill(select, values, labels, keep) {
    select.textContent = '';
    values.forEach(function (v, i) {
      var o = document.createElement('option');
      o.value = String(v);
      o.textContent = labels ? labels[i] : String(v);
      select.appendChild(o);
    });
    if (keep !== undefined && values.map(String).indexOf(String(keep)) >= 0) select.value = String(keep);
  }
  function entry() {
    var list = traced.get(pickEnv.value) || [];
    for (var i = 0; i < list.length; i++) if (list[i].agent === pickAgent.value) return list[i];
    return null;
  }
  function refillAgents(keep) {
    var list = (traced.get(pickEnv.value) || []).slice().sort(function (a, b) { return isMarket(a) ? meanReturn(b) - meanReturn(a) : a.meanCost - b.meanCost; });
    fill(pickAgent, list.map(function (r) { return r.agent; }), list.map(label), keep);
  }
  // an episode's key: its seed, and the training seed of the checkpoint for rows across training seeds
  function epKey(e) { return e.trainingSeed === undefined || e.trainingSeed === null ? String(e.seed) : e.seed + '@' + e.trainingSeed; }
  function epLabel(e) { return e.trainingSeed === undefined || e.trainingSeed === null ? String(e.seed) : e.seed + ' (training seed ' + e.trainingSeed + ')'; }
  function refillSeeds(keep) {
    var r = entry();
    var eps = r ? r.episodes.filter(function (e) { return e.trace; }) : [];
    fill(pickSeed, eps.map(epKey), eps.map(epLabel), keep);
  }
  function renderEpisode() {
    charts.textContent = '';
    tableBox.textContent = '';
    var r = entry();
    if (!r) { summary.textContent = 'No episode traces in these results.'; return; }
    var ep = null;
    r.episodes.forEach(function (e) { if (epKey(e) === pickSeed.value) ep = e; });
    if (!ep || !ep.trace) { summary.textContent = 'No trace for this seed.'; return; }
    if (history.replaceState) history.replaceState(null, '', '#episode=' + encodeURIComponent(r.env) + '/' + encodeURIComponent(r.agent) + '/' + epKey(ep));
    var tr = decodeTrace(ep.trace);
    var c = tr.columns;
    var slots = [];
    for (var t = 1; t <= tr.steps; t++) slots.push(t);
    var who = label(r) + ' on ' + r.env + ', seed ' + epLabel(ep);
    if (c.switching) {
      summary.textContent = who + ': mean cost ' + fixed(ep.meanCost) + ' per slot over ' + ep.length + ' slots; ' + fixed(100 * (ep.edgeShare || 0), 1) +
        '% of requests served at the edge; ' + (ep.loads || 0) + ' loads; ' + (ep.evictions || 0) + ' evictions; task accuracy ' + fixed(100 * (ep.accuracy || 0), 1) + '%.';
      var stacks = TERMS.map(function (k) { return c[k]; });
      var total = new Float64Array(tr.steps);
      stacks.forEach(function (s) { for (var i = 0; i < tr.steps; i++) total[i] += s[i]; });
      var peak = 0;
      for (var i = 1; i < tr.steps; i++) if (total[i] > total[peak]) peak = i;
      var f1 = figure(charts, 'Cost terms per slot.', 'Stacked per slot; the most expensive slot is ' + (peak + 1) + ' (' + fixed(total[peak]) + '). Every value is in the table below the charts.');
      stepColumns(f1.plot, stacks, TERMS, TERM_COLORS, { captionId: f1.captionId, title: who + ': cost terms per slot', xTitle: 'slot', yTitle: 'cost', stepName: 'slot' });
      if (tr.resident) {
        var counts = tr.resident.map(function (row) { var n = 0; for (var p = 0; p < row.length; p++) n += row[p]; return n; });
        var meanResident = counts.reduce(function (a, b) { return a + b; }, 0) / Math.max(counts.length, 1);
        var ever = 0;
        for (var p = 0; p < ep.trace.pairs; p++) if (tr.resident.some(function (row) { return row[p]; })) ever++;
        var f2 = figure(charts, 'Resident (agent, model) pairs over time.', 'A filled cell: the pair was in GPU memory during the slot (pair index p = agent \u00d7 models + model). ' +
          fixed(meanResident, 1) + ' of ' + ep.trace.pairs + ' pairs resident on average; ' + ever + ' pairs resident at some point.');
        residency(f2.plot, tr.resident, ep.trace.pairs, { captionId: f2.captionId, title: who + ': resident pairs', xTitle: 'slot' });
      }
      var shares = Array.prototype.slice.call(c.edgeShare);
      var f3 = figure(charts, 'Local share per slot.', 'Share of the slot\'s requests served at the edge rather than in the cloud; mean ' + fixed(100 * (ep.edgeShare || 0), 1) + '% (request-weighted).');
      lineChart(f3.plot, [{ name: 'edge share', color: COLORS[2], points: shares.map(function (v, i) { return [i + 1, v]; }) }],
        { captionId: f3.captionId, title: who + ': local share', xTitle: 'slot', yTitle: 'share served at the edge', yMin: 0, yMax: 1, height: 220 });
      var f4 = figure(charts, 'Evictions and loads per slot.', (ep.evictions || 0) + ' evictions (a pair whose context outgrew its window) and ' + (ep.loads || 0) + ' loads in the episode.');
      stepColumns(f4.plot, [c.evictions, c.loads], ['evictions', 'loads'], [COLORS[3], COLORS[0]], { captionId: f4.captionId, title: who + ': evictions and loads', xTitle: 'slot', yTitle: 'count', stepName: 'slot', height: 200, yAtLeast: 1 });
      dataTable(tableBox, 'Per-slot values as a table', ['slot'].concat(TERMS, ['total', 'edge share', 'evictions', 'loads', 'resident pairs']), slots.map(function (s, i) {
        return [String(s)].concat(TERMS.map(function (k) { return fixed(c[k][i]); }), [fixed(total[i]), fixed(c.edgeShare[i], 3), String(Math.round(c.evictions[i])), String(Math.round(c.loads[i])),
          tr.resident ? String(tr.resident[i].reduce(function (a, b) { return a + b; }, 0)) : '\u2013']);
      }));
    } else if (c.buyerClock) {
      summary.textContent = who + ': welfare / OPT ' + fixed(ep.welfareRatio) + ' after ' + (ep.rounds !== undefined ? ep.rounds : ep.length) + ' rounds and ' + (ep.messages !== undefined ? ep.messages : '?') + ' messages; return ' + fixed(ep.return) + '.';
      var g1 = figure(charts, 'Clock prices per round.', 'The buyer clock descends and the seller clock ascends until they cross or no step fits.');
      lineChart(g1.plot, [
        { name: 'buyer clock', color: COLORS[0], points: slots.map(function (s, i) { return [s, c.buyerClock[i]]; }) },
        { name: 'seller clock', color: COLORS[1], points: slots.map(function (s, i) { return [s, c.sellerClock[i]]; }) },
      ], { captionId: g1.captionId, title: who + ': clocks', xTitle: 'round', yTitle: 'price' });
      var g2 = figure(charts, 'Step size per round.', 'The clock step the agent chose in each round, in price units.');
      lineChart(g2.plot, [{ name: 'step', color: COLORS[2], points: slots.map(function (s, i) { return [s, c.step[i]]; }) }],
        { captionId: g2.captionId, title: who + ': step sizes', xTitle: 'round', yTitle: 'step (price units)', yMin: 0, height: 220 });
      var g3 = figure(charts, 'Messages per round.', (ep.messages !== undefined ? ep.messages : '?') + ' messages in the auction (the first round also pays the opening announcements).');
      stepColumns(g3.plot, [c.messages], ['messages'], [COLORS[3]], { captionId: g3.captionId, title: who + ': messages', xTitle: 'round', yTitle: 'messages', stepName: 'round', height: 200, yAtLeast: 1 });
      dataTable(tableBox, 'Per-round values as a table', ['round', 'reward', 'step', 'buyer clock', 'seller clock', 'messages'], slots.map(function (s, i) {
        return [String(s), fixed(c.reward[i]), fixed(c.step[i], 3), fixed(c.buyerClock[i], 3), fixed(c.sellerClock[i], 3), String(Math.round(c.messages[i]))];
      }));
    } else if (c.reward) {
      summary.textContent = who + ': return ' + fixed(ep.return) + ' over ' + ep.length + ' steps.';
      var g4 = figure(charts, 'Reward per step.', 'Return ' + fixed(ep.return) + '.');
      lineChart(g4.plot, [{ name: 'reward', color: COLORS[0], points: slots.map(function (s, i) { return [s, c.reward[i]]; }) }], { captionId: g4.captionId, title: who + ': reward', xTitle: 'step', yTitle: 'reward' });
    }
  }
  pickEnv.addEventListener('change', function () { refillAgents(pickAgent.value); refillSeeds(pickSeed.value); renderEpisode(); });
  pickAgent.addEventListener('change', function () { refillSeeds(pickSeed.value); renderEpisode(); });
  pickSeed.addEventListener('change', renderEpisode);
  summary.textContent = 'Loading the episode traces…';
  loadTraces().then(function (traces) {
    results.forEach(function (r, i) {
      var list = traces[i] || [];
      r.episodes.forEach(function (e, k) { if (list[k]) e.trace = list[k]; });
      if (!r.episodes.some(function (e) { return e.trace; })) return;
      if (!traced.has(r.env)) traced.set(r.env, []);
      traced.get(r.env).push(r);
    });
    var envs = Array.from(traced.keys());
    var wanted = /^#episode=([^/]*)\/([^/]*)\/(-?\d+(?:@\d+)?)$/.exec(location.hash);
    fill(pickEnv, envs, null, wanted ? decodeURIComponent(wanted[1]) : undefined);
    refillAgents(wanted ? decodeURIComponent(wanted[2]) : undefined);
    refillSeeds(wanted ? wanted[3] : undefined);
    if (envs.length === 0) summary.textContent = 'These results carry no episode traces (they were recorded by an older version).';
    else renderEpisode();
  }).catch(function (e) {
    summary.textContent = 'The episode traces could not be read: ' + e.message;
  }).then(function () {
    document.documentElement.setAttribute('data-ready', 'true');
  });
})();
`;
