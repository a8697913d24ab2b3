/*
 * Link previews (danlu default theme): hovering or focusing a link to another note shows the opening of that
 * note; a footnote reference shows the footnote. Loaded only by note pages that have such links or footnotes
 * (themes/default/layouts/post.ts), which also embed the previews of exactly their own link targets as JSON in
 * #link-previews, so showing one costs no request. Plain ES2019, no dependencies.
 *
 * Accessible: focus shows a preview as well as the mouse does, Escape hides it, and the link is described by
 * it (aria-describedby) while it is shown. Touch hovers are ignored: a tap follows the link as it always did.
 */
(function () {
  'use strict';

  var dataEl = document.getElementById('link-previews');
  var data = {};
  try {
    data = dataEl ? JSON.parse(dataEl.textContent || '{}') : {};
  } catch (e) {
    data = {};
  }
  var SHOW_DELAY = 250;
  var popup = null;
  var owner = null;
  var timer = 0;

  function targetOf(a) {
    if (a.hasAttribute('data-footnote-ref')) {
      var id = decodeURIComponent((a.getAttribute('href') || '').slice(1));
      var note = id && document.getElementById(id);
      if (!note) return null;
      var body = note.cloneNode(true);
      Array.prototype.forEach.call(body.querySelectorAll('[data-footnote-backref]'), function (b) { b.remove(); });
      body.removeAttribute('id');
      return { title: '', node: body };
    }
    var url;
    try {
      url = new URL(a.href, location.href);
    } catch (e) {
      return null;
    }
    if (url.origin !== location.origin) return null;
    var hit = data[url.pathname] || data[decodeURI(url.pathname)];
    if (!hit) return null;
    var p = document.createElement('p');
    p.textContent = hit.excerpt;
    return { title: hit.title, node: p };
  }

  function hide() {
    clearTimeout(timer);
    if (owner) owner.removeAttribute('aria-describedby');
    if (popup) popup.remove();
    popup = null;
    owner = null;
  }

  function show(a) {
    var target = targetOf(a);
    if (!target) return;
    hide();
    popup = document.createElement('div');
    popup.className = 'link-preview';
    popup.id = 'link-preview';
    popup.setAttribute('role', 'tooltip');
    if (target.title) {
      var title = document.createElement('p');
      title.className = 'link-preview-title';
      title.textContent = target.title;
      popup.appendChild(title);
    }
    popup.appendChild(target.node);
    // Kept open while the pointer moves onto it, so its text can be selected.
    popup.addEventListener('mouseleave', hide);
    document.body.appendChild(popup);
    owner = a;
    a.setAttribute('aria-describedby', popup.id);
    place(a);
  }

  function place(a) {
    var r = a.getBoundingClientRect();
    var w = popup.offsetWidth;
    var h = popup.offsetHeight;
    var left = Math.min(Math.max(8, r.left), document.documentElement.clientWidth - w - 8);
    var below = r.bottom + 6;
    var top = below + h > window.innerHeight && r.top - h - 6 > 0 ? r.top - h - 6 : below;
    popup.style.left = Math.max(0, left + window.scrollX) + 'px';
    popup.style.top = top + window.scrollY + 'px';
  }

  function linkFrom(e) {
    var a = e.target && e.target.closest ? e.target.closest('.post-body a[href]') : null;
    return a && (a.hasAttribute('data-footnote-ref') || !a.getAttribute('href').startsWith('#')) ? a : null;
  }

  document.addEventListener('pointerover', function (e) {
    if (e.pointerType !== 'mouse') return;
    var a = linkFrom(e);
    if (!a || a === owner) return;
    clearTimeout(timer);
    timer = setTimeout(function () { show(a); }, SHOW_DELAY);
  });
  document.addEventListener('pointerout', function (e) {
    if (e.pointerType !== 'mouse') return;
    var a = linkFrom(e);
    if (!a) return;
    clearTimeout(timer);
    // Leaving the link for the preview keeps it open.
    if (popup && e.relatedTarget && popup.contains(e.relatedTarget)) return;
    if (a === owner) hide();
  });
  // Focus from the keyboard only: a tap or click also focuses the link, and a touch reader must not get a
  // preview in the way of the page the tap is opening.
  function keyboardFocus(a) {
    try {
      return a.matches(':focus-visible');
    } catch (e) {
      return true; // no :focus-visible: better a preview after a click than none for the keyboard
    }
  }
  document.addEventListener('focusin', function (e) {
    var a = linkFrom(e);
    if (a && keyboardFocus(a)) show(a);
    else if (popup && !popup.contains(e.target)) hide();
  });
  document.addEventListener('focusout', function (e) {
    if (e.target === owner) hide();
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && popup) hide();
  });
})();
