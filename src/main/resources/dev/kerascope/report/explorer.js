/* kerascope report explorer: pickers for layer, input and scale; one figure at a time with its text in HTML
   (fixed size, never scaled with the pixels); click a tile to zoom and read values. No libraries, works offline. */
(function () {
  'use strict';
  var D = window.KERASCOPE_DATA || {};
  var values = {};
  var pending = {};
  window.kerascopeValues = function (key, h, w, c, tiles) {
    values[key] = {h: h, w: w, c: c, tiles: tiles};
    (pending[key] || []).forEach(function (f) { f(); });
    delete pending[key];
  };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function byId(id) { return document.getElementById(id); }
  function pct(a, b) { return (100 * a / b) + '%'; }

  /** One figure: title, the pixel-exact PNG with tile numbers over it, the colour bar, caption and links. */
  function figure(entry, zoomSource, input) {
    var L = entry.layout;
    var box = el('figure', 'fig');
    var title = el('p', 'fig-title');
    if (input) {
      // the input as fed, beside its maps (in colour for a colour input)
      var thumb = el('img', 'thumb');
      thumb.src = input.thumbnail;
      thumb.alt = input.name + ' as fed to the model';
      title.appendChild(thumb);
    }
    title.appendChild(document.createTextNode(L.title + (input ? ' — ' + input.name
        + (input.top && input.top.length ? ', predicted ' + input.top[0] : '') : '')));
    box.appendChild(title);
    var body = el('div', 'fig-body');
    var sheet = el('div', 'sheet');
    sheet.style.maxWidth = Math.max(L.width, 300) * (L.width < 400 ? 2 : 1) + 'px';
    var img = el('img');
    img.src = entry.png;
    img.alt = L.alt;
    img.width = L.width;
    img.height = L.height;
    sheet.appendChild(img);
    var step = L.kind === 'bars' ? 8 : 1;
    for (var i = 0; i < L.count; i++) {
      var x = L.gutter + (i % L.cols) * (L.tileWidth + L.gutter);
      var y = L.gutter + Math.floor(i / L.cols) * (L.tileHeight + L.gutter);
      var t = el('button', 'tile');
      t.type = 'button';
      t.style.left = pct(x, L.width);
      t.style.top = pct(y, L.height);
      t.style.width = pct(L.tileWidth, L.width);
      t.style.height = pct(L.tileHeight, L.height);
      t.title = (L.kind === 'bars' ? 'channel ' : 'tile ') + i + ': ' + L.lo[i] + ' … ' + L.hi[i];
      t.setAttribute('aria-label', t.title);
      if (i % step === 0) { t.appendChild(el('span', 'n', String(i))); }
      t.addEventListener('click', zoom.bind(null, entry, i, zoomSource));
      sheet.appendChild(t);
    }
    body.appendChild(sheet);
    body.appendChild(colourBar(L));
    sheet.setAttribute('data-cols', L.cols);
    sheet.setAttribute('data-tile', L.tileWidth / L.width);
    box.appendChild(body);
    var cap = el('figcaption', null, L.caption + (L.perTile ? ' — each map from its own minimum to its own maximum; '
        + 'click a tile for its range.' : '. ') + ' ');
    var svg = el('a', null, 'SVG');
    svg.href = entry.svg;
    var png = el('a', null, 'PNG');
    png.href = entry.png;
    cap.appendChild(svg);
    cap.appendChild(document.createTextNode(' · '));
    cap.appendChild(png);
    box.appendChild(cap);
    return box;
  }

  /** Tiles shown under 40 px wide keep their numbers only at the start of each row: a number would hide the map. */
  function thinNumbers() {
    Array.prototype.forEach.call(document.querySelectorAll('.sheet'), function (sheet) {
      var small = sheet.clientWidth * parseFloat(sheet.getAttribute('data-tile')) < 40;
      var cols = +sheet.getAttribute('data-cols');
      Array.prototype.forEach.call(sheet.querySelectorAll('.tile'), function (t, i) {
        var n = t.querySelector('.n');
        if (n) { n.hidden = small && i % cols !== 0; }
      });
    });
  }
  window.addEventListener('resize', thinNumbers);

  function colourBar(L) {
    var bar = el('div', 'bar');
    var ramp = el('div', 'ramp');
    ramp.style.background = 'linear-gradient(to top,' + L.stops.join(',') + ')';
    bar.appendChild(ramp);
    L.ticks.forEach(function (t) {
      var tick = el('span', 'tick', t[1]);
      tick.style.top = pct(1 - parseFloat(t[0]), 1);
      bar.appendChild(tick);
    });
    return bar;
  }

  /** The tile large, cropped from the same PNG; the value under the pointer from the values script. */
  function zoom(entry, i, source) {
    var L = entry.layout;
    var z = byId('zoom');
    var box = z.querySelector('.zoom-tile');
    box.textContent = '';
    var side = Math.min(320, window.innerWidth - 64);
    // a whole number of screen pixels per image pixel, so the crop never shows a sliver of the gutter
    var k = Math.max(1, Math.floor(side / Math.max(L.tileWidth, L.tileHeight)));
    box.style.width = L.tileWidth * k + 'px';
    box.style.height = L.tileHeight * k + 'px';
    var img = el('img');
    img.src = entry.png;
    img.alt = L.alt;
    img.style.width = L.width * k + 'px';
    img.style.height = L.height * k + 'px';
    img.style.left = -(L.gutter + (i % L.cols) * (L.tileWidth + L.gutter)) * k + 'px';
    img.style.top = -(L.gutter + Math.floor(i / L.cols) * (L.tileHeight + L.gutter)) * k + 'px';
    box.appendChild(img);
    byId('zoom-title').textContent = L.title + ' — ' + (L.kind === 'bars' ? 'channel ' : 'tile ') + i;
    z.querySelector('.zoom-range').textContent = 'Colour range ' + L.lo[i] + ' … ' + L.hi[i]
        + (L.perTile ? ' (this map\'s own)' : ' (shared)');
    var read = z.querySelector('.zoom-value');
    read.textContent = 'Point at a pixel to read its value.';
    box.onpointermove = box.onpointerdown = function (ev) {
      var r = box.getBoundingClientRect();
      var cols = L.tileWidth / L.cell;
      var rows = L.tileHeight / L.cell;
      var col = Math.min(cols - 1, Math.floor((ev.clientX - r.left) / r.width * cols));
      var row = Math.min(rows - 1, Math.floor((ev.clientY - r.top) / r.height * rows));
      source(function (tiles, why) {
        if (!tiles) { read.textContent = why || 'Values are loading…'; return; }
        var v = L.kind === 'bars' ? tiles[i][0] : tiles[i][row * cols + col];
        read.textContent = (L.kind === 'bars' ? '' : 'row ' + row + ', column ' + col + ': ') + 'value ' + v;
      });
    };
    z.hidden = false;
    z.querySelector('.close').focus();
  }

  function mapValues(entry) {
    return function (use) {
      var key = entry.key;
      if (!entry.values) { use(null, 'This layer is too large to keep its values in the page: read them in its .npy.'); return; }
      if (values[key]) { use(values[key].tiles); return; }
      use(null);
      if (!pending[key]) {
        pending[key] = [];
        var s = document.createElement('script');
        s.src = entry.values;
        document.body.appendChild(s);
      }
      pending[key].push(function () { use(values[key].tiles); });
    };
  }

  function fill(select, items) {
    items.forEach(function (it) {
      var o = el('option', null, it[1]);
      o.value = it[0];
      select.appendChild(o);
    });
  }

  function showMap() {
    var key = byId('input-picker').value + '|' + byId('layer-picker').value + '|' + byId('scale-picker').value;
    var entry = D.maps[key];
    var view = byId('map-view');
    view.textContent = '';
    var input = (D.inputs || []).filter(function (x) { return x.dir === byId('input-picker').value; })[0];
    if (entry) { view.appendChild(figure(entry, mapValues(entry), input)); }
    var layer = byId('layer-picker').value;
    if ((D.topInputs || []).some(function (t) { return t.layer === layer; })) {
      var top = el('a', null, 'the inputs that activate each channel of ' + layer + ' most');
      top.href = '#top-' + layer;
      var tp = el('p');
      tp.appendChild(top);
      view.appendChild(tp);
    }
    thinNumbers();
    var others = byId('others');
    others.textContent = '';
    if (input && input.others.length) {
      others.appendChild(el('p', null, 'Layers of ' + input.name + ' whose outputs are not feature maps:'));
      var wrap = el('div', 'scroll');
      var table = el('table');
      var head = el('tr');
      ['layer', 'class', 'shape', 'min', 'max', 'mean'].forEach(function (h) { head.appendChild(el('th', null, h)); });
      table.appendChild(head);
      input.others.forEach(function (row) {
        var tr = el('tr');
        row.forEach(function (c) { tr.appendChild(el('td', null, c)); });
        table.appendChild(tr);
      });
      wrap.appendChild(table);
      others.appendChild(wrap);
      var npy = el('a', null, 'every layer\'s output of ' + input.name + ' as .npy (index.json)');
      npy.href = input.npy;
      var p = el('p');
      p.appendChild(npy);
      others.appendChild(p);
    }
  }

  function showFilter() {
    var f = (D.filters || []).filter(function (x) { return x.name === byId('filter-picker').value; })[0];
    var view = byId('filter-view');
    view.textContent = '';
    if (f) { view.appendChild(figure(f, function (use) { use(f.tiles); })); }
    thinNumbers();
  }

  function start() {
    var layers = byId('layer-picker');
    var inputs = byId('input-picker');
    if (layers && D.layers) {
      fill(layers, D.layers.map(function (l) { return [l.name, l.name + ' (' + l.className + ') ' + l.shape]; }));
      fill(inputs, D.inputs.map(function (i) {
        return [i.dir, i.name + (i.top && i.top.length ? ' — predicted ' + i.top[0] : '')];
      }));
      [layers, inputs, byId('scale-picker')].forEach(function (s) { s.addEventListener('change', showMap); });
      showMap();
    }
    var filters = byId('filter-picker');
    if (filters) {
      fill(filters, D.filters.map(function (f) { return [f.name, f.layout.title]; }));
      filters.addEventListener('change', showFilter);
      showFilter();
    }
    Array.prototype.forEach.call(document.querySelectorAll('.pick-input'), function (a) {
      a.addEventListener('click', function () {
        inputs.value = a.getAttribute('data-input');
        showMap();
      });
    });
    var z = byId('zoom');
    z.querySelector('.close').addEventListener('click', function () { z.hidden = true; });
    z.addEventListener('click', function (ev) { if (ev.target === z) { z.hidden = true; } });
    document.addEventListener('keydown', function (ev) { if (ev.key === 'Escape') { z.hidden = true; } });
  }

  start();
}());
