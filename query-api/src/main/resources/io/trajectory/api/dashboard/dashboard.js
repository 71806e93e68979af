/*
 * Trajectory dashboard: plain JavaScript over the JSON API, charts by Apache ECharts (served from
 * the jar). Each chart container gets data-loaded="true" once drawn and data-state = data |
 * suppressed | empty | error. A suppressed group is never drawn as a number: its bar is left out
 * and its label and the note under the chart say "suppressed".
 *
 * The API needs a key (Authorization: Bearer): the page asks for one and keeps it in
 * sessionStorage (this tab only, gone when it closes); without one it fetches nothing.
 */
(function () {
  'use strict';

  var API = '/api/v1';
  var SUPPRESSED = 'suppressed';
  var charts = [];
  var KEY_ITEM = 'trajectory.apiKey';

  function apiKey() {
    try { return window.sessionStorage.getItem(KEY_ITEM) || ''; } catch (e) { return ''; }
  }

  function getJson(path) {
    var headers = { Accept: 'application/json', Authorization: 'Bearer ' + apiKey() };
    return fetch(path, { headers: headers }).then(function (r) {
      return r.json().catch(function () { return null; }).then(function (body) {
        return { status: r.status, ok: r.ok, body: body };
      });
    });
  }

  function mustJson(path) {
    return getJson(path).then(function (a) {
      if (!a.ok) {
        var detail = a.body && (a.body.detail || a.body.title);
        throw new Error(path + ' answered ' + a.status + (detail ? ': ' + detail : ''));
      }
      return a.body;
    });
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function arrow(transition) {
    return transition.fromStage + '→' + transition.toStage;
  }

  /** Draws an ECharts option into a container and marks it loaded with a state. */
  function draw(id, option, state, note) {
    var container = document.getElementById(id);
    var chart = echarts.init(container, null, { renderer: 'canvas' });
    option.animation = false;
    chart.setOption(option);
    charts.push(chart);
    document.getElementById(id.replace('chart-', 'note-')).textContent = note || '';
    container.dataset.state = state;
    container.dataset.loaded = 'true';
  }

  function fail(id, error) {
    var container = document.getElementById(id);
    container.dataset.state = 'error';
    container.dataset.loaded = 'true';
    var note = document.getElementById(id.replace('chart-', 'note-'));
    note.textContent = 'Could not load: ' + error.message;
    note.classList.add('error');
    console.error('dashboard: ' + id + ': ' + error.message);
  }

  /** A centered text over an empty chart (all suppressed, or nothing yet). */
  function overlay(text) {
    return [{ type: 'text', left: 'center', top: 'middle',
      style: { text: text, fontSize: 14, fill: '#8d6e00', textAlign: 'center' } }];
  }

  function suppressedText(k) {
    return 'suppressed: fewer than ' + k + ' people';
  }

  // ---- stage funnel per department (headcount now) ----

  function funnel(dist, ladder) {
    var k = dist.minGroupSize;
    var rows = dist.headcount.stages;
    var departments = dist.headcount.departments.map(function (d) { return d.department; });
    var suppressedCells = [];
    var shown = 0;
    var series = departments.map(function (dep, c) {
      return {
        name: dep === null ? '(no department)' : dep, type: 'bar', barMaxWidth: 28,
        data: rows.map(function (row) {
          var cell = row.departments[c];
          if (cell.suppressed) {
            suppressedCells.push(row.stage + ' · ' + (dep === null ? '(no department)' : dep));
            return '-';
          }
          if (cell.count > 0) { shown++; }
          return cell.count;
        })
      };
    });
    var stageNames = rows.map(function (row) {
      var hidden = row.departments.filter(function (d) { return d.suppressed; }).length;
      if (hidden === 0) { return row.stage; }
      return row.stage + '\n(' + (hidden === row.departments.length ? 'all' : hidden) + ' ' + SUPPRESSED + ')';
    });
    var state = shown > 0 ? 'data' : (suppressedCells.length > 0 ? 'suppressed' : 'empty');
    var option = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 40, right: 16, top: 36, bottom: 50 },
      xAxis: { type: 'category', data: stageNames, axisLabel: { interval: 0, fontSize: 11, lineHeight: 14 } },
      yAxis: { type: 'value', name: 'people', minInterval: 1 },
      series: series
    };
    if (state !== 'data') {
      option.graphic = overlay(state === 'suppressed' ? 'Every group is ' + suppressedText(k) : 'No people yet');
    }
    var note = suppressedCells.length ? suppressedCells.length + ' of ' + rows.length * departments.length
      + ' groups ' + suppressedText(k) + ' (' + suppressedCells.join(', ') + ')' : '';
    draw('chart-funnel', option, state, note);
  }

  // ---- promotion velocity per transition (median / p75 / p90 among those promoted) ----

  function velocity(reports, transitions, k) {
    var labels = [];
    var notes = [];
    var median = [], p75 = [], p90 = [];
    var shown = 0, suppressed = 0;
    transitions.forEach(function (t, i) {
      var overall = reports[i].overall;
      var label = arrow(t);
      if (overall.suppressed) {
        suppressed++;
        labels.push(label + '\n(' + SUPPRESSED + ')');
        notes.push(label + ' ' + SUPPRESSED);
        median.push('-'); p75.push('-'); p90.push('-');
        return;
      }
      var p = overall.promoted;
      if (!p || p.n === 0 || p.medianDays === null) {
        labels.push(label + '\n(no promotions)');
        median.push('-'); p75.push('-'); p90.push('-');
        return;
      }
      shown++;
      labels.push(label + '\n(n=' + p.n + ')');
      median.push(p.medianDays); p75.push(p.p75Days); p90.push(p.p90Days);
    });
    var state = shown > 0 ? 'data' : (suppressed > 0 ? 'suppressed' : 'empty');
    var option = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, data: ['median', 'p75', 'p90'] },
      grid: { left: 50, right: 16, top: 36, bottom: 50 },
      xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, fontSize: 11, lineHeight: 14 } },
      yAxis: { type: 'value', name: 'days' },
      series: [
        { name: 'median', type: 'bar', data: median, barMaxWidth: 26 },
        { name: 'p75', type: 'bar', data: p75, barMaxWidth: 26 },
        { name: 'p90', type: 'bar', data: p90, barMaxWidth: 26 }
      ]
    };
    if (state !== 'data') {
      option.graphic = overlay(state === 'suppressed' ? 'Every transition is ' + suppressedText(k) : 'No promotions yet');
    }
    draw('chart-velocity', option, state, notes.length ? notes.join(', ') + ' (' + suppressedText(k) + ')' : '');
  }

  // ---- promotions per quarter (flows) ----

  function quarters(dist) {
    var k = dist.minGroupSize;
    var periods = dist.flows.periods;
    var labels = [], promotions = [], hires = [], departures = [];
    var suppressedPeriods = [];
    var shown = 0;
    function value(f, period) {
      if (f.suppressed) { return '-'; }
      if (f.count > 0) { shown++; }
      return f.count;
    }
    periods.forEach(function (p) {
      var label = p.period;
      if (p.promotions.suppressed) {
        suppressedPeriods.push(p.period);
        label = p.period + ' *';
      }
      labels.push(label);
      promotions.push(value(p.promotions));
      hires.push(value(p.hires));
      departures.push(value(p.departures));
    });
    var state = shown > 0 ? 'data' : (suppressedPeriods.length > 0 ? 'suppressed' : 'empty');
    var option = {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: ['promotions', 'hires', 'departures'] },
      grid: { left: 40, right: 16, top: 36, bottom: 60 },
      xAxis: { type: 'category', data: labels, axisLabel: { rotate: 45, hideOverlap: true } },
      yAxis: { type: 'value', name: 'events', minInterval: 1 },
      series: [
        { name: 'promotions', type: 'bar', data: promotions, barMaxWidth: 18 },
        { name: 'hires', type: 'line', data: hires, connectNulls: false, symbolSize: 5 },
        { name: 'departures', type: 'line', data: departures, connectNulls: false, symbolSize: 5 }
      ]
    };
    if (state !== 'data') {
      option.graphic = overlay(state === 'suppressed' ? 'Every quarter is ' + suppressedText(k) : 'No promotions yet');
    }
    var note = suppressedPeriods.length ? '* promotions ' + suppressedText(k) + ' in ' + suppressedPeriods.length
      + ' of ' + periods.length + ' quarters (' + suppressedPeriods.join(', ') + ')' : '';
    draw('chart-quarters', option, state, note);
  }

  // ---- Kaplan-Meier curves, one per transition ----

  function kaplanMeier(reports, transitions, k) {
    var series = [];
    var notes = [];
    transitions.forEach(function (t, i) {
      var overall = reports[i].overall;
      if (overall.suppressed) {
        notes.push(arrow(t) + ' ' + SUPPRESSED);
        return;
      }
      var km = overall.kaplanMeier;
      if (!km || km.n === 0) { return; }
      var points = [[0, 1]].concat(km.curve.map(function (p) { return [p.days, p.survival]; }));
      if (km.lastObservedDays !== null && km.lastObservedDays > points[points.length - 1][0]) {
        points.push([km.lastObservedDays, points[points.length - 1][1]]);
      }
      series.push({ name: arrow(t) + ' (n=' + km.n + ', ' + km.censored + ' censored)', type: 'line', step: 'end',
        showSymbol: false, data: points });
    });
    var state = series.length > 0 ? 'data' : (notes.length > 0 ? 'suppressed' : 'empty');
    var option = {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 50, right: 20, top: 40, bottom: 40 },
      xAxis: { type: 'value', name: 'days in stage', nameLocation: 'middle', nameGap: 26 },
      yAxis: { type: 'value', name: 'share still waiting', nameLocation: 'middle', nameGap: 34, min: 0, max: 1 },
      series: series
    };
    if (state !== 'data') {
      option.graphic = overlay(state === 'suppressed' ? 'Every transition is ' + suppressedText(k) : 'No one in a stage yet');
    }
    draw('chart-km', option, state, notes.length ? notes.join(', ') + ' (' + suppressedText(k) + ')' : '');
  }

  // ---- person look-up ----

  function lookUp(personId) {
    var out = document.getElementById('person-result');
    out.dataset.loaded = 'false';
    out.replaceChildren(el('p', 'Loading ' + personId + '…'));
    var base = API + '/people/' + encodeURIComponent(personId);
    return Promise.all([getJson(base), getJson(base + '/timeline')]).then(function (answers) {
      var person = answers[0], timeline = answers[1];
      out.replaceChildren();
      if (!person.ok) {
        var detail = person.body && (person.body.detail || person.body.title);
        out.appendChild(el('p', detail || ('The API answered ' + person.status), 'error'));
        out.dataset.stage = '';
        out.dataset.loaded = 'true';
        return;
      }
      var p = person.body;
      var head = el('div', null, 'person-head');
      [['person', p.personId], ['stage', p.stage], ['since', (p.stageSince || '').slice(0, 10)],
        ['status', p.status], ['title', p.title], ['department', p.department], ['next stage', p.nextStage || '—']]
        .forEach(function (kv) {
          var d = el('div');
          d.appendChild(el('span', kv[0]));
          var v = el('strong', kv[1] === null || kv[1] === undefined ? '—' : kv[1]);
          if (kv[0] === 'stage') { v.id = 'person-stage'; }
          d.appendChild(v);
          head.appendChild(d);
        });
      out.appendChild(head);

      var cols = el('div', null, 'person-cols');
      var left = el('div');
      left.appendChild(el('h3', 'Timeline'));
      var table = el('table');
      var hr = el('tr');
      ['stage', 'entered', 'left', 'days'].forEach(function (h) { hr.appendChild(el('th', h)); });
      table.appendChild(hr);
      var transitions = timeline.ok && timeline.body ? timeline.body.transitions : [];
      transitions.forEach(function (t) {
        var tr = el('tr');
        tr.appendChild(el('td', t.stage));
        tr.appendChild(el('td', (t.enteredAt || '').slice(0, 10)));
        tr.appendChild(el('td', t.current ? 'current' : (t.leftAt || '').slice(0, 10)));
        tr.appendChild(el('td', t.daysInStage));
        table.appendChild(tr);
      });
      left.appendChild(table);
      var right = el('div');
      right.appendChild(el('h3', 'Next steps' + (p.nextStage ? ' to ' + p.nextStage : '')));
      var steps = el('ul', null, 'steps');
      (p.nextSteps || []).forEach(function (s) {
        steps.appendChild(el('li', s.description + ' (' + s.have + ' of ' + s.need + ')'));
      });
      if (!p.nextSteps || p.nextSteps.length === 0) { steps.appendChild(el('li', 'none: the last stage of the ladder')); }
      right.appendChild(steps);
      cols.appendChild(left);
      cols.appendChild(right);
      out.appendChild(cols);
      out.dataset.stage = p.stage;
      out.dataset.loaded = 'true';
    }).catch(function (e) {
      out.replaceChildren(el('p', 'Could not look up ' + personId + ': ' + e.message, 'error'));
      out.dataset.loaded = 'true';
      console.error('dashboard: person look-up: ' + e.message);
    });
  }

  // ---- start ----

  function keyForm() {
    var form = document.getElementById('key-form');
    var input = document.getElementById('api-key');
    var status = document.getElementById('key-status');
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var key = input.value.trim();
      if (!key) { return; }
      window.sessionStorage.setItem(KEY_ITEM, key);
      window.location.reload();
    });
    document.getElementById('key-forget').addEventListener('click', function () {
      window.sessionStorage.removeItem(KEY_ITEM);
      window.location.reload();
    });
    if (apiKey()) {
      status.textContent = 'Using the key trj_' + apiKey().substring(4, 20) + '… (this tab only).';
      document.body.dataset.key = 'set';
      return true;
    }
    status.textContent = 'Enter an API key (analyst or admin for the charts; ./trajectory demo prints some).';
    document.body.dataset.key = 'none';
    ['chart-funnel', 'chart-velocity', 'chart-quarters', 'chart-km'].forEach(function (id) {
      var c = document.getElementById(id);
      c.dataset.state = 'no-key';
      document.getElementById(id.replace('chart-', 'note-')).textContent = 'Needs an API key.';
    });
    return false;
  }

  function start() {
    if (!keyForm()) { return; }
    document.getElementById('person-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      var id = document.getElementById('person-id').value.trim();
      if (id) { lookUp(id); }
    });
    window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });

    var ladderP = mustJson(API + '/ladder');
    var distP = mustJson(API + '/analytics/stage-distribution?period=quarter');
    distP.then(function (dist) {
      document.getElementById('min-group-size').textContent = dist.minGroupSize;
    }).catch(function () { /* reported per chart */ });

    Promise.all([distP, ladderP]).then(function (r) { funnel(r[0], r[1]); })
      .catch(function (e) { fail('chart-funnel', e); });
    distP.then(quarters).catch(function (e) { fail('chart-quarters', e); });

    ladderP.then(function (ladder) {
      document.getElementById('ladder-name').textContent = '· ladder ' + ladder.id + ' v' + ladder.version;
      var velocityP = Promise.all(ladder.transitions.map(function (t) {
        return mustJson(API + '/analytics/promotion-velocity?transition=' + encodeURIComponent(t.transition));
      }));
      return velocityP.then(function (reports) {
        var k = reports.length ? reports[0].minGroupSize : '?';
        try { velocity(reports, ladder.transitions, k); } catch (e) { fail('chart-velocity', e); }
        try { kaplanMeier(reports, ladder.transitions, k); } catch (e) { fail('chart-km', e); }
      });
    }).catch(function (e) {
      fail('chart-velocity', e);
      fail('chart-km', e);
    });

    var first = new URLSearchParams(window.location.search).get('person');
    if (first) {
      document.getElementById('person-id').value = first;
      lookUp(first);
    }
  }

  if (typeof echarts === 'undefined') {
    console.error('dashboard: the charting library did not load');
  } else {
    start();
  }
}());
