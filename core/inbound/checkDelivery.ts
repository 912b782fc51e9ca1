import { createHmac, timingSafeEqual } from 'node:crypto';

/** How a calling system proves a delivery is its own. */
export type InboundAuth =
	| { kind: 'headerSecret'; headerName: string }
	| {
			kind: 'hmac';
			headerName: string;
			algorithm: 'sha1' | 'sha256' | 'sha512';
			encoding: 'hex' | 'base64';
	  };

export interface InboundRules {
	auth: InboundAuth;
	secret: string;
	maxBytes: number;
	/** Dotted path of the field that names the event (`event_id`, `call.id`); empty turns de-duplication off. */
	eventIdField: string;
}

export interface InboundRequest {
	headers: Record<string, string | string[] | undefined>;
	contentType: string;
	/** The body exactly as sent, which the HMAC is computed over. */
	rawBody: Buffer | undefined;
	/** The body as n8n parsed it. */
	body: unknown;
}

export type InboundDecision =
	| { ok: true; eventId: string | null; body: Record<string, unknown>; contentType: string }
	| { ok: false; status: 400 | 401 | 413 | 415; error: string };

const ACCEPTED_TYPES = ['application/json', 'application/x-www-form-urlencoded'];

const header = (headers: InboundRequest['headers'], name: string): string | undefined => {
	const value = headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
};

function sameSecret(given: string, expected: string): boolean {
	// Hashing both sides first keeps the comparison constant-time whatever their lengths.
	const a = createHmac('sha256', 'compare').update(given).digest();
	const b = createHmac('sha256', 'compare').update(expected).digest();
	return timingSafeEqual(a, b);
}

/** The signature a sender computes: HMAC of the raw body with the shared secret, optionally prefixed `sha256=`. */
export function signBody(
	secret: string,
	body: Buffer | string,
	algorithm: 'sha1' | 'sha256' | 'sha512' = 'sha256',
	encoding: 'hex' | 'base64' = 'hex',
): string {
	return createHmac(algorithm, secret).update(body).digest(encoding);
}

function authenticated(rules: InboundRules, req: InboundRequest): boolean {
	if (!rules.secret) return false;
	const given = header(req.headers, rules.auth.headerName);
	if (!given) return false;
	if (rules.auth.kind === 'headerSecret') return sameSecret(given, rules.secret);
	if (!req.rawBody) return false;
	const { algorithm, encoding } = rules.auth;
	const signature = given.trim().replace(new RegExp(`^${algorithm}=`, 'i'), '');
	const expected = signBody(rules.secret, req.rawBody, algorithm, encoding);
	return sameSecret(encoding === 'hex' ? signature.toLowerCase() : signature, expected);
}

/** Reads a field by its name (form fields are flat: `event.id`) or by a dotted path into JSON (`call.id`). */
export function readField(body: Record<string, unknown>, path: string): unknown {
	if (path in body) return body[path];
	let value: unknown = body;
	for (const key of path.split('.')) {
		if (!value || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

/**
 * Decides what happens to one delivery, in this order: too large (413), not authenticated (401),
 * not JSON or a form (415), not an object or missing its event id (400). Only an accepted delivery
 * may start the workflow.
 */
export function checkDelivery(rules: InboundRules, req: InboundRequest): InboundDecision {
	const length = req.rawBody?.length ?? Number(header(req.headers, 'content-length') ?? 0);
	if (length > rules.maxBytes) {
		return {
			ok: false,
			status: 413,
			error: `The body is ${length} bytes; this webhook accepts at most ${rules.maxBytes} bytes.`,
		};
	}
	if (!authenticated(rules, req)) {
		const how =
			rules.auth.kind === 'headerSecret'
				? `the shared secret in the ${rules.auth.headerName} header`
				: `an HMAC-${rules.auth.algorithm.toUpperCase()} signature of the body in the ${rules.auth.headerName} header`;
		return { ok: false, status: 401, error: `Not authenticated: send ${how}.` };
	}
	const contentType = req.contentType.split(';')[0].trim().toLowerCase();
	if (!ACCEPTED_TYPES.includes(contentType)) {
		return {
			ok: false,
			status: 415,
			error: `Content-Type "${contentType || '(none)'}" is not accepted; send application/json or application/x-www-form-urlencoded.`,
		};
	}
	const body = req.body;
	if (!body || typeof body !== 'object' || Array.isArray(body)) {
		return { ok: false, status: 400, error: 'The body must be a JSON object or a form.' };
	}
	const fields = body as Record<string, unknown>;
	if (!rules.eventIdField) return { ok: true, eventId: null, body: fields, contentType };
	const eventId = readField(fields, rules.eventIdField);
	if (
		eventId === undefined ||
		eventId === null ||
		String(eventId).trim() === '' ||
		typeof eventId === 'object'
	) {
		return {
			ok: false,
			status: 400,
			error: `The body has no "${rules.eventIdField}": this webhook needs it to recognise retried deliveries.`,
		};
	}
	return { ok: true, eventId: String(eventId), body: fields, contentType };
}
