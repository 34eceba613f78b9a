// The vendor's Connect-your-machine wizard at /connect: machine → endpoint (policy, mode, identity) → test with a
// plain-word outcome and the next step → browse → automap → save → live values → template (connectMapping.js).
import { addStrings, t, route, nav, api, el, replace, message } from '../core.js';
import { mappingSteps } from './connectMapping.js';

addStrings({
  'zh-CN': {
    'cn.nav': '设备接入', 'cn.title': '接入您的设备', 'cn.lead': '按步骤把一台设备的 OPC UA 服务器接入平台：选择设备、填写端点、测试连接、浏览节点、自动映射、保存，然后查看实时数据。',
    'cn.step1': '第 1 步：选择设备', 'cn.machine': '设备', 'cn.noMachines': '您还没有被授权任何设备。请联系工厂的厂长授权。',
    'cn.choose': '选择此设备', 'cn.step2': '第 2 步：OPC UA 端点', 'cn.existing': '已有端点', 'cn.newEndpoint': '新建端点', 'cn.name': '端点名称',
    'cn.url': '服务器地址 (opc.tcp://…)', 'cn.policy': '安全策略', 'cn.mode': '安全模式', 'cn.identity': '身份', 'cn.anonymous': '匿名',
    'cn.userPass': '用户名和密码', 'cn.x509': '平台证书 (X.509)', 'cn.user': '用户名', 'cn.password': '密码', 'cn.create': '保存端点',
    'cn.use': '使用此端点', 'cn.passwordNote': '密码加密保存，之后不会再显示。安全策略为 None 时不能使用密码。',
    'cn.step3': '第 3 步：测试连接', 'cn.test': '测试连接', 'cn.testing': '正在连接…', 'cn.retest': '重新测试', 'cn.next': '下一步：',
    'cn.thumbprint': '服务器证书指纹', 'cn.offered': '服务器提供的安全设置', 'cn.platformCert': '下载平台证书 (PEM)',
    'cn.out.connected': '已连接。', 'cn.out.unreachable': '无法连接到服务器。', 'cn.out.policy_not_offered': '服务器不提供所选的安全策略或模式。',
    'cn.out.identity_not_offered': '服务器不接受所选的身份类型。', 'cn.out.server_certificate_untrusted': '平台尚未信任该服务器的证书。',
    'cn.out.client_certificate_rejected': '服务器尚未信任平台的证书。', 'cn.out.wrong_credentials': '用户名或密码错误。', 'cn.out.failed': '连接失败。',
    'cn.do.connected': '浏览节点，选择设备的根节点。', 'cn.do.unreachable': '检查地址、端口、网线/VLAN 和防火墙。',
    'cn.do.policy_not_offered': '从下面服务器提供的列表中选择一个策略，新建端点。', 'cn.do.identity_not_offered': '换一种身份类型，新建端点。',
    'cn.do.server_certificate_untrusted': '请核对指纹与设备上显示的一致，然后请工厂的厂长（或管理员）在“证书”页面信任它，再重新测试。',
    'cn.do.client_certificate_rejected': '请设备管理员把平台证书导入设备 OPC UA 服务器的信任列表，再重新测试。',
    'cn.do.wrong_credentials': '用正确的用户名和密码新建端点。', 'cn.do.failed': '查看下面的信息；必要时联系平台管理员。',
  },
  en: {
    'cn.nav': 'Connect', 'cn.title': 'Connect your machine', 'cn.lead': 'Connect a machine\'s OPC UA server step by step: pick the machine, describe the endpoint, test it, browse, let the platform propose a mapping, save it and watch live values.',
    'cn.step1': 'Step 1: the machine', 'cn.machine': 'Machine', 'cn.noMachines': 'No machine has been granted to you yet. Ask the plant manager to grant one.',
    'cn.choose': 'Choose this machine', 'cn.step2': 'Step 2: the OPC UA endpoint', 'cn.existing': 'Existing endpoint', 'cn.newEndpoint': 'New endpoint', 'cn.name': 'Endpoint name',
    'cn.url': 'Server URL (opc.tcp://…)', 'cn.policy': 'Security policy', 'cn.mode': 'Security mode', 'cn.identity': 'Identity', 'cn.anonymous': 'Anonymous',
    'cn.userPass': 'User name and password', 'cn.x509': 'Platform certificate (X.509)', 'cn.user': 'User name', 'cn.password': 'Password', 'cn.create': 'Save endpoint',
    'cn.use': 'Use this endpoint', 'cn.passwordNote': 'The password is stored encrypted and never shown again. A password needs a security policy other than None.',
    'cn.step3': 'Step 3: test the connection', 'cn.test': 'Test connection', 'cn.testing': 'Connecting…', 'cn.retest': 'Test again', 'cn.next': 'Next step: ',
    'cn.thumbprint': 'Server certificate thumbprint', 'cn.offered': 'Security the server offers', 'cn.platformCert': 'Download the platform certificate (PEM)',
    'cn.out.connected': 'Connected.', 'cn.out.unreachable': 'The server cannot be reached.', 'cn.out.policy_not_offered': 'The server does not offer this security policy or mode.',
    'cn.out.identity_not_offered': 'The server does not accept this kind of identity.', 'cn.out.server_certificate_untrusted': 'The platform does not trust the server\'s certificate yet.',
    'cn.out.client_certificate_rejected': 'The server does not trust the platform\'s certificate yet.', 'cn.out.wrong_credentials': 'User name or password is wrong.', 'cn.out.failed': 'The connection failed.',
    'cn.do.connected': 'browse the server and pick the machine\'s root node.', 'cn.do.unreachable': 'check address, port, cable/VLAN and firewall.',
    'cn.do.policy_not_offered': 'create the endpoint again with one of the policies the server offers (below).', 'cn.do.identity_not_offered': 'create the endpoint again with another identity.',
    'cn.do.server_certificate_untrusted': 'check that the thumbprint matches the one the machine shows, then ask the plant manager (or an admin) to trust it on the Certificates page, and test again.',
    'cn.do.client_certificate_rejected': 'the machine\'s administrator imports the platform certificate into the OPC UA server\'s trust list; then test again.',
    'cn.do.wrong_credentials': 'create the endpoint again with the right user name and password.', 'cn.do.failed': 'read the message below; ask the platform admin if needed.',
  },
});

const ROLES = ['vendor', 'admin', 'plant_manager'];
export const POLICIES = ['Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss', 'None'];
const MODES = ['SignAndEncrypt', 'Sign', 'None'];

nav({ path: '/connect', label: 'cn.nav', roles: ['vendor', 'admin'] });
route('/connect', { roles: ROLES, title: 'cn.title', render: wizard });

/** Every machine the caller may see, with its enterprise and line: [{machine, line, enterpriseId}]. */
export async function visibleMachines() {
  const out = [];
  for (const e of await api.get('/enterprises')) {
    for (const p of await api.get('/enterprises/' + e.id + '/plants')) {
      for (const l of await api.get('/plants/' + p.id + '/lines')) {
        for (const m of await api.get('/lines/' + l.id + '/machines')) out.push({ machine: m, line: l, enterprise: e });
      }
    }
  }
  return out;
}

export function field(id, label, input, note) {
  return el('div', { class: 'cn-field' }, el('label', { for: id }, t(label)), input, note ? el('small', { class: 'bu-note' }, note) : null);
}

export function machineLabel(x) {
  return x.enterprise.name + ' · ' + x.line.code + ' · ' + x.machine.code + ' ' + x.machine.name + (x.machine.model ? ' (' + x.machine.model + ')' : '');
}

async function wizard(main, params, query, user) {
  const machines = await visibleMachines();
  main.append(el('h1', {}, t('cn.title')), el('p', { class: 'bu-lead' }, t('cn.lead')));
  const step1 = el('section', { class: 'panel cn-step', 'aria-labelledby': 'cn-s1' }, el('h2', { id: 'cn-s1' }, t('cn.step1')));
  const step2 = el('section', { class: 'panel cn-step hidden', 'aria-labelledby': 'cn-s2' }, el('h2', { id: 'cn-s2' }, t('cn.step2')));
  const step3 = el('section', { class: 'panel cn-step hidden', 'aria-labelledby': 'cn-s3' }, el('h2', { id: 'cn-s3' }, t('cn.step3')));
  const later = el('div', { class: 'cn-later' });
  main.append(step1, step2, step3, later);
  if (machines.length === 0) {
    message(step1, 'empty', t('cn.noMachines'));
    return;
  }
  const state = { machines, machine: null, endpoint: null, user };
  const pick = el('select', { id: 'cn-machine' }, machines.map((x, i) => el('option', { value: String(i), selected: query.machine === x.machine.id }, machineLabel(x))));
  const go = el('button', { type: 'button', class: 'primary', onclick: () => {
    state.machine = machines[Number(pick.value)];
    replace(later);
    step3.classList.add('hidden');
    endpointStep(step2, step3, later, state);
  } }, t('cn.choose'));
  step1.append(el('div', { class: 'form-row' }, field('cn-machine', 'cn.machine', pick), go));
  if (query.machine) go.click();
}

async function endpointStep(step2, step3, later, state) {
  step2.classList.remove('hidden');
  replace(step2, el('h2', { id: 'cn-s2' }, t('cn.step2')));
  const enterpriseId = state.machine.enterprise.id;
  const existing = (await api.get('/endpoints')).filter((e) => e.enterpriseId === enterpriseId);
  if (existing.length > 0) {
    const sel = el('select', { id: 'cn-existing' }, existing.map((e) => el('option', { value: e.id }, e.name + ' — ' + e.url + ' (' + e.securityPolicy + ' / ' + e.securityMode + ')')));
    step2.append(el('h3', {}, t('cn.existing')), el('div', { class: 'form-row' }, field('cn-existing', 'cn.existing', sel),
      el('button', { type: 'button', class: 'secondary', onclick: () => {
        state.endpoint = existing.find((e) => e.id === sel.value);
        testStep(step3, later, state);
      } }, t('cn.use'))));
  }
  const name = el('input', { id: 'cn-name', type: 'text', required: true, maxlength: 100, value: state.machine.line.code + ' ' + state.machine.machine.code });
  const url = el('input', { id: 'cn-url', type: 'text', required: true, placeholder: 'opc.tcp://192.168.1.20:4840', class: 'cn-wide' });
  const policy = el('select', { id: 'cn-policy' }, POLICIES.map((p) => el('option', { value: p }, p)));
  const mode = el('select', { id: 'cn-mode' }, MODES.map((m) => el('option', { value: m }, m)));
  const identity = el('select', { id: 'cn-identity' }, el('option', { value: 'username' }, t('cn.userPass')),
    el('option', { value: 'anonymous' }, t('cn.anonymous')), el('option', { value: 'x509' }, t('cn.x509')));
  const user = el('input', { id: 'cn-user', type: 'text', autocomplete: 'off' });
  const pass = el('input', { id: 'cn-pass', type: 'password', autocomplete: 'new-password' });
  const creds = el('div', { class: 'form-row' }, field('cn-user', 'cn.user', user), field('cn-pass', 'cn.password', pass));
  identity.addEventListener('change', () => creds.classList.toggle('hidden', identity.value !== 'username'));
  policy.addEventListener('change', () => { if (policy.value === 'None') mode.value = 'None'; });
  const status = el('div', { 'aria-live': 'polite' });
  const form = el('form', { class: 'cn-form', onsubmit: async (e) => {
    e.preventDefault();
    replace(status);
    const auth = { type: identity.value };
    if (identity.value === 'username') Object.assign(auth, { username: user.value, password: pass.value });
    try {
      state.endpoint = await api.post('/endpoints', { enterpriseId, name: name.value.trim(), url: url.value.trim(),
        securityPolicy: policy.value, securityMode: mode.value, auth });
      pass.value = '';
      message(status, 'ok', state.endpoint.name + ' ✔');
      testStep(step3, later, state);
    } catch (err) {
      message(status, 'error', err.detail || err.message);
    }
  } },
  el('h3', {}, t('cn.newEndpoint')),
  el('div', { class: 'form-row' }, field('cn-name', 'cn.name', name), field('cn-url', 'cn.url', url)),
  el('div', { class: 'form-row' }, field('cn-policy', 'cn.policy', policy), field('cn-mode', 'cn.mode', mode), field('cn-identity', 'cn.identity', identity)),
  creds, el('p', { class: 'bu-note' }, t('cn.passwordNote')),
  el('button', { type: 'submit', class: 'primary' }, t('cn.create')), status);
  step2.append(form);
}

async function testStep(step3, later, state) {
  step3.classList.remove('hidden');
  replace(later);
  const result = el('div', { class: 'cn-test-result', 'aria-live': 'polite' });
  const button = el('button', { type: 'button', class: 'primary', onclick: run }, t('cn.test'));
  replace(step3, el('h2', { id: 'cn-s3' }, t('cn.step3')),
    el('p', {}, el('strong', {}, state.endpoint.name), ' — ', state.endpoint.url, ' · ', state.endpoint.securityPolicy, ' / ', state.endpoint.securityMode),
    button, result);
  async function run() {
    button.disabled = true;
    replace(result, el('p', { class: 'loading' }, t('cn.testing')));
    try {
      const r = await api.post('/endpoints/' + state.endpoint.id + '/test', {});
      showOutcome(result, r, state.user);
      button.textContent = t('cn.retest');
      if (r.ok) mappingSteps(later, state);
    } catch (err) {
      replace(result);
      message(result, 'error', err.detail || err.message);
    } finally {
      button.disabled = false;
    }
  }
  run();
}

function showOutcome(box, r, user) {
  const mayTrust = user && (user.role === 'plant_manager' || user.role === 'admin');
  const outcome = r.outcome || 'failed';
  replace(box,
    el('div', { class: ['message', r.ok ? 'message-ok' : 'message-error', 'cn-outcome'], role: 'status', dataset: { outcome } },
      el('strong', {}, t('cn.out.' + outcome)), ' ', t('cn.next'), t('cn.do.' + outcome)),
    r.message ? el('p', { class: 'bu-note cn-message' }, r.message) : null,
    r.thumbprint ? el('p', {}, t('cn.thumbprint') + ': ', el('code', { class: 'cn-thumb' }, r.thumbprint)) : null,
    outcome === 'server_certificate_untrusted' && mayTrust ? el('p', {}, el('a', { href: '/connect/certificates' }, '→ ' + t('cc.title'))) : null,
    outcome === 'client_certificate_rejected' ? el('p', {}, el('button', { type: 'button', class: 'secondary', onclick: downloadPem }, t('cn.platformCert'))) : null,
    r.offered && r.offered.length > 0 ? el('details', {}, el('summary', {}, t('cn.offered')),
      el('ul', {}, r.offered.map((o) => el('li', {}, typeof o === 'string' ? o : JSON.stringify(o))))) : null,
    r.server ? el('p', { class: 'bu-note' }, typeof r.server === 'string' ? r.server : JSON.stringify(r.server)) : null);
  box.dataset.outcome = outcome;
}

/** The platform's certificate as a PEM file, for the machine's administrator. */
async function downloadPem() {
  const cert = await api.get('/pki/certificate');
  const url = URL.createObjectURL(new Blob([cert.pem], { type: 'application/x-pem-file' }));
  const a = el('a', { href: url, download: 'tiangong-platform.pem', class: 'hidden' });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
