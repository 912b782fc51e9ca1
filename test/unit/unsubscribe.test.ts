import {
	oneClickHeaders,
	placeUnsubscribeLink,
	readUnsubscribeToken,
	unsubscribePlaceholder,
	unsubscribeToken,
	unsubscribeUrl,
} from '../../core/consent/unsubscribe';
import { emailBlockedBy, optOutReason } from '../../core/consent/emailOptOut';

const SECRET = 'workspace-secret-one';

describe('the unsubscribe token', () => {
	it('names the contact and the email it came in', () => {
		expect(readUnsubscribeToken(SECRET, unsubscribeToken(SECRET, 42, 1007))).toEqual({
			contactId: 42,
			deliveryId: 1007,
		});
	});

	it('is refused when signed by another workspace, or changed to name another contact or email', () => {
		const token = unsubscribeToken(SECRET, 42, 1007);
		expect(readUnsubscribeToken('workspace-secret-two', token)).toBeUndefined();
		const [, delivery, signature] = token.split('.');
		expect(
			readUnsubscribeToken(SECRET, [(43).toString(36), delivery, signature].join('.')),
		).toBeUndefined();
		expect(
			readUnsubscribeToken(SECRET, [(42).toString(36), (1008).toString(36), signature].join('.')),
		).toBeUndefined();
		expect(
			readUnsubscribeToken(SECRET, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`),
		).toBeUndefined();
		expect(readUnsubscribeToken(SECRET, undefined)).toBeUndefined();
		expect(readUnsubscribeToken(SECRET, ['a.b.c'])).toBeUndefined();
	});
});

describe('the one-click headers', () => {
	it('are RFC 8058 exactly: the https address in angle brackets, and the POST body', () => {
		const url = unsubscribeUrl('https://n8n.glow.test/webhook/aesthetix', 'k.r.sig');
		expect(url).toBe('https://n8n.glow.test/webhook/aesthetix/email/unsubscribe?t=k.r.sig');
		expect(oneClickHeaders(url)).toEqual({
			'List-Unsubscribe': '<https://n8n.glow.test/webhook/aesthetix/email/unsubscribe?t=k.r.sig>',
			'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
		});
	});
});

describe('the visible unsubscribe link', () => {
	const url = 'https://n8n.glow.test/webhook/aesthetix/email/unsubscribe?t=k.r.sig';

	it('goes where {{unsubscribe_link}} was written, every time it was', () => {
		const placeholder = unsubscribePlaceholder();
		const html = `<p>Offer</p><p><a href="${placeholder}">Stop these</a> or visit ${placeholder}</p>`;
		expect(placeUnsubscribeLink(html, placeholder, url)).toEqual({
			html: `<p>Offer</p><p><a href="${url}">Stop these</a> or visit ${url}</p>`,
			added: false,
		});
	});

	it('is added at the foot of a message that has none, inside its body element', () => {
		const placeholder = unsubscribePlaceholder();
		const plain = placeUnsubscribeLink('<p>20% off</p>', placeholder, url);
		expect(plain.added).toBe(true);
		expect(plain.html).toMatch(
			/^<p>20% off<\/p>\n<p [^>]+>Don't want these emails\? <a href="https:[^"]+sig">Unsubscribe<\/a><\/p>$/,
		);
		const page = placeUnsubscribeLink('<html><body><p>20% off</p></BODY></html>', placeholder, url);
		expect(page.html).toMatch(/<p>20% off<\/p><p [^>]+>.*Unsubscribe<\/a><\/p><\/BODY><\/html>$/);
	});

	it('differs from run to run, and holds nothing the HTML escaper would change', () => {
		const a = unsubscribePlaceholder();
		expect(a).not.toBe(unsubscribePlaceholder());
		expect(a).toMatch(/^https:\/\/unsubscribe\.invalid\/[A-Za-z0-9_-]+$/);
	});
});

describe('who an email may not reach', () => {
	const contact = { dnd_all: false, dnd_email: false, email_unsubscribed: false };

	it('an unsubscribe stops marketing email only; DND stops every email', () => {
		expect(emailBlockedBy(contact, 'marketing')).toBeUndefined();
		expect(emailBlockedBy({ ...contact, email_unsubscribed: true }, 'marketing')).toBe(
			'email_unsubscribed',
		);
		expect(
			emailBlockedBy({ ...contact, email_unsubscribed: true }, 'transactional'),
		).toBeUndefined();
		expect(emailBlockedBy({ ...contact, dnd_email: true }, 'transactional')).toBe('dnd_email');
		expect(
			emailBlockedBy({ ...contact, dnd_all: true, email_unsubscribed: true }, 'marketing'),
		).toBe('dnd_all');
	});

	it('says how and when, when the trail knows', () => {
		expect(optOutReason('dnd_email', undefined)).toBe('The contact is in Do Not Disturb for email');
		expect(
			optOutReason('email_unsubscribed', {
				id: 1,
				contact_id: 7,
				channel: 'email',
				flag: 'email_unsubscribed',
				opted_out: true,
				source: 'one_click',
				detail: 'one-click unsubscribe from the mail app, on "HydraFacial Offer"',
				delivery_id: 3,
				at: '2026-12-05T14:03:27.000Z',
			}),
		).toBe(
			'The contact unsubscribed from marketing email: one-click unsubscribe from the mail app, on "HydraFacial Offer" (2026-12-05 14:03 UTC)',
		);
	});
});
