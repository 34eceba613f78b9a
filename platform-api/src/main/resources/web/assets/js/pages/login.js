// Login (/ and /login) and the role's home.
import { addStrings, api, el, homePath, currentUser, navigate, noAccessPage, route, setCurrentUser, t, ApiError, replace } from '../core.js';

addStrings({
  'zh-CN': {
    'login.title': '登录', 'login.heading': '登录天工', 'login.lead': '工业互联网平台 · 设备联网、OEE、智能化改造',
    'login.username': '用户名', 'login.password': '密码', 'login.submit': '登录',
    'login.wrong': '用户名或密码错误。', 'login.throttled': '登录失败次数过多，请 {seconds} 秒后再试。',
    'login.missing': '请输入用户名和密码。', 'login.failed': '登录失败：{detail}',
  },
  en: {
    'login.title': 'Log in', 'login.heading': 'Log in to Tiangong', 'login.lead': 'Industrial internet platform · connected machines, OEE, smart-manufacturing upgrade',
    'login.username': 'Username', 'login.password': 'Password', 'login.submit': 'Log in',
    'login.wrong': 'Wrong username or password.', 'login.throttled': 'Too many failed logins; try again in {seconds} s.',
    'login.missing': 'Enter your username and password.', 'login.failed': 'Login failed: {detail}',
  },
});

function safeNext(next) {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}

async function loginPage(main, params, query) {
  const user = await currentUser();
  if (user && location.pathname === '/') {
    navigate(await homePath(user), { replace: true });
    return;
  }
  const status = el('p', { class: 'form-status', role: 'alert', 'aria-live': 'assertive' });
  const username = el('input', { id: 'login-username', name: 'username', type: 'text', autocomplete: 'username', required: true, autofocus: true });
  const password = el('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const button = el('button', { type: 'submit', class: 'primary' }, t('login.submit'));
  const form = el('form', { class: 'login-form', novalidate: true, onsubmit: submit },
    el('h1', {}, t('login.heading')),
    el('p', { class: 'lead' }, t('login.lead')),
    el('label', { for: 'login-username' }, t('login.username')), username,
    el('label', { for: 'login-password' }, t('login.password')), password,
    status, button);

  async function submit(e) {
    e.preventDefault();
    replace(status);
    if (!username.value.trim() || !password.value) {
      status.textContent = t('login.missing');
      return;
    }
    button.disabled = true;
    try {
      const answer = await api.post('/auth/login', { username: username.value.trim(), password: password.value, session: true });
      setCurrentUser(answer.user);
      navigate(safeNext(query.next) || await homePath(answer.user), { replace: true });
    } catch (err) {
      password.value = '';
      if (err instanceof ApiError && err.status === 401) status.textContent = t('login.wrong');
      else if (err instanceof ApiError && err.status === 429) {
        const seconds = /(\d+)\s*s/.exec(err.detail || '');
        status.textContent = t('login.throttled', { seconds: seconds ? seconds[1] : '60' });
      } else status.textContent = t('login.failed', { detail: err.detail || err.message });
      button.disabled = false;
      password.focus();
    }
  }
  main.appendChild(el('section', { class: 'login' }, form));
}

route('/', { roles: null, title: 'login.title', render: loginPage });
route('/login', { roles: null, title: 'login.title', render: loginPage });

route('/no-access', { roles: null, title: 'noAccess', render: async (main) => noAccessPage(main) });
