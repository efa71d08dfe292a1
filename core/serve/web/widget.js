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

  // Why a search could not reach the server, in the console for the web team (issue 19: the box
  // said only "not available"). A request the browser may send but not read back (no-cors) tells
  // a server that answers without allowing this page's origin (CORS) from one it cannot reach.
  var explained = false;
  function explainFailure() {
    if (explained) return;
    explained = true;
    var here = window.location.origin;
    fetch(origin + '/healthz', { mode: 'no-cors', credentials: 'omit', cache: 'no-store' }).then(function () {
      console.error('Lantern widget: the search server at ' + origin + ' answers, but does not allow this page\'s origin ' + here +
        ' to read its answers (CORS). Add ' + here + ' to allow_origins in the [server] table of its lantern.toml, ' +
        'or start it with --allow-origin ' + here + '.');
    }, function () {
      console.error('Lantern widget: cannot reach the search server at ' + origin + ' (network error): is it running, and ' +
        'reachable from this browser? A Content-Security-Policy whose connect-src does not list ' + origin + ' blocks it too.');
    });
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
      var searched = data.suggestion ? data.suggestion.showing : data.query;
      var filtered = Object.keys(filters).some(function (k) { return filters[k]; });
      status.textContent = data.results.length
        ? 'Results ' + data.results[0].rank + ' to ' + data.results[data.results.length - 1].rank + ' of about ' + data.total
        : 'No results for ' + searched + (filtered ? ' with these filters' : '');
      if (!data.results.length && filtered) {
        var all = el('button', { type: 'button', 'class': 'lantern-unfilter' }, 'Search without filters');
        all.addEventListener('click', function () { filters = {}; page = 1; search(); });
        results.appendChild(all);
      }
      var list = el('ol', { 'class': 'lantern-list', start: data.results.length ? String(data.results[0].rank) : '1' });
      data.results.forEach(function (r) {
        var item = el('li', { 'class': 'lantern-item' });
        // A result without an address is shown unlinked, saying so, never as a link to nowhere.
        item.appendChild(marked(r.title_html, r.url ? el('a', { href: r.url, 'class': 'lantern-title' })
                                                    : el('span', { 'class': 'lantern-unlinked-title' })));
        if (!r.url) item.appendChild(el('span', { 'class': 'lantern-unlinked' }, 'No link: this page was indexed without a web address.'));
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
        var values = ((data.facets && data.facets[name]) || []).slice(0, 6);
        if (values.length < 2 && !filters[name]) return;
        // A chosen value stays on show, so it can be removed, even when nothing carries it now.
        if (filters[name] && !values.some(function (v) { return v.value === filters[name]; })) values.unshift({ value: filters[name], count: 0 });
        var group = el('div', { 'class': 'lantern-facet', role: 'group', 'aria-label': 'Refine by ' + name });
        group.appendChild(el('span', { 'class': 'lantern-facet-name' }, name + ': '));
        values.forEach(function (v) {
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
        return res.text().then(function (text) {
          var body = null;
          try { body = JSON.parse(text); } catch (e) { body = null; }  // a proxy's HTML error page
          return { ok: res.ok && body !== null, status: res.status, body: body };
        });
      }, function () {
        return { failed: true };
      }).then(function (r) {
        if (mine !== sequence) return;  // a newer query is under way
        if (r.failed) {
          results.textContent = '';
          status.textContent = 'Search is not available right now';
          explainFailure();
          return;
        }
        if (!r.ok) {
          var why = (r.body && r.body.error) || 'no JSON in the answer';
          console.error('Lantern widget: the search server at ' + origin + ' answered HTTP ' + r.status + ': ' + why);
          results.textContent = '';
          status.textContent = r.status === 503 ? 'Search is busy; try again in a moment'
            : r.status >= 500 || !r.body ? 'Search is not available right now' : why;
          return;
        }
        render(r.body);
      });
    }

    input.addEventListener('input', function () {
      exact = false;
      page = 1;  // filters stay until removed, as on the search page
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
