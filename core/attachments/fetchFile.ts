import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** What a file URL may cost a node run. */
export interface FileUrlPolicy {
	/** Loopback, private, link-local and other non-public addresses (the cloud metadata service among them). */
	allowPrivateAddresses: boolean;
	maxBytes: number;
	timeoutMs: number;
}

/** Most providers refuse messages over 25 MB, so a larger attachment could not be sent anyway. */
export const ATTACHMENT_LIMITS = { maxBytes: 25 * 1024 * 1024, timeoutMs: 30_000, maxRedirects: 5 };

export class FileUrlError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'FileUrlError';
	}
}

export interface FetchedFile {
	content: Buffer;
	contentType?: string;
}

/** Whether an address is on the public internet: everything ipaddr.js does not call plain unicast is not. */
export function isPublicAddress(address: string): boolean {
	try {
		return ipaddr.process(address).range() === 'unicast';
	} catch {
		return false;
	}
}

const PRIVATE = (host: string, address: string) =>
	new FileUrlError(`${host} is at ${address}, a private or local network address`);

/**
 * Resolves the host and checks every address it resolves to, at connection time: the address that is
 * checked is the one connected to, so a host cannot answer one address to a check and another later.
 */
function guardedLookup(policy: FileUrlPolicy): LookupFunction {
	return (hostname, options, callback) => {
		dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
			if (error) return callback(error, '', 0);
			const refused = policy.allowPrivateAddresses
				? undefined
				: addresses.find((a) => !isPublicAddress(a.address));
			if (refused) return callback(PRIVATE(hostname, refused.address), '', 0);
			if (options.all)
				return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
			return callback(null, addresses[0].address, addresses[0].family);
		});
	};
}

function get(url: URL, policy: FileUrlPolicy, signal: AbortSignal): Promise<IncomingMessage> {
	const literal = url.hostname.replace(/^\[|\]$/g, '');
	if (isIP(literal) && !policy.allowPrivateAddresses && !isPublicAddress(literal))
		return Promise.reject(PRIVATE(url.hostname, literal));
	const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
	return new Promise((resolve, reject) => {
		const req = send(
			url,
			{ method: 'GET', lookup: guardedLookup(policy), signal, headers: { accept: '*/*' } },
			resolve,
		);
		req.on('error', reject);
		req.end();
	});
}

async function readBody(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
	const limit =
		maxBytes >= 1024 * 1024 ? `${+(maxBytes / 1024 / 1024).toFixed(1)} MB` : `${maxBytes} bytes`;
	const tooLarge = () => new FileUrlError(`the file is larger than ${limit}`);
	if (Number(res.headers['content-length'] ?? 0) > maxBytes) {
		res.destroy();
		throw tooLarge();
	}
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of res) {
		size += (chunk as Buffer).length;
		if (size > maxBytes) {
			res.destroy();
			throw tooLarge();
		}
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks);
}

/**
 * Downloads a file named by a URL in a workflow, within the policy's size and time, following a few
 * redirects and checking each hop as the first.
 */
export async function fetchFile(address: string, policy: FileUrlPolicy): Promise<FetchedFile> {
	const signal = AbortSignal.timeout(policy.timeoutMs);
	let url = new URL(address);
	try {
		for (let hop = 0; ; hop++) {
			if (url.protocol !== 'http:' && url.protocol !== 'https:')
				throw new FileUrlError(`${url.protocol} addresses are not downloaded`);
			const res = await get(url, policy, signal);
			const status = res.statusCode ?? 0;
			if (status >= 300 && status < 400 && res.headers.location) {
				res.resume();
				if (hop >= ATTACHMENT_LIMITS.maxRedirects)
					throw new FileUrlError(`it redirected more than ${ATTACHMENT_LIMITS.maxRedirects} times`);
				url = new URL(res.headers.location, url);
				continue;
			}
			if (status < 200 || status >= 300) {
				res.resume();
				throw new FileUrlError(`the server answered HTTP ${status}`);
			}
			const content = await readBody(res, policy.maxBytes);
			return {
				content,
				contentType: String(res.headers['content-type'] ?? '').split(';')[0] || undefined,
			};
		}
	} catch (error) {
		if (error instanceof FileUrlError) throw error;
		if (signal.aborted)
			throw new FileUrlError(`it did not finish within ${policy.timeoutMs / 1000} seconds`);
		throw new FileUrlError((error as Error).message);
	}
}
