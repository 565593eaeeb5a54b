import { compose, passingAuth, pick, type DemoMail } from './compose.ts';

const PARTNERS = [
  { name: 'Priya Natarajan', email: 'priya.natarajan@northwind-logistics.com', ip: '198.51.100.21' },
  { name: 'Tom Becker', email: 'tom.becker@fabrikam-engineering.de', ip: '198.51.100.35' },
  { name: 'Lucía Gómez', email: 'lucia.gomez@tailspin-consulting.es', ip: '203.0.113.14' },
];

const TOPICS = [
  { subject: 'Minutes from Tuesday\'s planning meeting', body: 'Hi {first},\n\nThanks for joining on Tuesday. The minutes are below; the only open item is the delivery window for the second batch, which we will confirm by Friday.\n\n1. Scope agreed as in the March draft\n2. Testing starts on the 14th\n3. Next review in two weeks\n\nBest regards,\n{sender}' },
  { subject: 'Re: Q3 forecast numbers', body: 'Hi {first},\n\nI went through the forecast sheet. The freight costs line looks right now; could you double-check the headcount assumption for October before we send it upstairs?\n\nThanks,\n{sender}' },
  { subject: 'Lunch next week?', body: 'Hello {first},\n\nI will be in town on Wednesday and Thursday for the supplier workshop. Would you have time for lunch on either day?\n\nCheers,\n{sender}' },
];

const NEWSLETTERS = [
  { from: 'The Logistics Weekly <newsletter@logistics-weekly.com>', domain: 'logistics-weekly.com', ip: '192.0.2.44', subject: 'This week: port congestion eases, rail freight rates steady', html: '<h1>The Logistics Weekly</h1><p>Container dwell times fell for the third week running, while rail freight rates held steady across most corridors.</p><p><a href="https://www.logistics-weekly.com/articles/port-congestion">Read the full story</a></p><p style="font-size:11px">You receive this because you subscribed at logistics-weekly.com. <a href="https://www.logistics-weekly.com/unsubscribe">Unsubscribe</a></p>' },
  { from: 'GitHub <noreply@github.com>', domain: 'github.com', ip: '192.30.252.200', subject: '[contoso/warehouse-api] Release v2.4.0', html: '<p>The release <b>v2.4.0</b> of contoso/warehouse-api was published.</p><p><a href="https://github.com/contoso/warehouse-api/releases/tag/v2.4.0">View it on GitHub</a></p><p style="font-size:11px">You are receiving this because you are watching this repository.</p>' },
];

/** Everyday business mail from partners with aligned SPF/DKIM/DMARC: must stay in the Inbox. */
export async function businessMail(n: number, to: { name: string; address: string }): Promise<DemoMail> {
  const partner = pick(PARTNERS, n);
  const topic = pick(TOPICS, Math.floor(n / PARTNERS.length));
  const domain = partner.email.split('@')[1]!;
  const text = topic.body.replace('{first}', to.name.split(' ')[0]!).replace('{sender}', partner.name);
  const raw = await compose({
    from: { name: partner.name, address: partner.email }, to: { name: to.name, address: to.address }, subject: topic.subject, text,
    messageId: `<demo-${n}-biz@${domain}>`, received: { fromHost: `mail.${domain}`, ip: partner.ip }, auth: passingAuth(domain),
  });
  return { kind: 'business', outbound: false, raw };
}

/** A newsletter or notification with List-Unsubscribe: legitimate bulk mail, not a threat. */
export async function newsletterMail(n: number, to: { name: string; address: string }): Promise<DemoMail> {
  const nl = pick(NEWSLETTERS, n);
  const raw = await compose({
    from: nl.from, to: to.address, subject: nl.subject, html: nl.html, messageId: `<demo-${n}-nl@${nl.domain}>`,
    list: { unsubscribe: `https://www.${nl.domain}/unsubscribe` },
    received: { fromHost: `out.${nl.domain}`, ip: nl.ip }, auth: passingAuth(nl.domain),
  });
  return { kind: 'newsletter', outbound: false, raw };
}
