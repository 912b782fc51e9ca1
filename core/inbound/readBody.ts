import { parse as parseForm } from 'node:querystring';
import { createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';

export type BodyRead =
	{ ok: true; raw: Buffer; body: unknown } | { ok: false; status: 413; error: string };

export interface BodyRequest {
	headers: Record<string, string | string[] | undefined>;
	/** The request itself: its body has not been read yet. */
	stream: Readable;
	contentType: string;
}

const header = (headers: BodyRequest['headers'], name: string): string | undefined => {
	const value = headers[name];
	return Array.isArray(value) ? value[0] : value;
};

const tooLarge = (size: string, maxBytes: number): BodyRead => ({
	ok: false,
	status: 413,
	error: `The body is ${size}; this webhook accepts at most ${maxBytes} bytes.`,
});

/**
 * Reads a request body of at most `maxBytes`, refusing before reading anything when the request
 * declares a larger Content-Length, and as soon as a body without one (chunked) passes the limit:
 * nothing larger is ever held in memory. Compressed bodies count by their decompressed size.
 * JSON and form bodies are parsed the way n8n parses them; any other type keeps `body` undefined.
 */
export async function readBody(req: BodyRequest, maxBytes: number): Promise<BodyRead> {
	const declared = Number(header(req.headers, 'content-length'));
	if (Number.isFinite(declared) && declared > maxBytes)
		return tooLarge(`${declared} bytes`, maxBytes);
	const encoding = (header(req.headers, 'content-encoding') ?? '').trim().toLowerCase();
	const source =
		encoding === 'gzip'
			? req.stream.pipe(createGunzip())
			: encoding === 'deflate'
				? req.stream.pipe(createInflate())
				: req.stream;
	const raw = await collect(source, maxBytes);
	if (!raw) return tooLarge(`over ${maxBytes} bytes`, maxBytes);
	return { ok: true, raw, body: parseBody(raw, req.contentType) };
}

/**
 * The stream's bytes, or undefined once they pass `maxBytes`. The rest is then read and dropped
 * rather than the stream destroyed: the connection stays whole, so the sender gets the answer.
 */
function collect(source: Readable, maxBytes: number): Promise<Buffer | undefined> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const onData = (chunk: Buffer) => {
			size += chunk.length;
			if (size <= maxBytes) return void chunks.push(chunk);
			source.off('data', onData);
			chunks.length = 0;
			resolve(undefined);
		};
		source.on('data', onData);
		source.once('end', () => resolve(Buffer.concat(chunks)));
		source.once('error', reject);
	});
}

/** JSON (a byte order mark allowed) and url-encoded forms, as n8n reads them; undefined otherwise. */
function parseBody(raw: Buffer, contentType: string): unknown {
	const [type, ...params] = contentType.split(';').map((p) => p.trim().toLowerCase());
	const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length);
	const text = raw.toString(charset === 'latin1' || charset === 'iso-8859-1' ? 'latin1' : 'utf8');
	const unmarked = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	if (!raw.length) return undefined;
	if (type === 'application/json') {
		try {
			return JSON.parse(unmarked) as unknown;
		} catch {
			return undefined;
		}
	}
	if (type === 'application/x-www-form-urlencoded')
		return { ...parseForm(unmarked, undefined, undefined, { maxKeys: 1000 }) };
	return undefined;
}
