/*
 * danlu default theme client: the light/dark toggle and the loader of the search client (search.js). Plain
 * ES2019, no dependencies, no build step. Nothing else on a page needs it: math and diagrams are typeset at build time.
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

  // The search client and its index are loaded the first time a reader uses a box (focus or the shortcut), so a
  // page read without searching fetches neither. On the search page it loads at once: that page is for searching.
  function initSearch() {
    var forms = Array.prototype.slice.call(document.querySelectorAll('form[data-search-script]'));
    if (forms.length === 0) return;
    var loaded = false;
    function load() {
      if (loaded) return;
      loaded = true;
      var s = document.createElement('script');
      s.src = forms[0].getAttribute('data-search-script');
      s.async = true;
      s.onerror = function () {
        loaded = false; // let the next focus retry
        s.remove();
      };
      document.head.appendChild(s);
    }
    forms.forEach(function (f) {
      var input = f.querySelector('input[type="search"]');
      if (input) input.addEventListener('focus', load);
    });
    var box = (document.querySelector('form[data-search-page] input[type="search"]') ||
      document.querySelector('form[data-search-script] input[type="search"]'));
    // `/` (outside text fields) and Ctrl-K / ⌘K go to the box, as on most documentation sites.
    document.addEventListener('keydown', function (e) {
      if (!box || e.defaultPrevented || e.altKey) return;
      var t = e.target;
      var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      var slash = e.key === '/' && !e.ctrlKey && !e.metaKey && !typing;
      var k = (e.key === 'k' || e.key === 'K') && (e.ctrlKey || e.metaKey) && !e.shiftKey;
      if (!slash && !k) return;
      e.preventDefault();
      box.focus();
      box.select();
    });
    if (document.querySelector('form[data-search-page]')) load();
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
    var inline = article.querySelectorAll('.post-body .math-inline');
    function sync() {
      Array.prototype.forEach.call(boxes, function (box) {
        if (box.scrollWidth > box.clientWidth + 1) box.setAttribute('tabindex', '0');
        else box.removeAttribute('tabindex');
      });
      // An inline formula wraps only between its top-level pieces (KaTeX's .katex-base boxes); one piece wider
      // than the text column (a long \left( … \right)) would widen the page, so that formula becomes a small
      // scroll box of its own, as a display formula is.
      Array.prototype.forEach.call(inline, function (m) {
        m.classList.remove('math-inline-wide');
        // The column is the nearest box around it (inline elements, such as .math-nobr, have no clientWidth).
        var block = m.parentElement;
        while (block && block.clientWidth === 0 && block !== article) block = block.parentElement;
        var column = block ? block.clientWidth : 0;
        if (!column) return;
        var pieces = m.querySelectorAll('.katex-html > .katex-base');
        var wide = false;
        for (var i = 0; i < pieces.length && !wide; i++) wide = pieces[i].getBoundingClientRect().width > column;
        if (wide) m.classList.add('math-inline-wide');
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
    var footer = document.querySelector('article.post > .post-footer');
    function update() {
      // At the end of the page a short last section may never reach the reading line: scrolled to the bottom,
      // the last heading on screen is the one being read.
      var doc = document.documentElement;
      var atEnd = window.innerHeight + window.scrollY >= doc.scrollHeight - 2;
      var line = atEnd ? window.innerHeight : window.innerHeight * 0.2;
      var pick = null;
      for (var i = 0; i < entries.length; i++) {
        if (entries[i].heading.getBoundingClientRect().top <= line) pick = entries[i];
        else break;
      }
      if (!pick) pick = entries[0];
      if (pick === current) return;
      if (current) current.link.removeAttribute('aria-current');
      pick.link.setAttribute('aria-current', 'location');
      current = pick;
    }
    // The observer says when a heading crosses the reading line; the pick is then made from positions, so fast
    // scrolls that skip a heading's crossing still land on the right section.
    var observer = new IntersectionObserver(update, { rootMargin: '0px 0px -80% 0px' });
    entries.forEach(function (e) { observer.observe(e.heading); });
    // The footer coming fully into view is how the observer sees the bottom of the page approach.
    if (footer) new IntersectionObserver(update, { threshold: [0, 0.5, 1] }).observe(footer);
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
