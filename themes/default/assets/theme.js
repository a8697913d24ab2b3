/*
 * danlu default theme client: the light/dark toggle and the search page. Plain ES2019, no dependencies, no
 * build step. Nothing else on a page needs it: math and diagrams are typeset at build time.
 */
(function () {
  'use strict';

  /* ---------- light/dark toggle ---------- */

  // Same key as the pre-paint snippet in <head> (themes/default/partials/base.ts).
  var STORAGE_KEY = 'danlu-theme';
  var root = document.documentElement;
  var media = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;

  function storedTheme() {
    try {
      var t = localStorage.getItem(STORAGE_KEY);
      return t === 'dark' || t === 'light' ? t : null;
    } catch (e) {
      return null; // storage disabled (private mode, file://): the toggle still works for this page
    }
  }

  function effectiveTheme() {
    var t = root.getAttribute('data-theme');
    if (t === 'dark' || t === 'light') return t;
    return media && media.matches ? 'dark' : 'light';
  }

  function initToggle() {
    var buttons = Array.prototype.slice.call(document.querySelectorAll('.theme-toggle'));
    if (buttons.length === 0) return;

    function sync() {
      var dark = effectiveTheme() === 'dark';
      buttons.forEach(function (b) {
        b.setAttribute('aria-pressed', dark ? 'true' : 'false');
      });
    }

    buttons.forEach(function (b) {
      b.hidden = false; // rendered hidden so readers without JS never see a button that does nothing
      b.addEventListener('click', function () {
        var next = effectiveTheme() === 'dark' ? 'light' : 'dark';
        var system = media && media.matches ? 'dark' : 'light';
        // Toggling back to what the system asks for drops the stored choice: the page follows the system
        // again (and its later changes) instead of pinning a theme the reader never meant to keep.
        if (next === system) root.removeAttribute('data-theme');
        else root.setAttribute('data-theme', next);
        try {
          if (next === system) localStorage.removeItem(STORAGE_KEY);
          else localStorage.setItem(STORAGE_KEY, next);
        } catch (e) {
          /* not persisted; nothing else to do */
        }
        sync();
      });
    });

    if (media) {
      if (media.addEventListener) media.addEventListener('change', sync);
      else if (media.addListener) media.addListener(sync);
    }
    // Keep several open tabs in step.
    window.addEventListener('storage', function (e) {
      if (e.key !== STORAGE_KEY) return;
      var t = storedTheme();
      if (t) root.setAttribute('data-theme', t);
      else root.removeAttribute('data-theme');
      sync();
    });
    sync();
  }

  /* ---------- search ---------- */

  var MAX_RESULTS = 50;
  var SNIPPET_BEFORE = 30;
  var SNIPPET_LENGTH = 140;

  function lower(s) {
    return String(s == null ? '' : s).toLowerCase();
  }

  // Query words: NFKC folds full-width letters and digits typed with a Chinese IME into ASCII. Han text has no
  // spaces, so each word is matched as a substring, which is what a reader of Chinese expects.
  function queryWords(q) {
    var folded = lower(String(q).normalize ? String(q).normalize('NFKC') : q);
    var words = folded.split(/\s+/).filter(Boolean);
    return words.filter(function (w, i) {
      return words.indexOf(w) === i;
    });
  }

  function prepare(data) {
    if (!Array.isArray(data)) throw new Error('search.json is not an array');
    return data.map(function (item) {
      var tags = Array.isArray(item.tags) ? item.tags : [];
      var cats = Array.isArray(item.categories) ? item.categories : [];
      return {
        item: item,
        title: lower(item.title),
        terms: lower(tags.concat(cats).join('\n')),
        text: lower(item.text),
      };
    });
  }

  function countOf(hay, word) {
    var n = 0;
    var i = hay.indexOf(word);
    while (i !== -1 && n < 20) {
      n++;
      i = hay.indexOf(word, i + word.length);
    }
    return n;
  }

  function search(index, words) {
    var hits = [];
    index.forEach(function (e) {
      var score = 0;
      for (var i = 0; i < words.length; i++) {
        var w = words[i];
        var inTitle = e.title.indexOf(w) !== -1;
        var inTerms = e.terms.indexOf(w) !== -1;
        var inText = countOf(e.text, w);
        if (!inTitle && !inTerms && inText === 0) return; // every word must match somewhere
        score += (inTitle ? 10 : 0) + (inTerms ? 5 : 0) + inText;
      }
      hits.push({ entry: e, score: score });
    });
    hits.sort(function (a, b) {
      if (b.score !== a.score) return b.score - a.score;
      var da = String(a.entry.item.date || '');
      var db = String(b.entry.item.date || '');
      return da < db ? 1 : da > db ? -1 : 0;
    });
    return hits;
  }

  // Appends `text` to `parent`, wrapping every occurrence of any word in <mark>. Built from text nodes, never
  // innerHTML, so note text cannot inject markup.
  function appendHighlighted(parent, text, words) {
    var hay = lower(text);
    // Lower-casing can change the length of a few exotic characters; then positions would not line up.
    if (hay.length !== text.length) {
      parent.appendChild(document.createTextNode(text));
      return;
    }
    var ranges = [];
    words.forEach(function (w) {
      var i = hay.indexOf(w);
      while (i !== -1) {
        ranges.push([i, i + w.length]);
        i = hay.indexOf(w, i + w.length);
      }
    });
    ranges.sort(function (a, b) {
      return a[0] - b[0];
    });
    var pos = 0;
    ranges.forEach(function (r) {
      if (r[0] < pos) {
        if (r[1] <= pos) return;
        r = [pos, r[1]];
      }
      if (r[0] > pos) parent.appendChild(document.createTextNode(text.slice(pos, r[0])));
      var mark = document.createElement('mark');
      mark.textContent = text.slice(r[0], r[1]);
      parent.appendChild(mark);
      pos = r[1];
    });
    if (pos < text.length) parent.appendChild(document.createTextNode(text.slice(pos)));
  }

  function snippet(entry, words) {
    var text = String(entry.item.text || '').replace(/\s+/g, ' ');
    var hay = lower(text);
    var first = -1;
    words.forEach(function (w) {
      var i = hay.indexOf(w);
      if (i !== -1 && (first === -1 || i < first)) first = i;
    });
    var start = first > SNIPPET_BEFORE ? first - SNIPPET_BEFORE : 0;
    var end = Math.min(text.length, start + SNIPPET_LENGTH);
    return (start > 0 ? '…' : '') + text.slice(start, end) + (end < text.length ? '…' : '');
  }

  function safeUrl(url) {
    var u = String(url || '');
    return /^\s*javascript:/i.test(u) ? '#' : u;
  }

  function initSearch() {
    var form = document.querySelector('form.search-form[data-index]');
    if (!form) return;
    var input = form.querySelector('input[type="search"]');
    var status = document.querySelector('.search-status');
    var list = document.querySelector('.search-results');
    if (!input || !status || !list) return;

    var msg = function (name) {
      return form.getAttribute('data-' + name) || '';
    };
    var index = null;
    var loading = null;
    var timer = 0;
    var lastQuery = null;

    function load() {
      if (!loading) {
        loading = fetch(form.getAttribute('data-index'), { credentials: 'same-origin' })
          .then(function (r) {
            if (!r.ok) throw new Error('HTTP ' + r.status);
            return r.json();
          })
          .then(function (data) {
            index = prepare(data);
            return index;
          });
        loading.catch(function () {
          loading = null; // let the next keystroke retry
        });
      }
      return loading;
    }

    function render(words, hits) {
      list.textContent = '';
      hits.slice(0, MAX_RESULTS).forEach(function (hit) {
        var item = hit.entry.item;
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.className = 'search-result-title';
        a.href = safeUrl(item.url);
        appendHighlighted(a, String(item.title || item.url || ''), words);
        li.appendChild(a);
        var meta = [];
        if (item.date) meta.push(String(item.date).slice(0, 10));
        if (Array.isArray(item.tags) && item.tags.length) meta.push(item.tags.map(function (t) { return '#' + t; }).join(' '));
        if (meta.length) {
          var m = document.createElement('span');
          m.className = 'search-result-meta';
          m.textContent = meta.join(' · ');
          li.appendChild(m);
        }
        var p = document.createElement('p');
        p.className = 'search-result-snippet';
        appendHighlighted(p, snippet(hit.entry, words), words);
        li.appendChild(p);
        list.appendChild(li);
      });
      var n = hits.length;
      status.textContent =
        n === 0 ? msg('no-results') : msg(n === 1 ? 'count-one' : 'count-many').replace('{n}', String(n));
    }

    function run() {
      var q = input.value;
      if (q === lastQuery) return;
      lastQuery = q;
      var words = queryWords(q);
      updateUrl(q);
      if (words.length === 0) {
        list.textContent = '';
        status.textContent = '';
        return;
      }
      if (!index) status.textContent = msg('loading');
      load().then(
        function (idx) {
          if (input.value !== q) return; // a newer query is on its way
          render(words, search(idx, words));
        },
        function () {
          status.textContent = msg('failed');
          lastQuery = null;
        },
      );
    }

    function updateUrl(q) {
      if (!window.history || !history.replaceState) return;
      var url = new URL(window.location.href);
      if (q) url.searchParams.set('q', q);
      else url.searchParams.delete('q');
      history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    }

    form.addEventListener('submit', function (e) {
      e.preventDefault();
      clearTimeout(timer);
      lastQuery = null;
      run();
    });
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    });
    input.addEventListener('focus', function () {
      load().catch(function () {});
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
        run();
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
    if (initial) {
      input.value = initial;
      run();
    }
  }

  /* ---------- note pages: code copy, scroll boxes, full-size diagrams, current TOC section ---------- */

  // Labels come from the note's <article> (themes/default/layouts/post.ts), in the site's language.
  function label(article, name, fallback) {
    return (article && article.getAttribute('data-' + name)) || fallback;
  }

  // A copy button on every code block. Added here, not at build time: without a script it could not work.
  function initCopy(article) {
    if (!navigator.clipboard || !navigator.clipboard.writeText) return;
    var blocks = article.querySelectorAll('.post-body pre');
    Array.prototype.forEach.call(blocks, function (pre) {
      var box = document.createElement('div');
      box.className = 'code-copy-box';
      pre.parentNode.insertBefore(box, pre);
      box.appendChild(pre);
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'code-copy';
      var idle = label(article, 'copy', 'Copy code');
      button.textContent = idle;
      button.setAttribute('aria-label', idle);
      var timer = 0;
      button.addEventListener('click', function () {
        var code = pre.querySelector('code') || pre;
        navigator.clipboard.writeText(code.textContent || '').then(
          function () { say(label(article, 'copied', 'Copied')); },
          function () { say(label(article, 'copy-failed', 'Copy failed')); }
        );
      });
      function say(text) {
        button.textContent = text;
        button.setAttribute('aria-label', text);
        clearTimeout(timer);
        timer = setTimeout(function () {
          button.textContent = idle;
          button.setAttribute('aria-label', idle);
        }, 2000);
      }
      box.appendChild(button);
    });
  }

  // Scroll boxes are focusable so a keyboard can scroll them; one that fits needs no Tab stop.
  function initScrollBoxes(article) {
    var boxes = article.querySelectorAll('.math-scroll, .table-scroll, .diagram-scroll');
    function sync() {
      Array.prototype.forEach.call(boxes, function (box) {
        if (box.scrollWidth > box.clientWidth + 1) box.setAttribute('tabindex', '0');
        else box.removeAttribute('tabindex');
      });
    }
    sync();
    var pending = 0;
    window.addEventListener('resize', function () {
      cancelAnimationFrame(pending);
      pending = requestAnimationFrame(sync);
    });
  }

  // Each diagram opens at full size in a dialog (its drawing cloned, at least its natural width).
  function initDiagrams(article) {
    if (typeof HTMLDialogElement === 'undefined') return;
    var figures = article.querySelectorAll('figure.diagram');
    Array.prototype.forEach.call(figures, function (figure) {
      var svg = figure.querySelector('.diagram-scroll > svg');
      if (!svg) return;
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'diagram-zoom';
      button.textContent = label(article, 'enlarge', 'View full size');
      button.addEventListener('click', function () { open(svg); });
      svg.addEventListener('click', function () { open(svg); });
      svg.style.cursor = 'zoom-in';
      figure.querySelector('.diagram-scroll').insertAdjacentElement('afterend', button);
    });
    function open(svg) {
      var dialog = document.createElement('dialog');
      dialog.className = 'diagram-dialog';
      var title = svg.querySelector('title');
      if (title) dialog.setAttribute('aria-label', title.textContent || '');
      var close = document.createElement('button');
      close.type = 'button';
      close.className = 'diagram-dialog-close';
      close.textContent = label(article, 'close', 'Close');
      close.addEventListener('click', function () { dialog.close(); });
      var body = document.createElement('div');
      body.className = 'diagram-dialog-body';
      var copy = svg.cloneNode(true);
      // Ids inside the copy would collide with the original's (aria-labelledby, gradients): the copy is a picture.
      copy.removeAttribute('id');
      copy.setAttribute('aria-hidden', 'true');
      copy.style.cursor = '';
      var natural = Number(svg.getAttribute('width')) || 0;
      var min = parseFloat(getComputedStyle(svg).minWidth) || 0;
      copy.style.setProperty('--diagram-full-width', Math.max(natural, min) + 'px');
      body.appendChild(copy);
      dialog.appendChild(close);
      dialog.appendChild(body);
      dialog.addEventListener('close', function () { dialog.remove(); });
      dialog.addEventListener('click', function (e) { if (e.target === dialog) dialog.close(); });
      document.body.appendChild(dialog);
      dialog.showModal();
      close.focus();
    }
  }

  // The TOC marks the section being read: the last heading above the top fifth of the screen.
  function initTocCurrent() {
    var links = Array.prototype.slice.call(document.querySelectorAll('.toc a[href^="#"]'));
    if (links.length === 0 || typeof IntersectionObserver === 'undefined') return;
    var entries = [];
    links.forEach(function (a) {
      var id = decodeURIComponent(a.getAttribute('href').slice(1));
      var heading = document.getElementById(id);
      if (heading) entries.push({ link: a, heading: heading });
    });
    if (entries.length === 0) return;
    var current = null;
    function update() {
      var line = window.innerHeight * 0.2;
      var pick = null;
      for (var i = 0; i < entries.length; i++) {
        if (entries[i].heading.getBoundingClientRect().top <= line) pick = entries[i];
        else break;
      }
      if (!pick) pick = entries[0];
      if (pick === current) return;
      if (current) current.link.removeAttribute('aria-current');
      pick.link.setAttribute('aria-current', 'true');
      current = pick;
    }
    // The observer says when a heading crosses the reading line; the pick is then made from positions, so fast
    // scrolls that skip a heading's crossing still land on the right section.
    var observer = new IntersectionObserver(update, { rootMargin: '0px 0px -80% 0px' });
    entries.forEach(function (e) { observer.observe(e.heading); });
    update();
  }

  function initNote() {
    var article = document.querySelector('article.post');
    if (!article) return;
    initCopy(article);
    initScrollBoxes(article);
    initDiagrams(article);
    initTocCurrent();
  }

  function init() {
    initToggle();
    initSearch();
    initNote();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
