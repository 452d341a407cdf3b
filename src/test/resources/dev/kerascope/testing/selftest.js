/* Injected by the browser tests (never shipped): measures the page as a reader gets it and writes the results as
   JSON on <body data-selftest>, which --dump-dom returns. */
(function () {
  'use strict';
  function inScroller(e) {
    for (var p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      var o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') { return true; }
    }
    return false;
  }
  function shown(view) {
    var imgs = view ? Array.prototype.map.call(view.querySelectorAll('img'), function (i) { return i.getAttribute('src'); }) : [];
    return imgs.length ? imgs.join(' ') : null;
  }
  function run() {
    var r = {};
    var imgs = Array.prototype.slice.call(document.images);
    r.imagesTotal = imgs.length;
    r.imagesLoaded = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
    r.broken = imgs.filter(function (i) { return !(i.complete && i.naturalWidth > 0); }).map(function (i) { return i.src; })
        .slice(0, 5);
    var width = document.documentElement.clientWidth;
    r.pageOverflow = document.documentElement.scrollWidth > width + 1;
    r.overflowing = [];
    document.querySelectorAll('body *').forEach(function (e) {
      if (e.closest('#zoom') || inScroller(e)) { return; }
      var rc = e.getBoundingClientRect();
      if (rc.width > 0 && (rc.right > width + 1 || rc.left < -1)) {
        r.overflowing.push(e.tagName + '.' + e.className + ' ' + Math.round(rc.left) + '..' + Math.round(rc.right));
      }
    });
    r.minFont = 1000;
    r.smallText = [];
    var walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (var n = walk.nextNode(); n; n = walk.nextNode()) {
      var parent = n.parentElement;
      if (!n.textContent.trim() || !parent || parent.closest('script,#zoom') || parent.getClientRects().length === 0) { continue; }
      var size = parseFloat(getComputedStyle(parent).fontSize);
      if (size < r.minFont) { r.minFont = size; }
      if (size < 11) { r.smallText.push(n.textContent.trim().slice(0, 40) + ' ' + size + 'px'); }
    }
    r.smallText = r.smallText.slice(0, 5);
    r.cards = document.querySelectorAll('.card').length;
    r.status = document.getElementById('status') ? document.getElementById('status').textContent : '';
    r.pickers = {};
    document.querySelectorAll('select[data-picker]').forEach(function (s) {
      var view = document.getElementById(s.getAttribute('data-view'));
      if (s.options.length < 2) { r.pickers[s.id] = 'one option'; return; }
      var before = shown(view);
      s.selectedIndex = (s.selectedIndex + 1) % s.options.length;
      s.dispatchEvent(new Event('change'));
      var after = shown(view);
      r.pickers[s.id] = before && after && before !== after ? 'changes the figure' : 'no change: ' + before + ' -> ' + after;
    });
    var tile = document.querySelector('.view .tile');
    var zoom = document.getElementById('zoom');
    if (tile && zoom) {
      tile.click();
      r.zoomOpens = !zoom.hidden && zoom.querySelector('.zoom-range').textContent.indexOf('…') > 0;
      zoom.hidden = true;
    }
    document.body.setAttribute('data-selftest', JSON.stringify(r));
  }
  window.addEventListener('load', function () { setTimeout(run, 200); });
}());
