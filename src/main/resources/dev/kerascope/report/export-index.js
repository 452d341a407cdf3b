/* kerascope export browser: the manifest a page at a time, by layer or by input, filtered; no libraries. */
(function () {
  'use strict';
  var M = window.KERASCOPE_MANIFEST;
  var names = window.KERASCOPE_CLASSES || [];
  var PAGE = 48;
  var page = 0;
  var chosen = null;
  function byId(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function name(k) { return names[k] !== undefined ? names[k] + (String(names[k]) === String(k) ? '' : ' (' + k + ')') : String(k); }
  function options(select, items) {
    items.forEach(function (it) { var o = el('option', null, it[1]); o.value = it[0]; select.appendChild(o); });
  }
  function matches(e) {
    var l = byId('label').value;
    var p = byId('prediction').value;
    var q = byId('search').value.trim().toLowerCase();
    if (l !== '' && e.label !== +l) { return false; }
    if (p !== '' && e.prediction !== +p) { return false; }
    if (byId('wrong').checked && e.label === e.prediction) { return false; }
    if (q && String(e.index) !== q && name(e.label).toLowerCase().indexOf(q) < 0 && name(e.prediction).toLowerCase().indexOf(q) < 0) {
      return false;
    }
    return true;
  }
  function card(e, layer, big) {
    var c = el('figure', 'card' + (big ? ' big' : ''));
    var img = el('img');
    img.src = e.figures[layer];
    img.alt = e.captions[layer];
    img.loading = 'lazy';
    c.appendChild(img);
    var cap = el('figcaption');
    cap.appendChild(el('strong', null, big ? layer : '#' + e.index));
    cap.appendChild(document.createTextNode(' label ' + name(e.label) + ', predicted ' + name(e.prediction) + ' ('
        + (100 * e.probability).toFixed(1) + '%)'));
    if (e.label !== e.prediction) { cap.appendChild(el('span', 'wrong', ' misclassified')); }
    c.appendChild(cap);
    if (!big) {
      c.tabIndex = 0;
      c.title = 'Every layer of image ' + e.index;
      c.addEventListener('click', function () { chosen = e; byId('mode').value = 'input'; show(); });
    }
    return c;
  }
  function show() {
    var view = byId('cards');
    view.textContent = '';
    var mode = byId('mode').value;
    var hits = M.images.filter(matches);
    if (mode === 'input') {
      var e = chosen && matches(chosen) ? chosen : hits[Math.min(page * PAGE, Math.max(0, hits.length - 1))];
      byId('status').textContent = e ? 'Image ' + e.index + ': every layer. Pick a card in "by layer" view to see another.'
          : 'No image matches.';
      if (e) { M.layers.forEach(function (l) { view.appendChild(card(e, l, true)); }); }
      byId('page').textContent = '';
      return;
    }
    var pages = Math.max(1, Math.ceil(hits.length / PAGE));
    page = Math.min(page, pages - 1);
    hits.slice(page * PAGE, (page + 1) * PAGE).forEach(function (e) { view.appendChild(card(e, byId('layer').value, false)); });
    byId('status').textContent = hits.length + ' of ' + M.images.length + ' images match; layer ' + byId('layer').value
        + ', viridis over each image\'s own range for the layer. Click a card for every layer of that image.';
    byId('page').textContent = 'page ' + (page + 1) + ' of ' + pages;
    byId('prev').disabled = page === 0;
    byId('next').disabled = page >= pages - 1;
  }
  byId('about').textContent = M.count + ' test images of ' + M.dataset + ' through ' + M.model + ' (' + M.precision + ')';
  options(byId('layer'), M.layers.map(function (l) { return [l, l]; }));
  var classes = [['', 'any']];
  var seen = {};
  M.images.forEach(function (e) { seen[e.label] = true; seen[e.prediction] = true; });
  Object.keys(seen).sort(function (a, b) { return a - b; }).forEach(function (k) { classes.push([k, name(+k)]); });
  options(byId('label'), classes);
  options(byId('prediction'), classes);
  ['mode', 'layer', 'label', 'prediction', 'wrong'].forEach(function (id) {
    byId(id).addEventListener('change', function () { page = 0; if (id !== 'mode') { chosen = null; } show(); });
  });
  byId('search').addEventListener('input', function () { page = 0; chosen = null; show(); });
  byId('prev').addEventListener('click', function () { page--; show(); });
  byId('next').addEventListener('click', function () { page++; show(); });
  show();
}());
