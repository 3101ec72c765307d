/* parley embed (README): plain ES2020; no build step, eval, inline style or cookie. */
(() => {
  'use strict';
  const BASE = (document.currentScript?.src || '').replace(/\/embed\.js([?#].*)?$/, '');
  const MAX_DEPTH = 4;          // deeper replies fold behind "Continue this thread"
  const PAGE = 50;
  const EDIT_MS = 15 * 60e3;
  const REASONS = ['spam', 'abuse', 'off-topic', 'misinformation', 'other'];
  const SORTS = ['oldest', 'newest', 'top'];

  // '#' stands for a value; plural forms as Intl.PluralRules names them.
  const STRINGS = {
    en: {
      n: { one: '# comment', other: '# comments' }, nw: { one: '# new comment', other: '# new comments' },
      sort: 'Sort', oldest: 'Oldest first', newest: 'Newest first', top: 'Top rated',
      body: 'Your comment', name: 'Name', email: 'Email (optional, never shown)', post: 'Post comment',
      reply: 'Reply', cancel: 'Cancel', save: 'Save', edit: 'Edit', delete: 'Delete', sure: 'Delete for good',
      upvote: 'Upvote', downvote: 'Downvote', score: 'Score', report: 'Report', reason: 'Reason', send: 'Send report',
      spam: 'Spam', abuse: 'Abuse', 'off-topic': 'Off-topic', misinformation: 'Misinformation', other: 'Other',
      more: 'Load more comments', continue: 'Continue this thread', deleted: 'deleted', edited: 'edited',
      preview: 'Preview', verified: 'verified', as: 'Commenting as #', signIn: 'Sign in to join the discussion.',
      posted: 'Your comment is published.', held: 'Your comment waits for a moderator’s review.', why: 'Reason: #',
      rejected: 'Your comment was not accepted: #', slow: 'Too many tries. Try again in # s.',
      offline: 'The comment server cannot be reached.', retry: 'Try again',
      taken: 'That name belongs to a signed-in reader. Please choose another.', badToken: 'Your sign-in has expired. Please sign in again.',
      saved: 'Your edit is saved.', gone: 'Your comment is deleted.', reported: 'Thank you. The moderators will look at it.',
      voted: 'Vote counted.', empty: 'No comments yet.', closed: 'Comments are closed.', loading: 'Loading comments…',
      failed: 'Something went wrong: #',
    },
    uk: {
      n: { one: '# коментар', few: '# коментарі', many: '# коментарів', other: '# коментаря' },
      nw: { one: '# новий коментар', few: '# нові коментарі', many: '# нових коментарів', other: '# нового коментаря' },
      sort: 'Порядок', oldest: 'Спершу старі', newest: 'Спершу нові', top: 'Найкращі',
      body: 'Ваш коментар', name: 'Ім’я', email: 'Email (необов’язково, не показується)', post: 'Надіслати коментар',
      reply: 'Відповісти', cancel: 'Скасувати', save: 'Зберегти', edit: 'Редагувати', delete: 'Видалити', sure: 'Так, видалити',
      upvote: 'Голос за', downvote: 'Голос проти', score: 'Рейтинг', report: 'Поскаржитися', reason: 'Причина', send: 'Надіслати скаргу',
      spam: 'Спам', abuse: 'Образи', 'off-topic': 'Не на тему', misinformation: 'Дезінформація', other: 'Інше',
      more: 'Показати ще коментарі', continue: 'Продовжити гілку', deleted: 'видалено', edited: 'змінено',
      preview: 'Попередній перегляд', verified: 'підтверджено', as: 'Ви коментуєте як #', signIn: 'Увійдіть, щоб долучитися до обговорення.',
      posted: 'Ваш коментар опубліковано.', held: 'Ваш коментар чекає на перевірку модератора.', why: 'Причина: #',
      rejected: 'Коментар не прийнято: #', slow: 'Забагато спроб. Спробуйте ще раз за # с.',
      offline: 'Сервер коментарів недоступний.', retry: 'Спробувати ще',
      taken: 'Це ім’я належить зареєстрованому читачеві. Оберіть інше.', badToken: 'Термін входу минув. Увійдіть ще раз.',
      saved: 'Зміни збережено.', gone: 'Ваш коментар видалено.', reported: 'Дякуємо. Модератори перевірять.',
      voted: 'Голос враховано.', empty: 'Коментарів ще немає.', closed: 'Коментування закрито.', loading: 'Завантаження коментарів…',
      failed: 'Сталася помилка: #',
    },
  };
  const langOf = (el) => {
    const code = (el.dataset?.parleyLang || el.closest('[lang]')?.lang || 'en').slice(0, 2).toLowerCase();
    return STRINGS[code] ? code : 'en';
  };
  const intls = {};
  const intl = (lang) => intls[lang] || (intls[lang] = {
    plural: new Intl.PluralRules(lang),
    ago: new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }),
    day: new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }),
    full: new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short' }),
  });
  const fill = (text, value) => text.replace('#', value);
  const plural = (lang, forms, n) => fill(forms[intl(lang).plural.select(n)] || forms.other, n);

  const store = {
    get(k) { try { return localStorage.getItem('parley.' + k); } catch {} },
    json(k) { try { return JSON.parse(store.get(k)); } catch {} },
    set(k, v) { try { localStorage.setItem('parley.' + k, typeof v === 'string' ? v : JSON.stringify(v)); } catch {} },
    drop(k) { try { localStorage.removeItem('parley.' + k); } catch {} },
  };
  const randomID = () => crypto.getRandomValues(new Uint32Array(4)).join('');
  const voter = () => { let v = store.get('voter'); if (!v) store.set('voter', v = randomID()); return v; };
  const editToken = (id) => { const e = store.json('edit.' + id); return e && e.token && Date.now() - e.at < EDIT_MS ? e : null; };

  // x() is h() as HTML: attributes and text through esc, kids HTML.
  const esc = (v) => String(v).replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
  const x = (tag, attrs, ...kids) => {
    let s = '<' + tag;
    for (const k in attrs) {
      const v = attrs[k];
      if (v != null && v !== false && k !== 'text') s += ' ' + k + (v === true ? '' : '="' + esc(v) + '"');
    }
    return s + '>' + (attrs.text == null ? '' : esc(attrs.text)) + kids.join('') + '</' + tag + '>';
  };
  const nodes = (html) => { const t = document.createElement('template'); t.innerHTML = html; return [...t.content.children]; };
  const h = (tag, attrs, ...kids) => { const el = nodes(x(tag, attrs))[0]; el.append(...kids.filter((k) => k)); return el; };
  const part = (el, sel, all) => el[all ? 'querySelectorAll' : 'querySelector'](':scope > ' + sel);
  const button = (name, text, extra) => x('button', { type: 'button', 'data-parley-action': name, text, ...extra });
  const action = (...a) => nodes(button(...a))[0];
  const field = (label, control) => h('label', { class: 'parley-field' }, h('span', { text: label }), control);

  // The token's payload, for the name only (parley verifies the signature).
  const claims = (token) => {
    try {
      const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part), (c) => c.charCodeAt(0))));
    } catch { return null; }
  };

  let token = null;
  // The position of this reader's last write: reads send it back so a standby that has not
  // replayed it yet does not answer them (read-your-writes).
  let seen = null;
  const embeds = [];

  async function api(method, path, body, headers = {}) {
    const init = { method, headers, credentials: 'omit' };
    if (body) { headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(body); }
    if (token && method !== 'GET') headers.Authorization = 'Bearer ' + token;
    if (seen && method === 'GET') headers['X-Parley-After'] = seen;
    try {
      const r = await fetch(BASE + path, init);
      if (method !== 'GET') seen = r.headers.get('X-Parley-Position') || seen;
      const data = await r.json().catch(() => null);
      return { status: r.status, data, wait: +r.headers.get('Retry-After') || 0 };
    } catch { return { status: 0 }; }
  }

  async function counts() {
    const els = [...document.querySelectorAll('[data-parley-count]')];
    const keys = [...new Set(els.map((e) => e.dataset.parleyCount).filter((k) => k && !k.includes(',')))];
    for (let i = 0; i < keys.length; i += 100) {
      const r = await api('GET', '/api/counts?articles=' + keys.slice(i, i + 100).map(encodeURIComponent).join(','));
      if (r.status !== 200) continue;
      for (const el of els) {
        const n = r.data[el.dataset.parleyCount];
        if (n >= 0) { const lang = langOf(el); el.textContent = plural(lang, STRINGS[lang].n, n); }
      }
    }
  }

  function start() {
    if (!document.querySelector('link[data-parley-css]')) document.head.append(h('link', { rel: 'stylesheet', href: BASE + '/embed.css', 'data-parley-css': true }));
    const roots = [...document.querySelectorAll('[data-parley-article]')].filter((r) => !r.parleyMounted && r.dataset.parleyArticle);
    token = token || roots.find((r) => r.dataset.parleyToken)?.dataset.parleyToken || null;
    for (const root of roots) { root.parleyMounted = true; embeds.push(mount(root)); }
    counts();
    try {
      for (const k of Object.keys(localStorage)) if (k.startsWith('parley.edit.') && !editToken(k.slice(12))) store.drop(k.slice(7));
    } catch {}
  }

  window.parley = {
    signIn(t) { token = t || null; embeds.forEach((e) => e.auth()); },
    signOut() { token = null; embeds.forEach((e) => e.auth()); },
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();

  function mount(root) {
    const lang = langOf(root);
    const T = STRINGS[lang];
    const path = '/api/articles/' + encodeURIComponent(root.dataset.parleyArticle);
    let sort = SORTS.includes(root.dataset.parleySort) ? root.dataset.parleySort : 'oldest';
    const page = (next) => api('GET', `${path}/comments?sort=${sort}&limit=${PAGE}` + (next ? '&cursor=' + encodeURIComponent(next) : ''));
    let first = page();
    const known = new Map();
    const queued = new Map();
    const votes = store.json('votes') || {};
    let cursor = null, article = null, total = 0, retry = null;

    root.classList.add('parley');
    root.setAttribute('lang', lang);
    const title = h('h2', { class: 'parley-title', text: T.loading });
    const sorter = h('select', { name: 'parley-sort' }, ...SORTS.map((s) => h('option', { value: s, text: T[s], selected: s === sort })));
    const note = h('p', { class: 'parley-note', hidden: true });
    const mainForm = form();
    mainForm.hidden = true;
    const showNew = action('show-new', '', { class: 'parley-show-new', hidden: true });
    const list = h('div', { class: 'parley-list' }, h('p', { class: 'parley-note', text: T.loading }));
    const more = action('more', T.more, { class: 'parley-more', hidden: true });
    const status = h('div', { class: 'parley-status', 'data-parley-status': true, role: 'status', 'aria-live': 'polite' });
    root.replaceChildren(h('div', { class: 'parley-head' }, title, field(T.sort, sorter)), note, mainForm,
      h('div', { class: 'parley-float' }, showNew), list, more, status);

    const say = (text, bad, again) => {
      retry = again;
      status.className = 'parley-status' + (bad ? ' parley-bad' : '');
      status.replaceChildren(text, ...(again ? [' ', action('retry', T.retry)] : []));
    };
    const setTotal = (n) => { total = Math.max(0, n); title.textContent = plural(lang, T.n, total); };

    function problem(r, again) {
      const e = r.data?.error || {};
      if (r.status === 0 || r.status >= 500) return say(T.offline, true, again);
      if (r.status === 429) return say(fill(T.slow, r.wait || e.details?.retry_after || 30), true);
      if (r.status === 422) return say(fill(T.rejected, e.message || ''), true);
      say(T[{ sign_in_required: 'signIn', invalid_reader_token: 'badToken', name_taken: 'taken' }[e.code]] || fill(T.failed, e.message || r.status), true);
    }

    const ago = (iso) => {
      const s = (Date.now() - Date.parse(iso)) / 1e3;
      if (s < 60) return I.ago.format(0, 'second');
      if (s < 3600) return I.ago.format(-Math.floor(s / 60), 'minute');
      if (s < 86400) return I.ago.format(-Math.floor(s / 3600), 'hour');
      if (s < 7 * 86400) return I.ago.format(-Math.floor(s / 86400), 'day');
      return I.day.format(new Date(iso));
    };
    setInterval(() => root.querySelectorAll('time[datetime]').forEach((t) => { t.textContent = ago(t.getAttribute('datetime')); }), 60e3);

    const unown = (el) => el && part(el, '.parley-actions > :is([data-parley-action=edit], [data-parley-action=delete])', 1).forEach((b) => b.remove());
    function markup(c, depth, limit = MAX_DEPTH) {
      c.replies = c.replies || [];
      known.set(c.id, c);
      let inner;
      if (c.deleted) {
        inner = x('p', { class: 'parley-body parley-deleted', 'data-parley-body': true, text: T.deleted });
      } else {
        const vote = votes[c.id], e = editToken(c.id), iso = c.created_at;
        if (e) setTimeout(() => unown(root.querySelector('#parley-c-' + c.id)), e.at + EDIT_MS - Date.now());
        inner = x('header', { class: 'parley-meta' },
          x('span', { class: 'parley-author', 'data-parley-author': true, dir: 'auto', text: c.author?.name }),
          c.author?.verified ? x('span', { class: 'parley-badge', 'data-parley-verified': true, text: T.verified }) : '',
          x('a', { href: '#parley-c-' + c.id, class: 'parley-time' }, x('time', { datetime: iso, title: I.full.format(new Date(iso)), text: ago(iso) })),
          c.edited_at ? x('span', { class: 'parley-edited', text: T.edited }) : '')
        + x('div', { class: 'parley-body', 'data-parley-body': true, dir: 'auto' }, c.html || '')   // parley's safe Markdown rendering
        + x('div', { class: 'parley-actions' },
          button('upvote', '▲', { 'aria-label': T.upvote, 'aria-pressed': String(vote === 1), disabled: !!vote }),
          x('span', { class: 'parley-score', 'data-parley-score': true, title: T.score, text: c.score }),
          button('downvote', '▼', { 'aria-label': T.downvote, 'aria-pressed': String(vote === -1), disabled: !!vote }),
          article?.status === 'closed' ? '' : button('reply', T.reply),
          button('report', T.report),
          e ? button('edit', T.edit) + button('delete', T.delete) : '');
      }
      return x('article', { class: 'parley-c', id: 'parley-c-' + c.id, 'data-parley-comment-id': c.id, 'data-parley-depth': depth, tabindex: -1 }, inner,
        x('div', { class: 'parley-replies' + (depth >= MAX_DEPTH ? ' parley-flat' : ''), 'data-parley-replies': true },
          c.replies.length && depth >= limit ? button('continue', T.continue) : c.replies.map((r) => markup(r, depth + 1, limit)).join('')));
    }
    const comment = (c, depth, limit) => nodes(markup(c, depth, limit))[0];

    function form(parentID) {
      const ta = h('textarea', { name: 'body', dir: 'auto', rows: parentID ? 3 : 4, maxlength: 10000, required: true });
      const name = h('input', { name: 'name', autocomplete: 'name', maxlength: 100, value: store.get('name') || '' });
      const email = h('input', { name: 'email', type: 'email', autocomplete: 'email', value: store.get('email') || '' });
      return h('form', { class: parentID ? 'parley-form parley-inline' : 'parley-form', 'data-parley-form': true, 'data-parley-reply-to': parentID },
        field(parentID ? T.reply : T.body, ta),
        h('div', { class: 'parley-preview', 'data-parley-preview': true, 'data-label': T.preview, dir: 'auto', hidden: true }),
        h('div', { class: 'parley-id' }, field(T.name, name), field(T.email, email)),
        h('p', { class: 'parley-as', hidden: true }),
        h('div', { class: 'parley-row' }, h('button', { type: 'submit', text: T.post }), parentID ? action('cancel', T.cancel) : null));
    }

    function auth() {
      const who = token && claims(token);
      for (const f of root.querySelectorAll('form[data-parley-form]')) {
        f.querySelector('.parley-id').hidden = !!token;
        f.elements.name.required = !token;
        const as = f.querySelector('.parley-as');
        as.hidden = !who;
        as.textContent = who ? fill(T.as, who.name || '') : '';
      }
      const locked = article && (article.status === 'closed' || (article.sign_in === 'required' && !token));
      mainForm.hidden = !article || !!locked;
      note.hidden = !locked;
      note.textContent = locked ? (article.status === 'closed' ? T.closed : T.signIn) : '';
    }

    async function load(next) {
      more.disabled = true;
      const asked = first || page(next);
      first = null;
      const r = await asked;
      more.disabled = false;
      if (r.status !== 200) {
        if (!next) list.replaceChildren();
        return problem(r, () => load(next));
      }
      if (!next) { list.replaceChildren(); known.clear(); }
      article = r.data.article;
      setTotal(article.comment_count);
      list.insertAdjacentHTML('beforeend', r.data.comments.map((c) => known.has(c.id) ? '' : markup(c, 0)).join(''));
      if (!list.firstChild) list.append(h('p', { class: 'parley-note parley-empty', text: T.empty }));
      cursor = r.data.next_cursor;
      more.hidden = !cursor;
      auth();
      const target = !next && location.hash.startsWith('#parley-c-') && document.getElementById(location.hash.slice(1));
      if (target) { target.scrollIntoView(); target.focus(); }
    }

    function place(c, fresh) {
      if (known.has(c.id) && root.querySelector(`[data-parley-comment-id="${c.id}"]`)) return null;
      const parent = c.parent_id && root.querySelector(`[data-parley-comment-id="${c.parent_id}"]`);
      if (c.parent_id && !parent) {
        const data = known.get(c.parent_id);
        if (data) data.replies.push(c);
        return null;
      }
      const depth = parent ? +parent.dataset.parleyDepth + 1 : 0;
      const el = comment(c, depth);
      if (fresh) el.classList.add('parley-fresh');
      if (parent) {
        const replies = part(parent, '[data-parley-replies]');
        known.get(c.parent_id).replies.push(c);
        if (part(replies, '[data-parley-action=continue]')) return null;
        replies.append(el);
      } else {
        list.querySelector('.parley-empty')?.remove();
        if (sort === 'newest') list.prepend(el); else list.append(el);
      }
      return el;
    }

    async function post(f) {
      const parentID = f.dataset.parleyReplyTo;
      const who = token && claims(token);
      const name = f.elements.name.value.trim(), email = f.elements.email.value.trim();
      const body = { body: f.elements.body.value, author: { name: who?.name || name } };
      if (email && !token) body.author.email = email;
      if (parentID) body.parent_id = +parentID;
      if (!token) { store.set('name', name); if (email) store.set('email', email); else store.drop('email'); }
      const sent = JSON.stringify(body);
      if (f.sent !== sent) { f.sent = sent; f.idem = randomID(); }
      const submit = f.querySelector('[type=submit]');
      submit.disabled = true;
      const r = await api('POST', path + '/comments', body, { 'Idempotency-Key': f.idem });
      submit.disabled = false;
      if (r.status !== 201) return problem(r, () => post(f));
      f.sent = null;
      const c = r.data.comment;
      store.set('edit.' + c.id, { token: r.data.edit_token, at: Date.now() });
      f.elements.body.value = '';
      preview(f, true);
      if (parentID) close(f);
      if (r.data.state !== 'published') return say(T.held + (r.data.reason ? ' ' + fill(T.why, r.data.reason) : ''));
      queued.delete(c.id);
      announce();
      const el = place(c, true);
      setTotal(total + 1);
      say(T.posted);
      if (el && parentID) el.focus();
    }

    async function vote(el, value) {
      const id = +el.dataset.parleyCommentId;
      const buttons = part(el, '.parley-actions > [data-parley-action$=vote]', 1);
      buttons.forEach((b) => { b.disabled = true; });
      const r = await api('POST', `/api/comments/${id}/votes`, { value, voter: voter() });
      if (r.status !== 200) { buttons.forEach((b) => { b.disabled = false; }); return problem(r, () => vote(el, value)); }
      votes[id] = value;
      store.set('votes', votes);
      part(el, '.parley-actions > [data-parley-score]').textContent = r.data.score;
      buttons.forEach((b) => b.setAttribute('aria-pressed', (b.dataset.parleyAction === 'upvote') === (value === 1)));
      say(T.voted);
    }

    async function report(f) {
      const el = f.closest('[data-parley-comment-id]');
      const r = await api('POST', `/api/comments/${el.dataset.parleyCommentId}/reports`, { reason: f.elements.reason.value });
      if (r.status !== 202) return problem(r, () => report(f));
      say(T.reported);
      close(f);
      part(el, '.parley-actions > [data-parley-action=report]').disabled = true;
    }

    async function edit(f) {
      const el = f.closest('[data-parley-comment-id]');
      const id = +el.dataset.parleyCommentId;
      const e = editToken(id);
      const r = e ? await api('PATCH', `/api/comments/${id}`, { body: f.elements.body.value }, { 'X-Edit-Token': e.token })
        : { status: 409, data: null };
      if (r.status !== 200) {
        if (r.status === 409 || r.status === 403) unown(el);
        return problem(r, () => edit(f));
      }
      const c = Object.assign(known.get(id), r.data.comment, { replies: known.get(id).replies });
      part(el, '[data-parley-body]').innerHTML = c.html || '';
      const meta = part(el, '.parley-meta');
      if (!meta.querySelector('.parley-edited')) meta.append(h('span', { class: 'parley-edited', text: T.edited }));
      say(r.data.state === 'published' ? T.saved : T.held);
      close(f);
    }

    async function remove(el) {
      const id = +el.dataset.parleyCommentId;
      const e = editToken(id);
      const r = e ? await api('DELETE', `/api/comments/${id}`, undefined, { 'X-Edit-Token': e.token }) : { status: 409, data: null };
      if (r.status !== 204) return problem(r, () => remove(el));
      store.drop('edit.' + id);
      gone(id);
      setTotal(total - 1);
      say(T.gone);
    }

    function gone(id) {
      const el = root.querySelector(`[data-parley-comment-id="${id}"]`);
      queued.delete(id);
      announce();
      if (!el) return;
      if (!part(el, '[data-parley-replies]').children.length) { el.remove(); known.delete(id); return; }
      const c = known.get(id);
      c.deleted = true;
      el.replaceWith(comment(c, +el.dataset.parleyDepth));
    }

    let noPreview = 0;
    function preview(f, clear) {
      const box = f.querySelector('[data-parley-preview]');
      clearTimeout(f.previewTimer);
      const text = f.elements.body.value;
      if (clear || !text.trim()) { box.hidden = true; box.replaceChildren(); return; }
      if (Date.now() < noPreview) return;
      f.previewTimer = setTimeout(async () => {
        if (f.previewing) { f.previewAgain = true; return; }
        f.previewing = true;
        const r = await api('POST', '/api/preview', { body: text });
        f.previewing = false;
        if (r.status === 404 || r.status === 405) noPreview = Infinity;
        if (r.status === 429) noPreview = Date.now() + (r.wait || 30) * 1e3;
        if (r.status === 200 && f.elements.body.value === text) {
          box.innerHTML = r.data.html;   // parley's safe Markdown
          box.hidden = false;
        }
        if (f.previewAgain) { f.previewAgain = false; preview(f); }
      }, 300);
    }

    function open(el, f, opener, focus) {
      part(el, '.parley-inline')?.remove();
      part(el, '[data-parley-replies]').before(f);
      f.opener = opener;
      auth();
      (focus || f.querySelector('textarea, select')).focus();
    }
    function close(f) {
      const el = f.closest('[data-parley-comment-id]');
      f.remove();
      (f.opener?.isConnected && !f.opener.disabled ? f.opener : el)?.focus();
    }
    const cancel = () => action('cancel', T.cancel);

    function announce() {
      showNew.hidden = !queued.size;
      showNew.textContent = plural(lang, T.nw, queued.size);
    }
    function live() {
      if (!window.EventSource) return;
      let last = '', wait = 2e3;
      const open = () => {
        const events = new EventSource(`${BASE}${path}/events` + (last ? '?last_event_id=' + encodeURIComponent(last) : ''));
        const on = (type, f) => events.addEventListener(type, (e) => {
          if (e.lastEventId) last = e.lastEventId;
          wait = 2e3;
          try { f(JSON.parse(e.data)); } catch {}
        });
        on('comment', (c) => {
          if (known.has(c.id)) {
            const body = root.querySelector(`[data-parley-comment-id="${c.id}"] > [data-parley-body]`);
            if (body && !c.deleted && c.html) body.innerHTML = c.html;
            return;
          }
          queued.set(c.id, c);
          announce();
        });
        on('removed', (e) => gone(e.id));
        on('count', (e) => setTotal(e.count));
        events.onerror = () => {
          if (events.readyState !== 2) return;
          events.close();
          setTimeout(open, wait);
          wait = Math.min(wait * 2, 300e3);
        };
      };
      open();
    }
    function showQueued() {
      const all = [...queued.values()].sort((a, b) => a.id - b.id);
      queued.clear();
      announce();
      all.map((c) => place(c, true)).find((el) => el)?.focus();
    }

    root.addEventListener('click', (event) => {
      const b = event.target.closest('button[data-parley-action]');
      if (!b || !root.contains(b)) return;
      const el = b.closest('[data-parley-comment-id]');
      const id = el && +el.dataset.parleyCommentId;
      switch (b.dataset.parleyAction) {
        case 'more': return load(cursor);
        case 'retry': return retry?.();
        case 'show-new': return showQueued();
        case 'upvote': return vote(el, 1);
        case 'downvote': return vote(el, -1);
        case 'cancel': return close(b.form || b.parentNode);
        case 'continue': {
          const depth = +el.dataset.parleyDepth;
          const items = nodes(known.get(id).replies.map((r) => markup(r, depth + 1, depth + MAX_DEPTH)).join(''));
          b.replaceWith(...items);
          return items[0]?.focus();
        }
        case 'reply':
          if (article && article.sign_in === 'required' && !token) return say(T.signIn, true);
          return open(el, form(id), b);
        case 'report': {
          const select = h('select', { name: 'reason' }, ...REASONS.map((r) => h('option', { value: r, text: T[r] })));
          return open(el, h('form', { class: 'parley-form parley-inline', 'data-parley-report-form': true },
            field(T.reason, select), h('div', { class: 'parley-row' }, h('button', { type: 'submit', text: T.send }), cancel())), b);
        }
        case 'edit': {
          const ta = h('textarea', { name: 'body', dir: 'auto', rows: 4, maxlength: 10000, required: true });
          ta.value = known.get(id).body || '';
          return open(el, h('form', { class: 'parley-form parley-inline', 'data-parley-edit-form': true },
            field(T.edit, ta), h('div', { class: 'parley-row' }, h('button', { type: 'submit', text: T.save }), cancel())), b);
        }
        case 'delete': {
          const sure = action('confirm-delete', T.sure, { class: 'parley-danger' });
          return open(el, h('div', { class: 'parley-row parley-inline' }, sure, cancel()), b, sure);
        }
        case 'confirm-delete': return remove(el);
      }
    });
    root.addEventListener('submit', (event) => {
      const f = event.target;
      event.preventDefault();
      if (f.matches('[data-parley-form]')) post(f);
      else if (f.matches('[data-parley-edit-form]')) edit(f);
      else if (f.matches('[data-parley-report-form]')) report(f);
    });
    root.addEventListener('input', (event) => {
      const f = event.target.form;
      if (event.target.name === 'body' && f?.matches('[data-parley-form]')) preview(f);
    });
    root.addEventListener('keydown', (event) => {
      const f = event.target.form;
      if (!f) return;
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && event.target.tagName === 'TEXTAREA') { event.preventDefault(); f.requestSubmit(); }
      if (event.key === 'Escape' && f !== mainForm) close(f);
    });
    sorter.addEventListener('change', () => { sort = sorter.value; cursor = null; load(); });

    load().then(live);
    const I = intl(lang);
    return { root, auth };
  }
})();
