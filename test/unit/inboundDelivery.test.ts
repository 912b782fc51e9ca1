import { checkDelivery, signBody, type InboundRules } from '../../core/inbound/checkDelivery';

const SECRET = 'a-secret-of-sixteen+';
const hmac: InboundRules = {
	auth: { kind: 'hmac', headerName: 'X-Signature-256', algorithm: 'sha256', encoding: 'hex' },
	secret: SECRET,
	maxBytes: 1024,
	eventIdField: 'call.id',
};
const header: InboundRules = {
	...hmac,
	auth: { kind: 'headerSecret', headerName: 'X-Webhook-Secret' },
	eventIdField: '',
};

function request(
	body: unknown,
	headers: Record<string, string> = {},
	contentType = 'application/json',
) {
	const raw = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
	return { headers: { 'content-type': contentType, ...headers }, contentType, rawBody: raw, body };
}

describe('an inbound delivery', () => {
	it('is accepted with an HMAC of the raw body, bare or prefixed, and names its event id', () => {
		const body = { call: { id: 'c-1' }, direction: 'inbound' };
		const signature = signBody(SECRET, JSON.stringify(body));
		expect(checkDelivery(hmac, request(body, { 'x-signature-256': signature }))).toEqual({
			ok: true,
			eventId: 'c-1',
			body,
			contentType: 'application/json',
		});
		expect(
			checkDelivery(hmac, request(body, { 'x-signature-256': `sha256=${signature}` })).ok,
		).toBe(true);
	});

	it('is refused with 401 when the signature covers other bytes or the secret is wrong', () => {
		const body = { call: { id: 'c-1' } };
		expect(
			checkDelivery(
				hmac,
				request(body, { 'x-signature-256': signBody(SECRET, '{"call":{"id":"c-2"}}') }),
			),
		).toMatchObject({ ok: false, status: 401 });
		expect(checkDelivery(hmac, request(body))).toMatchObject({ ok: false, status: 401 });
		expect(checkDelivery(header, request(body, { 'x-webhook-secret': 'guess' }))).toMatchObject({
			ok: false,
			status: 401,
		});
		expect(
			checkDelivery({ ...header, secret: '' }, request(body, { 'x-webhook-secret': '' })),
		).toMatchObject({ ok: false, status: 401 });
	});

	it('is refused with 413 before anything else when too large, and 415 when neither JSON nor a form', () => {
		expect(checkDelivery(header, request({ notes: 'x'.repeat(2000) }))).toMatchObject({
			ok: false,
			status: 413,
		});
		expect(
			checkDelivery(header, request('hello', { 'x-webhook-secret': SECRET }, 'text/plain')),
		).toMatchObject({ ok: false, status: 415 });
		expect(
			checkDelivery(
				header,
				request(
					{ a: 1 },
					{ 'x-webhook-secret': SECRET },
					'application/x-www-form-urlencoded; charset=utf-8',
				),
			).ok,
		).toBe(true);
	});

	it('is refused with 400 when the event id field is missing', () => {
		const body = { direction: 'inbound' };
		expect(
			checkDelivery(
				hmac,
				request(body, { 'x-signature-256': signBody(SECRET, JSON.stringify(body)) }),
			),
		).toEqual({
			ok: false,
			status: 400,
			error: 'The body has no "call.id": this webhook needs it to recognise retried deliveries.',
		});
	});
});
