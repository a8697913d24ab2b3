/*
 * danlu default theme: search, loaded by theme.js only once a reader focuses a search box (or opens /search/).
 * Queries run through Pagefind's own client (`pagefind/pagefind.js`, self-hosted beside the index), which fetches
 * only the index chunks a query's words fall in and the fragments of the results shown.
 *
 * Two boxes share this file: the header box is a combobox whose listbox shows the first results as you type
 * (arrow keys move, Enter opens, Escape closes); the search page's box fills a result list with a live count.
 * Query words: words separated by spaces must all occur in a note, in any order; a run of Chinese without spaces
 * (反向传播) and words in double quotes ("back propagation") must occur as written, as a phrase. Pagefind finds
 * the notes holding every word of the query; where a phrase is asked for, each candidate's text is checked for it
 * before it is shown, so its words scattered across a note do not count.
 * Plain ES2020 (dynamic import), no dependencies, no build step.
 */
(function () {
  'use strict';

  var POPUP_RESULTS = 8;
  var PAGE_RESULTS = 20;
  var engine = null;

  // One Pagefind instance per page, started on first use. A failure is not cached, so the next keystroke retries.
  // The build may have left beside the index a small one of the notes changed since (src/site/search/search-base.ts):
  // `danlu-search.json` names the indexes to merge and the pages of the main one they replace, left out of results.
  function pagefind(bundle) {
    if (!engine) {
      var manifest = fetch(bundle + 'danlu-search.json').then(function (r) {
        return r.ok ? r.json() : {};
      }).catch(function () {
        return {};
      });
      engine = Promise.all([import(bundle + 'pagefind.js'), manifest]).then(function (got) {
        var pf = got[0];
        var extra = got[1] || {};
        // Result URLs are stored whole (site root included), so nothing is to be put before them. No Worker: a
        // query over a blog's index takes milliseconds on the page, and the Worker's script is 43 KB more to fetch.
        return Promise.resolve(pf.options({ baseUrl: '/', excerptLength: 28, noWorker: true }))
          .then(function () {
            return pf.init();
          })
          .then(function () {
            return Promise.all((extra.merge || []).map(function (dir) {
              return pf.mergeIndex(bundle + dir, { baseUrl: '/', excerptLength: 28 });
            }));
          })
          .then(function () {
            return { pf: pf, hidden: new Set(extra.hide || []) };
          });
      });
      engine.catch(function () {
        engine = null;
      });
    }
    return engine;
  }

  // The index's text carries zero-width spaces between Chinese words (src/site/search/search-document.ts): shown
  // text drops them, so a copied excerpt or heading is the note's own text.
  function shown(text) {
    return String(text || '').replace(/\u200b/g, '');
  }

  // Pagefind's excerpt is escaped text with <mark> around matches. It is parsed inertly and rebuilt from text
  // nodes and <mark> only, so nothing in a note can inject markup into the page.
  function appendExcerpt(parent, excerpt) {
    var doc = new DOMParser().parseFromString('<body>' + String(excerpt || ''), 'text/html');
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeType === 3) parent.appendChild(document.createTextNode(shown(node.textContent)));
      else if (node.nodeName === 'MARK') {
        // Pagefind marks each indexed word; adjacent ones (卷 积) read as one match.
        var last = parent.lastChild;
        if (last && last.nodeName === 'MARK') {
          last.textContent += shown(node.textContent);
          return;
        }
        var m = document.createElement('mark');
        m.textContent = shown(node.textContent);
        parent.appendChild(m);
      } else parent.appendChild(document.createTextNode(shown(node.textContent)));
    });
  }

  function safeUrl(url) {
    var u = String(url || '');
    return /^\s*javascript:/i.test(u) ? '#' : u;
  }

  // The part of the note the words were found in: the heading section with the most matches, so a word that
  // occurs only under one heading links straight to it.
  function bestPart(data) {
    var best = null;
    (data.sub_results || []).forEach(function (s) {
      var n = (s.locations || []).length;
      if (n && (!best || n > (best.locations || []).length)) best = s;
    });
    return best ? { url: best.url, excerpt: best.excerpt, heading: shown(best.title) } : { url: data.url, excerpt: data.excerpt, heading: '' };
  }

  function resultContent(container, data, idPrefix) {
    var part = bestPart(data);
    var title = document.createElement('span');
    title.className = 'search-result-title';
    title.textContent = (data.meta && data.meta.title) || data.url;
    container.appendChild(title);
    var meta = [];
    if (data.meta && data.meta.date) meta.push(data.meta.date);
    if (part.heading && part.heading !== title.textContent) meta.push(part.heading);
    if (meta.length) {
      var m = document.createElement('span');
      m.className = 'search-result-meta';
      m.textContent = meta.join(' · ');
      container.appendChild(m);
    }
    var p = document.createElement('span');
    p.className = 'search-result-snippet';
    if (idPrefix) p.id = idPrefix + '-snippet';
    appendExcerpt(p, part.excerpt);
    container.appendChild(p);
    return safeUrl(part.url);
  }

  function msg(form, name) {
    return form.getAttribute('data-' + name) || '';
  }

  function countText(form, n) {
    return n === 0 ? msg(form, 'no-results') : msg(form, n === 1 ? 'count-one' : 'count-many').replace('{n}', String(n));
  }

  function updateUrl(q) {
    if (!window.history || !history.replaceState) return;
    var url = new URL(window.location.href);
    if (q) url.searchParams.set('q', q);
    else url.searchParams.delete('q');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }

  var HAN = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/;
  var HAN_GAP = /([\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff])\s+(?=[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff])/g;

  // The form phrases are compared in: NFKC (full-width letters typed with an IME), lower case, one space for any
  // run of white space, none between Han characters (a line break inside a Chinese sentence is no word break), and
  // without the zero-width spaces the index marks Chinese word boundaries with (src/site/search/search-document.ts).
  function fold(text) {
    var t = shown(text);
    return (t.normalize ? t.normalize('NFKC') : t).toLowerCase().replace(/\s+/g, ' ').replace(HAN_GAP, '$1');
  }

  /**
   * Splits a query into what Pagefind is asked (every word, unquoted, so it finds all candidates) and the phrases a
   * note must hold as written: quoted ones, and runs of two or more Han characters, which Pagefind segments into
   * words it then matches anywhere in the note.
   */
  function parseQuery(q) {
    var phrases = [];
    var words = [];
    String(q).replace(/"([^"]*)"|(\S+)/g, function (all, quoted, word) {
      var w = fold(quoted !== undefined ? quoted : word).trim();
      if (!w) return all;
      words.push(w);
      if (quoted !== undefined ? /\s/.test(w) || HAN.test(w) : HAN.test(w) && w.length > 1) phrases.push(w);
      return all;
    });
    return { pagefind: words.join(' '), phrases: phrases };
  }

  /**
   * Runs a query: resolves to a cursor over the matching notes in Pagefind's ranking. `next(n)` gives up to n more
   * results' data (title, url, excerpt, sub_results, content), fetching only their fragments; `total` is the number
   * of notes, or a lower bound (`exact` false) while phrase candidates remain unchecked.
   */
  function query(bundle, q) {
    var parsed = parseQuery(q);
    if (!parsed.pagefind) return Promise.resolve(null);
    return pagefind(bundle).then(function (search) {
      return search.pf.search(parsed.pagefind).then(function (found) {
        var candidates = ((found && found.results) || []).filter(function (r) {
          return !search.hidden.has(r.id);
        });
        var checking = parsed.phrases.length > 0;
        var cursor = {
          total: checking ? 0 : candidates.length,
          exact: !checking || candidates.length === 0,
          done: candidates.length === 0,
          next: function (n) {
            var out = [];
            // A phrase whose words are common but which itself is rare would otherwise fetch the fragment of
            // every note holding the words: a call checks a bounded number, and the next call goes on from there.
            var budget = Math.max(2 * n, 16);
            function step() {
              if (out.length >= n || candidates.length === 0 || budget <= 0) {
                cursor.done = candidates.length === 0;
                if (checking && cursor.done) cursor.exact = true;
                return Promise.resolve(out);
              }
              // A few fragments at a time: enough to fill a list quickly, few enough not to fetch what is not shown.
              var batch = candidates.splice(0, Math.max(1, Math.min(8, n - out.length, budget)));
              budget -= batch.length;
              return Promise.all(batch.map(function (r) {
                return r.data();
              })).then(function (datas) {
                datas.forEach(function (d) {
                  var text = fold(d.content);
                  var ok = parsed.phrases.every(function (p) {
                    return text.indexOf(p) !== -1;
                  });
                  if (ok) {
                    out.push(d);
                    if (checking) cursor.total++;
                  }
                });
                return step();
              });
            }
            return step();
          },
        };
        return cursor;
      });
    });
  }

  // For the benchmark and for other scripts: the same query the boxes run.
  window.danluSearch = { query: query, parseQuery: parseQuery };

  function countOf(form, cursor) {
    var n = cursor.total;
    if (cursor.exact) return countText(form, n);
    // Candidates are left unchecked: the count is a lower bound, shown as such ("3+"), even when it is 0.
    return msg(form, n === 1 ? 'count-one' : 'count-many').replace('{n}', n + '+');
  }

  // Runs `q` and hands its cursor to `show`, dropping answers to queries the reader has already typed past.
  function searcher(form, show, fail) {
    var bundle = form.getAttribute('data-search-bundle');
    var latest = 0;
    return function (q) {
      var ticket = ++latest;
      query(bundle, q).then(
        function (cursor) {
          if (ticket === latest) show(cursor, q, function () {
            return ticket === latest;
          });
        },
        function () {
          if (ticket === latest) fail();
        },
      );
    };
  }

  /* ---------- header box: combobox + listbox ---------- */

  function initBox(form) {
    var input = form.querySelector('input[role="combobox"]');
    var list = form.querySelector('[role="listbox"]');
    var status = form.querySelector('[role="status"]');
    if (!input || !list || !status) return;
    var active = -1;
    var timer = 0;

    function options() {
      return Array.prototype.slice.call(list.querySelectorAll('[role="option"]'));
    }
    function setActive(i) {
      var all = options();
      active = all.length ? (i + all.length) % all.length : -1;
      all.forEach(function (o, j) {
        o.setAttribute('aria-selected', j === active ? 'true' : 'false');
      });
      var cur = all[active];
      if (cur) {
        input.setAttribute('aria-activedescendant', cur.id);
        cur.scrollIntoView({ block: 'nearest' });
      } else input.removeAttribute('aria-activedescendant');
    }
    // Ctrl/⌘ or the middle button opens a new tab, as it would on a link.
    function go(option, e) {
      var href = option.getAttribute('data-href');
      if (!href) return;
      if (e && (e.ctrlKey || e.metaKey || e.button === 1)) window.open(href, '_blank', 'noopener');
      else window.location.href = href;
    }
    function open(yes) {
      list.hidden = !yes;
      input.setAttribute('aria-expanded', yes ? 'true' : 'false');
      if (!yes) setActive(-1);
    }

    var run = searcher(
      form,
      function (cursor, q, current) {
        if (!cursor) {
          list.textContent = '';
          status.textContent = '';
          return open(false);
        }
        cursor.next(POPUP_RESULTS).then(function (datas) {
          if (!current()) return;
          list.textContent = '';
          active = -1;
          input.removeAttribute('aria-activedescendant');
          var count = countOf(form, cursor);
          status.textContent = count;
          datas.forEach(function (data, i) {
            var li = document.createElement('li');
            li.id = 'site-search-option-' + i;
            li.setAttribute('role', 'option');
            li.setAttribute('aria-selected', 'false');
            li.className = 'site-search-option';
            // An option's content is presentational to assistive technology, so it holds no link of its own: a
            // click or Enter opens the URL it carries.
            li.setAttribute('data-href', resultContent(li, data, ''));
            list.appendChild(li);
          });
          var more = document.createElement('li');
          more.id = 'site-search-option-all';
          more.setAttribute('role', 'option');
          more.setAttribute('aria-selected', 'false');
          more.className = 'site-search-all';
          more.setAttribute('data-href', form.getAttribute('action') + '?q=' + encodeURIComponent(q));
          more.textContent = count;
          list.appendChild(more);
          open(true);
        });
      },
      function () {
        status.textContent = msg(form, 'failed');
      },
    );

    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        run(input.value);
      }, 80);
    });
    input.addEventListener('keydown', function (e) {
      var all = options();
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        if (!all.length) return;
        e.preventDefault();
        if (list.hidden) open(true);
        setActive(active === -1 && e.key === 'ArrowUp' ? all.length - 1 : active + (e.key === 'ArrowDown' ? 1 : -1));
      } else if (e.key === 'Enter' && active >= 0 && all[active]) {
        e.preventDefault();
        go(all[active], e);
      } else if (e.key === 'Escape') {
        if (!list.hidden) {
          e.preventDefault();
          open(false);
        } else if (input.value) {
          e.preventDefault();
          input.value = '';
          run('');
        } else input.blur();
      }
    });
    input.addEventListener('focus', function () {
      if (list.childNodes.length && input.value) open(true);
    });
    form.addEventListener('focusout', function (e) {
      if (!form.contains(e.relatedTarget)) open(false);
    });
    list.addEventListener('mousedown', function (e) {
      e.preventDefault(); // keep focus in the box, so the click reaches the option before the list closes
    });
    list.addEventListener('click', function (e) {
      var option = e.target && e.target.closest ? e.target.closest('[role="option"]') : null;
      if (option) go(option, e);
    });
    pagefind(form.getAttribute('data-search-bundle')).catch(function () {});
    if (input.value) run(input.value);
  }

  /* ---------- the search page ---------- */

  function initPage(form) {
    var input = form.querySelector('input[type="search"]');
    var status = document.querySelector('.search-status');
    var list = document.querySelector('.search-results');
    var moreButton = document.querySelector('.search-more');
    if (!input || !status || !list) return;
    var cursor = null;
    var timer = 0;

    function showMore(c, current) {
      if (moreButton) moreButton.hidden = true;
      return c.next(PAGE_RESULTS).then(function (datas) {
        if (!current()) return;
        datas.forEach(function (data) {
          var li = document.createElement('li');
          var a = document.createElement('a');
          a.className = 'search-result-link';
          a.href = resultContent(a, data, '');
          li.appendChild(a);
          list.appendChild(li);
        });
        if (moreButton) moreButton.hidden = c.done;
        status.textContent = countOf(form, c);
      });
    }

    var run = searcher(
      form,
      function (c, q, current) {
        cursor = c;
        updateUrl(q.trim() ? q : '');
        list.textContent = '';
        if (!c) {
          status.textContent = '';
          if (moreButton) moreButton.hidden = true;
          return;
        }
        showMore(c, current).then(function () {
          if (moreButton) moreButton.onclick = function () {
            if (cursor === c) showMore(c, current);
          };
        });
      },
      function () {
        status.textContent = msg(form, 'failed');
      },
    );

    form.addEventListener('submit', function (e) {
      e.preventDefault();
      clearTimeout(timer);
      run(input.value);
    });
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        run(input.value);
      }, 80);
    });
    // Arrow keys walk from the box through the results and back; Escape clears the box.
    function links() {
      return Array.prototype.slice.call(list.querySelectorAll('a'));
    }
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown') {
        var first = links()[0];
        if (first) {
          e.preventDefault();
          first.focus();
        }
      } else if (e.key === 'Escape' && input.value) {
        e.preventDefault();
        input.value = '';
        run('');
      }
    });
    list.addEventListener('keydown', function (e) {
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      var all = links();
      var i = all.indexOf(document.activeElement);
      if (i === -1) return;
      e.preventDefault();
      if (e.key === 'ArrowDown' && i < all.length - 1) all[i + 1].focus();
      else if (e.key === 'ArrowUp') (i > 0 ? all[i - 1] : input).focus();
    });
    var initial = new URLSearchParams(window.location.search).get('q');
    if (initial) input.value = initial;
    if (input.value) {
      status.textContent = msg(form, 'loading');
      run(input.value);
    }
  }

  document.querySelectorAll('form[data-search-bundle]').forEach(function (form) {
    if (form.hasAttribute('data-search-page')) initPage(form);
    else initBox(form);
  });
})();
