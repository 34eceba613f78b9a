// /connect/certificates: the plant manager (or admin) sees server certificates the platform rejected and trusts one.
import { addStrings, t, route, nav, api, el, replace, message, fmt, updatedAt } from '../core.js';

addStrings({
  'zh-CN': {
    'cc.nav': '证书', 'cc.title': '设备服务器证书', 'cc.lead': '平台拒绝了下列设备 OPC UA 服务器的证书。请先与设备厂商核对指纹（设备上或厂商工程师处可以看到），一致时点击“信任”。',
    'cc.none': '没有被拒绝的证书。设备厂商测试连接后，未信任的证书会出现在这里。', 'cc.subject': '主题', 'cc.app': '应用 URI', 'cc.valid': '有效期',
    'cc.thumbprint': '指纹 (SHA-1)', 'cc.trust': '信任', 'cc.trusted': '已信任 {subject}。请厂商工程师重新测试连接。', 'cc.platform': '平台自己的证书',
    'cc.platformLead': '设备管理员需要把此证书导入设备 OPC UA 服务器的信任列表。', 'cc.confirm': '确认信任此证书？指纹：{tp}',
  },
  en: {
    'cc.nav': 'Certificates', 'cc.title': 'Machine server certificates', 'cc.lead': 'The platform rejected the certificates of these machines\' OPC UA servers. Compare the thumbprint with the vendor (the machine or its engineer shows it); when it matches, press Trust.',
    'cc.none': 'No rejected certificates. When a vendor tests a connection, an untrusted certificate appears here.', 'cc.subject': 'Subject', 'cc.app': 'Application URI', 'cc.valid': 'Valid',
    'cc.thumbprint': 'Thumbprint (SHA-1)', 'cc.trust': 'Trust', 'cc.trusted': '{subject} is trusted now. Ask the vendor\'s engineer to test the connection again.', 'cc.platform': 'The platform\'s own certificate',
    'cc.platformLead': 'The machine\'s administrator imports this certificate into the OPC UA server\'s trust list.', 'cc.confirm': 'Trust this certificate? Thumbprint: {tp}',
  },
});

const ROLES = ['plant_manager', 'admin'];
nav({ path: '/connect/certificates', label: 'cc.nav', roles: ROLES });
route('/connect/certificates', { roles: ROLES, title: 'cc.title', render: certificates });

async function certificates(main) {
  const [rejected, own] = await Promise.all([api.get('/pki/rejected'), api.get('/pki/certificate')]);
  const status = el('div', { 'aria-live': 'polite' });
  const list = el('div');
  main.append(el('div', { class: 'page-head' }, el('h1', {}, t('cc.title')), updatedAt(el('span'), new Date())),
    el('p', { class: 'bu-lead' }, t('cc.lead')), status, list);
  const draw = (certs) => {
    replace(list);
    if (certs.length === 0) return message(list, 'empty', t('cc.none'));
    list.append(el('table', { class: 'table cc-rejected' },
      el('thead', {}, el('tr', {}, ['cc.subject', 'cc.app', 'cc.valid', 'cc.thumbprint', ''].map((k) => el('th', { scope: 'col' }, k ? t(k) : '')))),
      el('tbody', {}, certs.map((c) => el('tr', { dataset: { thumbprint: c.thumbprint } },
        el('td', {}, c.subject || '—'), el('td', {}, c.applicationUri || '—'), el('td', {}, fmt.date(c.notBefore) + ' – ' + fmt.date(c.notAfter)),
        el('td', {}, el('code', { class: 'cn-thumb' }, c.thumbprint)),
        el('td', {}, el('button', { type: 'button', class: 'primary', 'aria-label': t('cc.trust') + ' ' + (c.subject || c.thumbprint), onclick: async (e) => {
          e.target.disabled = true;
          replace(status);
          try {
            await api.post('/pki/rejected/' + encodeURIComponent(c.thumbprint) + '/trust', {});
            message(status, 'ok', t('cc.trusted', { subject: c.subject || c.thumbprint }));
            draw(await api.get('/pki/rejected'));
          } catch (err) {
            e.target.disabled = false;
            message(status, 'error', err.detail || err.message);
          }
        } }, t('cc.trust'))))))));
  };
  draw(rejected);
  main.append(el('section', { class: 'panel' }, el('h2', {}, t('cc.platform')), el('p', { class: 'bu-note' }, t('cc.platformLead')),
    el('dl', { class: 'bu-dl' }, el('dt', {}, t('cc.subject')), el('dd', {}, own.subject || '—'), el('dt', {}, t('cc.app')), el('dd', {}, own.applicationUri || '—'),
      el('dt', {}, t('cc.thumbprint')), el('dd', {}, el('code', { class: 'cn-thumb' }, own.thumbprint || '—')),
      el('dt', {}, t('cc.valid')), el('dd', {}, fmt.date(own.notBefore) + ' – ' + fmt.date(own.notAfter))),
    el('details', {}, el('summary', {}, 'PEM'), el('pre', { class: 'cc-pem' }, own.pem || ''))));
}
