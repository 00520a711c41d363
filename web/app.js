/* app.js — progressive enhancement of Guichet's page (served by the binary).
 *
 * Without this script the page works: the form posts to the server, which
 * renders the answer.  With it, questions and feedback go to the JSON API
 * (docs/api.md) and answers are added to the conversation without reloading.
 * No framework, no build step, no external request; text is only ever set
 * with textContent (never innerHTML), so nothing from an answer can run.
 *
 * Streaming hook: when a generative backend answers with
 * Content-Type: text/event-stream, readAnswer() shows the text as it comes
 * ("delta" events: {"text": "..."}) and takes the final "answer" event (the
 * same JSON object as a plain answer).  The extractive path answers at once
 * with application/json; both are handled. */
(function () {
  'use strict';

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

  /* Only http(s) URLs and paths of this site become links. */
  function safeUrl(u) {
    return typeof u === 'string' && (/^https?:\/\/[^\/\s]/.test(u) || /^\/(?!\/)/.test(u)) &&
      !/[\s"<>\\]/.test(u);
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function sourceItem(parent, s) {
    var title = s.title || s.url || 'page sans titre';
    if (safeUrl(s.url)) {
      var a = el('a', null, title);
      a.href = s.url;
      parent.appendChild(a);
    } else {
      parent.appendChild(document.createTextNode(title));
    }
    var date = frDate(s.validated_on), rest = '';
    if (date) rest = ', validée le ' + date + (s.validated_by ? ' par ' + s.validated_by : '');
    else if (s.validated_by) rest = ', validée par ' + s.validated_by;
    parent.appendChild(document.createTextNode(rest + '.'));
  }

  function sources(list) {
    if (!list || !list.length) return null;
    if (list.length === 1) {
      var p = el('p', 'sources', 'Source : ');
      sourceItem(p, list[0]);
      return p;
    }
    var div = el('div', 'sources');
    div.appendChild(el('p', null, 'Sources :'));
    var ul = el('ul');
    list.forEach(function (s) {
      var li = el('li');
      sourceItem(li, s);
      ul.appendChild(li);
    });
    div.appendChild(ul);
    return div;
  }

  /* The same form as the server renders: it also works if the API fails. */
  function feedbackForm(messageId, token, conversationId) {
    var f = el('form', 'feedback');
    f.method = 'post';
    f.action = '/retour';
    [['message_id', messageId], ['feedback_token', token || ''],
     ['conversation_id', conversationId || '']].forEach(function (kv) {
      var i = el('input');
      i.type = 'hidden';
      i.name = kv[0];
      i.value = String(kv[1]);
      f.appendChild(i);
    });
    var fs = el('fieldset');
    fs.appendChild(el('legend', null, 'Cette réponse vous a-t-elle été utile ?'));
    [['1', 'Oui'], ['0', 'Non']].forEach(function (b) {
      var btn = el('button', null, b[1]);
      btn.type = 'submit';
      btn.name = 'useful';
      btn.value = b[0];
      fs.appendChild(btn);
    });
    f.appendChild(fs);
    return f;
  }

  /* One exchange: question, answer (text filled later when streaming). */
  function exchange(question) {
    var li = el('li', 'exchange');
    var q = el('div', 'msg q');
    q.appendChild(el('h3', 'who', 'Votre question'));
    q.appendChild(el('p', null, question));
    var a = el('div', 'msg a');
    a.appendChild(el('h3', 'who', 'Réponse de l’assistant'));
    var text = el('p', 'text');
    a.appendChild(text);
    li.appendChild(q);
    li.appendChild(a);
    return {li: li, answer: a, text: text};
  }

  function fillAnswer(x, data) {
    x.text.textContent = data.answer || '';
    if (data.refused) x.answer.classList.add('refused');
    var s = sources(data.sources);
    if (s) x.answer.appendChild(s);
    if (data.message_id) {
      x.answer.appendChild(feedbackForm(data.message_id, data.feedback_token, data.conversation_id));
    }
  }

  /* Read an answer: JSON at once, or a text/event-stream of "delta" events
   * then a final "answer" event.  onDelta(textSoFar) is called while
   * streaming. */
  function readAnswer(res, onDelta) {
    var type = res.headers.get('Content-Type') || '';
    if (type.indexOf('text/event-stream') !== 0 || !res.body || !res.body.getReader) {
      return res.json();
    }
    var reader = res.body.getReader(), dec = new TextDecoder(), buf = '', sofar = '', final = null;
    function handle(block) {
      var ev = 'message', data = '';
      block.split('\n').forEach(function (line) {
        if (line.indexOf('event:') === 0) ev = line.slice(6).trim();
        else if (line.indexOf('data:') === 0) data += line.slice(5).replace(/^ /, '');
      });
      if (!data) return;
      var obj;
      try { obj = JSON.parse(data); } catch (e) { return; }
      if (ev === 'delta' && typeof obj.text === 'string') {
        sofar += obj.text;
        onDelta(sofar);
      } else if (ev === 'answer' || ev === 'message') {
        final = obj;
      }
    }
    function pump() {
      return reader.read().then(function (r) {
        if (r.value) buf += dec.decode(r.value, {stream: true});
        var k;
        while ((k = buf.indexOf('\n\n')) >= 0) {
          handle(buf.slice(0, k));
          buf = buf.slice(k + 2);
        }
        if (!r.done) return pump();
        if (buf.trim()) handle(buf);
        return final || {answer: sofar, sources: [], refused: false};
      });
    }
    return pump();
  }

  function postJSON(url, body) {
    return fetch(url, {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'Accept': 'application/json, text/event-stream'},
      body: JSON.stringify(body),
      credentials: 'omit'
    });
  }

  function errorOf(res) {
    return res.json().then(function (d) { return d && d.error; }, function () { return null; })
      .then(function (msg) {
        if (res.status === 429) return msg || 'Vous avez posé beaucoup de questions en peu de temps. Merci de patienter avant de poser la suivante.';
        if (res.status >= 500) return 'Le service n’a pas pu répondre : réessayez dans un instant.';
        return msg || 'Cette question n’a pas pu être traitée.';
      });
  }

  function start() {
    var form = document.getElementById('ask');
    var input = document.getElementById('question');
    var list = document.getElementById('echanges');
    var status = document.getElementById('etat');
    var cid = document.getElementById('conversation_id');
    if (!form || !input || !list || !status || !window.fetch) return;
    var button = form.querySelector('button[type="submit"]');
    var busy = false;

    function say(msg, isError) {
      status.textContent = msg;
      status.classList.toggle('error', !!isError);
    }

    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (busy) return;
      var question = input.value.trim();
      if (!question) {
        say('La question est vide : écrivez votre question.', true);
        input.setAttribute('aria-invalid', 'true');
        input.focus();
        return;
      }
      input.removeAttribute('aria-invalid');
      busy = true;
      button.disabled = true;
      say('Recherche de la réponse…');
      var x = exchange(question), shown = false;
      function show() {
        if (!shown) { list.appendChild(x.li); shown = true; }
      }
      postJSON('/api/v1/ask', {question: question, conversation_id: cid.value || undefined})
        .then(function (res) {
          if (!res.ok) return errorOf(res).then(function (msg) { throw new Error(msg); });
          return readAnswer(res, function (text) { show(); x.text.textContent = text; });
        })
        .then(function (data) {
          if (data.conversation_id) cid.value = data.conversation_id;
          fillAnswer(x, data);
          show();
          input.value = '';
          say('');
        })
        .catch(function (err) {
          var msg = err && err.message && !/fetch|network/i.test(err.message) ? err.message
            : 'Le service ne répond pas. Vérifiez votre connexion et réessayez.';
          say(msg, true);
        })
        .then(function () {
          busy = false;
          button.disabled = false;
          input.focus();
        });
    });

    /* Feedback, on every answer (the server's and ours). */
    var lastUseful = null;
    document.addEventListener('click', function (ev) {
      var b = ev.target.closest && ev.target.closest('form.feedback button[name="useful"]');
      if (b) lastUseful = b.value;
    });
    document.addEventListener('submit', function (ev) {
      var f = ev.target;
      if (!f.classList || !(f.classList.contains('feedback') || f.classList.contains('js-comment'))) return;
      ev.preventDefault();
      var id = +f.querySelector('input[name="message_id"]').value;
      var tok = f.querySelector('input[name="feedback_token"]');
      var token = tok ? tok.value : '';
      var useful = f.classList.contains('feedback')
        ? ((ev.submitter && ev.submitter.value) || lastUseful) === '1'
        : f.getAttribute('data-useful') === '1';
      var ta = f.querySelector('textarea');
      var body = {message_id: id, feedback_token: token, useful: useful};
      if (ta && ta.value.trim()) body.comment = ta.value.trim();
      Array.prototype.forEach.call(f.querySelectorAll('button'), function (b) { b.disabled = true; });
      postJSON('/api/v1/feedback', body)
        .then(function (res) {
          if (!res.ok) return errorOf(res).then(function (msg) { throw new Error(msg); });
          var thanks = el('p', 'thanks', body.comment ? 'Merci, votre commentaire a bien été enregistré.'
            : 'Merci pour votre avis.');
          thanks.tabIndex = -1;
          var parent = f.parentNode;
          parent.replaceChild(thanks, f);
          if (!body.comment) parent.appendChild(commentForm(id, token, useful));
          thanks.focus();
        })
        .catch(function (err) {
          Array.prototype.forEach.call(f.querySelectorAll('button'), function (b) { b.disabled = false; });
          say((err && err.message) || 'Votre avis n’a pas pu être enregistré.', true);
        });
    });
  }

  var nComments = 0;
  function commentForm(id, token, useful) {
    var f = el('form', 'comment js-comment');
    f.setAttribute('data-useful', useful ? '1' : '0');
    var n = ++nComments;
    [['message_id', String(id)], ['feedback_token', token]].forEach(function (kv) {
      var hid = el('input');
      hid.type = 'hidden';
      hid.name = kv[0];
      hid.value = kv[1];
      f.appendChild(hid);
    });
    var label = el('label', null, 'Un commentaire ? (facultatif)');
    label.htmlFor = 'commentaire-' + n;
    var ta = el('textarea');
    ta.id = 'commentaire-' + n;
    ta.name = 'comment';
    ta.rows = 2;
    ta.maxLength = 1000;
    var b = el('button', null, 'Envoyer le commentaire');
    b.type = 'submit';
    f.appendChild(label);
    f.appendChild(ta);
    f.appendChild(b);
    return f;
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
