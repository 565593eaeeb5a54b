/**
 * Root domains of email service providers and list servers. Their bounce addresses (Return-Path) and click
 * trackers (links) legitimately differ from the brand in From, so a mismatch with one of them says nothing.
 */
export const ESP_ROOTS: ReadonlySet<string> = new Set([
  'amazonses.com', 'sendgrid.net', 'sendgrid.com', 'mcsv.net', 'mcdlv.net', 'rsgsv.net', 'list-manage.com', 'mailchimp.com',
  'mailchimpapp.net', 'mandrillapp.com', 'mailgun.org', 'mailgun.net', 'sparkpostmail.com', 'exacttarget.com',
  'sfmc-content.com', 'createsend.com', 'cmail19.com', 'cmail20.com', 'constantcontact.com', 'rs6.net', 'mktomail.com',
  'mkto-sj.com', 'hubspotemail.net', 'hubspotlinks.com', 'hs-sites.com', 'postmarkapp.com', 'mailjet.com', 'mjt.lu',
  'sendinblue.com', 'brevo.com', 'sib-mail.com', 'elasticemail.com', 'salesforce.com', 'pardot.com', 'responsys.net',
  'googlegroups.com', 'yahoogroups.com', 'egroups.com', 'sourceforge.net',
  'freelists.org', 'listserv.net', 'lists.apple.com', 'emarsys.net', 'eloqua.com', 'en25.com', 'acemsd.com',
  'activehosted.com', 'klaviyomail.com', 'klaviyo.com', 'msgfocus.com', 'returnpath.net', 'bnc3.mailjet.com',
  'smtp2go.com', 'mailerlite.com', 'convertkit-mail.com', 'ccsend.com', 'icpbounce.com', 'zendesk.com', 'freshdesk.com',
  'intercom-mail.com', 'customeriomail.com',
]);

/** Bounce domains of big providers: fine in Return-Path, but their links are not a sender's own trackers. */
export const BOUNCE_ROOTS: ReadonlySet<string> = new Set([...ESP_ROOTS, 'google.com', 'outlook.com', 'protection.outlook.com', 'yahoo.com']);
