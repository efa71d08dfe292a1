// Lantern search box for intranet pages (docs/deploy.md). Add to a page:
//   <div data-lantern-search></div>
//   <script src="https://LANTERN-HOST/widget.js" defer></script>
// No inline script, no eval, no innerHTML: it works under `script-src 'self' https://LANTERN-HOST`.
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) return;
  var origin = new URL(script.src).origin;
  var DEBOUNCE_MS = 200;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The server escapes snippets and adds only <mark>: rebuild them as nodes, never as HTML.
  var ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
  function unescape(text) { return text.replace(/&(amp|lt|gt|quot|#39);/g, function (m) { return ENTITIES[m]; }); }
  function marked(html, into) {
    html.split(/(<mark>|<\/mark>)/).reduce(function (inMark, part) {
      if (part === '<mark>') return true;
      if (part === '</mark>') return false;
      if (part) into.appendChild(inMark ? el('mark', {}, unescape(part)) : document.createTextNode(unescape(part)));
      return inMark;
    }, false);
    return into;
  }

  function widget(host, index) {
    var id = 'lantern-' + index;
    var form = el('form', { role: 'search', 'class': 'lantern-form', action: origin + '/', method: 'get' });
    var label = el('label', { 'for': id + '-q' }, host.getAttribute('data-label') || 'Search health information');
    var input = el('input', { id: id + '-q', name: 'q', type: 'search', autocomplete: 'off',
                              'aria-controls': id + '-results', 'aria-describedby': id + '-status' });
    var button = el('button', { type: 'submit' }, 'Search');
    var status = el('p', { id: id + '-status', 'class': 'lantern-status', 'aria-live': 'polite' });
    var results = el('div', { id: id + '-results', 'class': 'lantern-results' });
    form.appendChild(label); form.appendChild(input); form.appendChild(button);
    host.appendChild(form); host.appendChild(status); host.appendChild(results);

    var timer = null, sequence = 0, exact = false, page = 1, filters = {};
    var PAGE_SIZE = 8;

    function links() { return Array.prototype.slice.call(results.querySelectorAll('a.lantern-title')); }

    function render(data) {
      results.textContent = '';
      (data.safety || []).forEach(function (card) {
        var box = el('section', { 'class': 'lantern-safety', role: 'note' });
        box.appendChild(el('strong', {}, card.title));
        box.appendChild(el('p', {}, card.text));
        if (card.link) box.appendChild(el('a', { href: card.link }, card.link_text || card.link));
        results.appendChild(box);
      });
      if (data.suggestion) {
        var note = el('p', { 'class': 'lantern-correction' }, 'Showing results for ' + data.suggestion.showing + '. ');
        var instead = el('button', { type: 'button', 'class': 'lantern-instead' }, 'Search instead for ' + data.suggestion.instead);
        instead.addEventListener('click', function () { exact = true; search(); });
        note.appendChild(instead);
        results.appendChild(note);
      }
      status.textContent = data.results.length
        ? 'Results ' + data.results[0].rank + ' to ' + data.results[data.results.length - 1].rank + ' of about ' + data.total
        : 'No results for ' + data.query;
      var list = el('ol', { 'class': 'lantern-list', start: data.results.length ? String(data.results[0].rank) : '1' });
      data.results.forEach(function (r) {
        var item = el('li', { 'class': 'lantern-item' });
        var a = marked(r.title_html, el('a', { href: r.url || (origin + '/?q=' + encodeURIComponent(data.query)), 'class': 'lantern-title' }));
        item.appendChild(a);
        if (r.reviewed) item.appendChild(el('span', { 'class': 'lantern-reviewed' }, 'Last reviewed ' + r.reviewed));
        item.appendChild(marked(r.snippet, el('p', { 'class': 'lantern-snippet' })));
        if (r.page) {
          // A PDF result: the snippet's page, linked (url#page=N opens the viewer there).
          var pg = el('p', { 'class': 'lantern-section' }, 'From ');
          pg.appendChild(r.section_url ? el('a', { href: r.section_url }, 'page ' + r.page) : document.createTextNode('page ' + r.page));
          if (r.section) pg.appendChild(document.createTextNode(', in the section ' + r.section));
          item.appendChild(pg);
        } else if (r.section) {
          var sec = el('p', { 'class': 'lantern-section' }, 'From ');
          sec.appendChild(r.section_url ? el('a', { href: r.section_url }, r.section) : document.createTextNode(r.section));
          item.appendChild(sec);
        }
        list.appendChild(item);
      });
      results.appendChild(list);
      // Facets refine like the page's filter links; a chosen value can be cleared.
      ['audience', 'topic'].forEach(function (name) {
        var values = (data.facets && data.facets[name]) || [];
        if (values.length < 2 && !filters[name]) return;
        var group = el('div', { 'class': 'lantern-facet', role: 'group', 'aria-label': 'Refine by ' + name });
        group.appendChild(el('span', { 'class': 'lantern-facet-name' }, name + ': '));
        values.slice(0, 6).forEach(function (v) {
          var on = filters[name] === v.value;
          var b = el('button', { type: 'button', 'class': 'lantern-chip', 'aria-pressed': on ? 'true' : 'false' }, v.value + ' (' + v.count + ')');
          b.addEventListener('click', function () { filters[name] = on ? undefined : v.value; page = 1; search(); });
          group.appendChild(b);
        });
        results.appendChild(group);
      });
      var nav = el('div', { 'class': 'lantern-pages' });
      if (page > 1) {
        var prev = el('button', { type: 'button', 'class': 'lantern-prev' }, 'Previous results');
        prev.addEventListener('click', function () { page -= 1; search(); });
        nav.appendChild(prev);
      }
      if (data.total > data.offset + data.results.length) {
        var next = el('button', { type: 'button', 'class': 'lantern-next' }, 'More results');
        next.addEventListener('click', function () { page += 1; search(); });
        nav.appendChild(next);
      }
      nav.appendChild(el('a', { href: origin + '/?q=' + encodeURIComponent(data.query), 'class': 'lantern-more' }, 'Open the full search page'));
      results.appendChild(nav);
    }

    function search() {
      var q = input.value.trim();
      if (!q) { results.textContent = ''; status.textContent = ''; return; }
      var mine = ++sequence;
      var url = origin + '/api/search?limit=' + PAGE_SIZE + '&page=' + page + '&q=' + encodeURIComponent(q) + (exact ? '&exact=1' : '');
      Object.keys(filters).forEach(function (k) { if (filters[k]) url += '&' + k + '=' + encodeURIComponent(filters[k]); });
      fetch(url, { credentials: 'omit' }).then(function (res) {
        return res.json().then(function (body) { return { ok: res.ok, body: body }; });
      }).then(function (r) {
        if (mine !== sequence) return;  // a newer query is under way
        if (!r.ok) { results.textContent = ''; status.textContent = r.body.error || 'Search failed'; return; }
        render(r.body);
      }).catch(function () { if (mine === sequence) status.textContent = 'Search is not available right now'; });
    }

    input.addEventListener('input', function () {
      exact = false;
      page = 1;
      filters = {};
      clearTimeout(timer);
      timer = setTimeout(search, DEBOUNCE_MS);
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      clearTimeout(timer);
      search();
    });
    // Arrow keys move between results; Enter follows the focused link; Escape returns to the box.
    host.addEventListener('keydown', function (e) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (e.key === 'ArrowDown' && all.length) {
        e.preventDefault();
        all[Math.min(at + 1, all.length - 1)].focus();
      } else if (e.key === 'ArrowUp' && all.length) {
        e.preventDefault();
        if (at <= 0) input.focus(); else all[at - 1].focus();
      } else if (e.key === 'Escape') {
        input.focus();
      }
    });
  }

  function start() {
    if (!document.querySelector('link[data-lantern-css]')) {
      document.head.appendChild(el('link', { rel: 'stylesheet', href: origin + '/widget.css', 'data-lantern-css': '' }));
    }
    Array.prototype.forEach.call(document.querySelectorAll('[data-lantern-search]'), widget);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
