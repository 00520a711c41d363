/* widget.js — Guichet's assistant on any page of the town's website.
 *
 *   <script src="https://guichet.example.fr/widget.js" defer></script>
 *
 * adds a button at the bottom right that opens the assistant in a panel.
 * The widget talks to the Guichet it was loaded from (the origin of this
 * script's src), whose `widget-origins` setting must list the site's origin
 * (CORS).  Everything lives in a shadow root, styled by widget.css from the
 * same origin, so the site's CSS and ours do not mix.  Optional attributes
 * on the script tag: data-town="Villebrune" (names the town in the panel).
 * See docs/widget.md.
 *
 * Accessibility: the button says what it opens and whether it is open
 * (aria-expanded); the panel is a non-modal dialog labelled by its title;
 * opening moves the focus to the question field, Escape or the close button
 * closes it and gives the focus back to the button; answers arrive in an
 * aria-live region. */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src || window.__guichetWidget) return;
  window.__guichetWidget = true;
  var origin;
  try { origin = new URL(script.src, document.baseURI).origin; } catch (e) { return; }
  var town = script.getAttribute('data-town') || '';

  var MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août',
    'septembre', 'octobre', 'novembre', 'décembre'];
  /* "2026-09-14" -> "14 septembre 2026" ("1er" for the first), or "" when
   * it is no date of the calendar ("2026-02-31"), as html.c does. */
  function frDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
    if (!m) return '';
    var y = +m[1], mo = +m[2], d = +m[3];
    var feb = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
    var days = [31, feb, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if (mo < 1 || mo > 12 || d < 1 || d > days[mo - 1]) return '';
    return (d === 1 ? '1er' : String(d)) + ' ' + MONTHS[mo - 1] + ' ' + m[1];
  }
  function safeUrl(u) {
    return typeof u === 'string' && /^https?:\/\/[^\/\s]/.test(u) && !/[\s"<>\\]/.test(u);
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function build() {
    var host = el('div');
    host.id = 'guichet-widget';
    var root = host.attachShadow ? host.attachShadow({mode: 'open'}) : host;
    var css = el('link');
    css.rel = 'stylesheet';
    css.href = origin + '/widget.css';
    root.appendChild(css);

    var launcher = el('button', 'launcher', 'Une question ? Assistant ' + (town ? 'de ' + town : 'de la mairie'));
    launcher.type = 'button';
    launcher.setAttribute('aria-expanded', 'false');
    launcher.setAttribute('aria-controls', 'gw-panel');

    var panel = el('div', 'panel');
    panel.id = 'gw-panel';
    panel.hidden = true;
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-labelledby', 'gw-title');
    panel.setAttribute('aria-describedby', 'gw-ia');

    var head = el('div', 'head');
    var title = el('h2', null, 'Assistant ' + (town ? 'de ' + town : 'de la mairie'));
    title.id = 'gw-title';
    var close = el('button', 'close', 'Fermer');
    close.type = 'button';
    close.setAttribute('aria-label', 'Fermer l’assistant');
    head.appendChild(title);
    head.appendChild(close);

    var ia = el('p', 'ia');
    ia.id = 'gw-ia';
    ia.appendChild(document.createTextNode('Vous échangez avec un assistant automatique, pas avec une personne. ' +
      'Il répond uniquement à partir des pages validées par la commune et cite ses sources. '));
    var more = el('a', null, 'En savoir plus (nouvel onglet)');
    more.href = origin + '/transparence';
    more.target = '_blank';
    more.rel = 'noopener';
    ia.appendChild(more);

    // The disclosure opens the conversation and scrolls away with it.
    var log = el('div', 'log');
    var live = el('div');
    live.setAttribute('aria-live', 'polite');
    var list = el('ol', 'exchanges');
    log.appendChild(ia);
    live.appendChild(list);
    log.appendChild(live);

    var form = el('form', 'ask');
    var label = el('label', null, 'Votre question');
    label.htmlFor = 'gw-question';
    var row = el('div', 'row');
    var input = el('input');
    input.type = 'text';
    input.id = 'gw-question';
    input.name = 'question';
    input.maxLength = 500;
    input.autocomplete = 'off';
    input.required = true;
    var send = el('button', 'send', 'Envoyer');
    send.type = 'submit';
    row.appendChild(input);
    row.appendChild(send);
    form.appendChild(label);
    form.appendChild(row);
    var status = el('p', 'status');
    status.setAttribute('role', 'status');

    panel.appendChild(head);
    panel.appendChild(log);
    panel.appendChild(form);
    panel.appendChild(status);
    root.appendChild(panel);
    root.appendChild(launcher);
    document.body.appendChild(host);

    var conversation = '', busy = false;

    function open() {
      panel.hidden = false;
      launcher.setAttribute('aria-expanded', 'true');
      input.focus();
    }
    function shut() {
      panel.hidden = true;
      launcher.setAttribute('aria-expanded', 'false');
      launcher.focus();
    }
    launcher.addEventListener('click', function () { if (panel.hidden) open(); else shut(); });
    close.addEventListener('click', shut);
    panel.addEventListener('keydown', function (ev) {
      if (ev.key === 'Escape') { ev.stopPropagation(); shut(); }
    });

    function post(path, body) {
      return fetch(origin + path, {
        method: 'POST',
        mode: 'cors',
        credentials: 'omit',
        headers: {'Content-Type': 'application/json'},
        body: JSON.stringify(body)
      });
    }

    function answer(data, question) {
      var li = el('li', 'exchange');
      var q = el('p', 'q');
      q.appendChild(el('span', 'visually-hidden', 'Votre question : '));
      q.appendChild(document.createTextNode(question));
      var a = el('div', 'a' + (data.refused ? ' refused' : ''));
      a.appendChild(el('span', 'visually-hidden', 'Réponse : '));
      a.appendChild(el('p', 'text', data.answer || ''));
      (data.sources || []).forEach(function (s) {
        var p = el('p', 'source', 'Source : ');
        var t = s.title || s.url || 'page';
        if (safeUrl(s.url)) {
          var link = el('a', null, t + ' (nouvel onglet)');
          link.href = s.url;
          link.target = '_blank';
          link.rel = 'noopener';
          p.appendChild(link);
        } else {
          p.appendChild(document.createTextNode(t));
        }
        var d = frDate(s.validated_on);
        p.appendChild(document.createTextNode(d ? ', validée le ' + d + (s.validated_by ? ' par ' + s.validated_by : '') + '.' : '.'));
        a.appendChild(p);
      });
      if (data.message_id) a.appendChild(feedback(data.message_id, data.feedback_token));
      li.appendChild(q);
      li.appendChild(a);
      list.appendChild(li);
      log.scrollTop = log.scrollHeight;
    }

    /* The token proves the feedback is from whoever got the answer. */
    function feedback(id, token) {
      var box = el('div', 'feedback');
      box.setAttribute('role', 'group');
      var legend = el('span', 'legend', 'Réponse utile ?');
      legend.id = 'gw-fb-' + id;
      box.setAttribute('aria-labelledby', legend.id);
      box.appendChild(legend);
      [[true, 'Oui'], [false, 'Non']].forEach(function (v) {
        var b = el('button', null, v[1]);
        b.type = 'button';
        b.addEventListener('click', function () {
          post('/api/v1/feedback', {message_id: id, feedback_token: token, useful: v[0]}).then(function (res) {
            if (!res.ok) throw new Error();
            var t = el('p', 'thanks', 'Merci pour votre avis.');
            t.tabIndex = -1;
            box.parentNode.replaceChild(t, box);
            t.focus();
          }).catch(function () { status.textContent = 'Votre avis n’a pas pu être enregistré.'; });
        });
        box.appendChild(b);
      });
      return box;
    }

    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var question = input.value.trim();
      if (busy) return;
      if (!question) {
        status.textContent = 'La question est vide : écrivez votre question.';
        input.focus();
        return;
      }
      busy = true;
      send.disabled = true;
      status.textContent = 'Recherche de la réponse…';
      post('/api/v1/ask', {question: question, conversation_id: conversation || undefined})
        .then(function (res) {
          return res.json().then(function (d) {
            if (!res.ok) throw new Error((d && d.error) || 'Le service n’a pas pu répondre.');
            return d;
          });
        })
        .then(function (d) {
          if (d.conversation_id) conversation = d.conversation_id;
          answer(d, question);
          input.value = '';
          status.textContent = '';
        })
        .catch(function (err) {
          status.textContent = err && err.message && !/fetch|network|JSON/i.test(err.message) ? err.message
            : 'Le service ne répond pas. Réessayez dans un instant.';
        })
        .then(function () {
          busy = false;
          send.disabled = false;
          input.focus();
        });
    });
  }

  if (document.body) build();
  else document.addEventListener('DOMContentLoaded', build);
})();
