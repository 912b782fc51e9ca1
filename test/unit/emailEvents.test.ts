import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { trackHtml } from '../../core/email/trackHtml';
import { deliveryToken, readDeliveryToken } from '../../core/email/deliveryToken';
import { isSignedByMailgun, readMailgunEvent } from '../../core/endpoint/email/mailgun';
import { isSignedBySendGrid, readSendGridEvents } from '../../core/endpoint/email/sendgrid';
import { readMailgunInbound, readSendGridInbound } from '../../core/endpoint/email/inbound';

describe('tracking an HTML email', () => {
	const track = async (url: string) => `https://crm.test/email/click?t=${encodeURIComponent(url)}`;

	it('rewrites web links, keeps mailto, tel and unsubscribe links, and adds the pixel inside the body', async () => {
		const html =
			'<html><body><p>Hi &amp; welcome, <a href="https://glow.test/book?a=1&amp;b=2" class="btn">Book</a></p>' +
			'<a href="mailto:hello@glow.test">Mail</a> <a href="tel:+15550001111">Call</a> ' +
			'<a href="https://glow.test/u/123">Unsubscribe</a> <a href="https://glow.test/prefs?unsubscribe=1">here</a>' +
			'<a data-no-track href="https://glow.test/private">private</a><!-- keep --></body></html>';
		const { html: out, links } = await trackHtml(html, {
			track,
			pixelUrl: 'https://crm.test/email/open?t=a.b',
		});
		expect(links).toEqual(['https://glow.test/book?a=1&b=2']);
		expect(out).toContain(
			'<a href="https://crm.test/email/click?t=https%3A%2F%2Fglow.test%2Fbook%3Fa%3D1%26b%3D2" class="btn">Book</a>',
		);
		expect(out).toContain('<a href="mailto:hello@glow.test">Mail</a>');
		expect(out).toContain('<a href="tel:+15550001111">Call</a>');
		expect(out).toContain('<a href="https://glow.test/u/123">Unsubscribe</a>');
		expect(out).toContain('Hi &amp; welcome');
		expect(out).toContain('<a data-no-track href="https://glow.test/private">private</a>');
		expect(out).toContain('<!-- keep -->');
		expect(out).toMatch(
			/<img src="https:\/\/crm\.test\/email\/open\?t=a\.b" width="1" height="1"[^>]*><\/body><\/html>$/,
		);
	});

	it('adds no pixel when open tracking is off, and handles a fragment without a body', async () => {
		const { html, links } = await trackHtml('<p>See <a href="http://x.test/a">this</a></p>', {
			track,
		});
		expect(html).toBe(
			'<p>See <a href="https://crm.test/email/click?t=http%3A%2F%2Fx.test%2Fa">this</a></p>',
		);
		expect(links).toEqual(['http://x.test/a']);
	});

	it('signs delivery tokens per purpose', () => {
		const token = deliveryToken('s3cret', 'open', 42);
		expect(readDeliveryToken('s3cret', 'open', token)).toBe(42);
		expect(readDeliveryToken('s3cret', 'delivery', token)).toBeUndefined();
		expect(readDeliveryToken('other', 'open', token)).toBeUndefined();
	});
});

describe('Mailgun', () => {
	const key = 'key-0123456789abcdef';
	const signed = (timestamp: string, token: string) => ({
		timestamp,
		token,
		signature: createHmac('sha256', key)
			.update(timestamp + token)
			.digest('hex'),
	});

	it('accepts its HMAC signature and refuses a forged one', () => {
		expect(isSignedByMailgun(key, signed('1529006854', 'a'.repeat(50)))).toBe(true);
		expect(
			isSignedByMailgun(key, { ...signed('1529006854', 'a'.repeat(50)), timestamp: '1529006855' }),
		).toBe(false);
		expect(isSignedByMailgun('', signed('1', 'b'))).toBe(false);
	});

	it('reads permanent and temporary failures with their reason', () => {
		const failed = (severity: string) =>
			readMailgunEvent({
				'event-data': {
					event: 'failed',
					id: 'ev1',
					severity,
					timestamp: 1529006854.5,
					recipient: 'jane@example.com',
					'delivery-status': { code: 550, message: 'mailbox unavailable' },
					message: { headers: { 'message-id': 'abc@glow.test' } },
					'user-variables': { aesthetix_delivery: 't.k' },
				},
			});
		expect(failed('permanent')).toMatchObject({
			event: 'bounced',
			permanent: true,
			reason: '550 mailbox unavailable',
			token: 't.k',
			messageId: 'abc@glow.test',
			occurredAt: '2018-06-14T20:07:34.500Z',
		});
		expect(failed('temporary')).toMatchObject({ event: 'deferred' });
	});

	it('reads an unsubscribe', () => {
		expect(
			readMailgunEvent({
				'event-data': { event: 'unsubscribed', id: 'ev2', recipient: 'jane@example.com' },
			}),
		).toMatchObject({ event: 'unsubscribed', eventId: 'ev2', recipient: 'jane@example.com' });
	});

	it('reads a routed reply with its threading headers', () => {
		const email = readMailgunInbound({
			from: 'Jane <jane@example.com>',
			subject: 'Re: Booking',
			'stripped-text': 'Yes!',
			'Message-Id': '<r1@mail.example.com>',
			'In-Reply-To': '<m1@glow.test>',
			References: '<m0@glow.test> <m1@glow.test>',
		});
		expect(email).toMatchObject({
			text: 'Yes!',
			messageId: '<r1@mail.example.com>',
			answers: ['<m1@glow.test>', '<m0@glow.test>'],
		});
	});
});

describe('SendGrid', () => {
	const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
	const verificationKey = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
	const body = Buffer.from(
		'[{"email":"jane@example.com","event":"spamreport","sg_event_id":"e1","timestamp":1700000000}]\r\n',
	);
	const signature = sign(
		'sha256',
		Buffer.concat([Buffer.from('1700000001'), body]),
		privateKey,
	).toString('base64');

	it('accepts its ECDSA signature over timestamp and raw body, and refuses anything changed', () => {
		expect(verificationKey.startsWith('MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE')).toBe(true);
		expect(isSignedBySendGrid(verificationKey, signature, '1700000001', body)).toBe(true);
		expect(isSignedBySendGrid(verificationKey, signature, '1700000002', body)).toBe(false);
		expect(
			isSignedBySendGrid(
				verificationKey,
				signature,
				'1700000001',
				Buffer.from(body.toString().replace('spamreport', 'open')),
			),
		).toBe(false);
		expect(isSignedBySendGrid('not a key', signature, '1700000001', body)).toBe(false);
	});

	it('maps its events, hard and blocked bounces apart', () => {
		const events = readSendGridEvents([
			{
				event: 'bounce',
				type: 'bounce',
				status: '5.1.1',
				reason: 'no such user',
				sg_event_id: 'a',
				email: 'x@y.test',
				aesthetix_delivery: 't',
			},
			{ event: 'bounce', type: 'blocked', sg_event_id: 'b', email: 'x@y.test' },
			{ event: 'processed', sg_event_id: 'c' },
			{ event: 'spamreport', sg_event_id: 'd' },
		]);
		expect(events.map((e) => [e.event, e.permanent ?? null])).toEqual([
			['bounced', true],
			['bounced', false],
			['complained', null],
		]);
		expect(events[0]).toMatchObject({ reason: '5.1.1 no such user', token: 't' });
	});

	it('maps unsubscribes, group unsubscribes and group resubscribes, with the group', () => {
		const events = readSendGridEvents([
			{ event: 'unsubscribe', sg_event_id: 'u1', email: 'x@y.test' },
			{ event: 'group_unsubscribe', sg_event_id: 'u2', email: 'x@y.test', asm_group_id: 42 },
			{ event: 'group_resubscribe', sg_event_id: 'u3', email: 'x@y.test', asm_group_id: 42 },
		]);
		expect(events.map((e) => [e.event, e.group ?? null, e.reason])).toEqual([
			['unsubscribed', null, 'The recipient unsubscribed'],
			['unsubscribed', '42', 'The recipient unsubscribed from group 42'],
			['resubscribed', '42', 'The recipient resubscribed to group 42'],
		]);
	});

	it('reads an Inbound Parse post, threading headers from the raw header block', () => {
		const email = readSendGridInbound({
			headers:
				'From: Jane <jane@example.com>\r\nMessage-ID: <r2@example.com>\r\nIn-Reply-To: <m1@glow.test>\r\nReferences: <m0@glow.test>\r\n <m1@glow.test>\r\n',
			from: 'Jane <jane@example.com>',
			text: 'Works for me',
			subject: 'Re: Booking',
		});
		expect(email).toMatchObject({
			messageId: '<r2@example.com>',
			answers: ['<m1@glow.test>', '<m0@glow.test>'],
			text: 'Works for me',
		});
	});
});
