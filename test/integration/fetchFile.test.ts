/**
 * Attachment downloads by URL against a loopback HTTP server: the address check, redirects, the
 * size cap and the time limit.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchFile, isPublicAddress, type FileUrlPolicy } from '../../core/attachments/fetchFile';

let server: Server;
let base: string;
const open: FileUrlPolicy = { allowPrivateAddresses: true, maxBytes: 1000, timeoutMs: 2000 };
const strict: FileUrlPolicy = { ...open, allowPrivateAddresses: false };

beforeAll(async () => {
	server = createServer((req, res) => {
		if (req.url === '/menu.pdf')
			return res
				.writeHead(200, { 'content-type': 'application/pdf; charset=binary' })
				.end('%PDF menu');
		if (req.url === '/moved') return res.writeHead(302, { location: '/menu.pdf' }).end();
		if (req.url === '/loop') return res.writeHead(302, { location: '/loop' }).end();
		if (req.url === '/to-file') return res.writeHead(302, { location: 'file:///etc/passwd' }).end();
		if (req.url === '/big')
			return res.writeHead(200, { 'content-length': '2000' }).end('x'.repeat(2000));
		if (req.url === '/big-chunked') {
			res.writeHead(200);
			for (let i = 0; i < 20; i++) res.write('y'.repeat(100));
			return res.end();
		}
		if (req.url === '/slow') return undefined;
		return res.writeHead(404).end();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});

describe('file URLs for attachments', () => {
	it.each([
		['http://127.0.0.1:1/x', '127.0.0.1'],
		['http://localhost:1/x', '127.0.0.1'],
		['http://[::1]:1/x', '::1'],
		['http://10.1.2.3/x', '10.1.2.3'],
		['http://192.168.0.10/x', '192.168.0.10'],
		['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
		['http://[::ffff:127.0.0.1]/x', '::ffff:7f00:1'],
		['http://0.0.0.0/x', '0.0.0.0'],
	])('refuse %s, a private or local address, unless allowed', async (url, address) => {
		await expect(fetchFile(url, strict)).rejects.toThrow(
			new RegExp(
				`is at ${address.replace(/[.:[\]]/g, '\\$&')}, a private or local network address$`,
			),
		);
	});

	it('classify public addresses as public', () => {
		expect(isPublicAddress('93.184.215.14')).toBe(true);
		expect(isPublicAddress('2606:2800:21f:cb07:6820:80da:af6b:8b2c')).toBe(true);
		expect(isPublicAddress('100.64.0.1')).toBe(false);
		expect(isPublicAddress('fd00::1')).toBe(false);
	});

	it('download from a private address when the credential allows it, following redirects', async () => {
		await expect(fetchFile(`${base}/menu.pdf`, open)).resolves.toEqual({
			content: Buffer.from('%PDF menu'),
			contentType: 'application/pdf',
		});
		await expect(fetchFile(`${base}/moved`, open)).resolves.toMatchObject({
			content: Buffer.from('%PDF menu'),
		});
	});

	it('stop at endless redirects and at redirects away from the web', async () => {
		await expect(fetchFile(`${base}/loop`, open)).rejects.toThrow(
			'it redirected more than 5 times',
		);
		await expect(fetchFile(`${base}/to-file`, open)).rejects.toThrow(
			'file: addresses are not downloaded',
		);
	});

	it('refuse files over the size cap, announced or streamed', async () => {
		await expect(fetchFile(`${base}/big`, open)).rejects.toThrow(
			'the file is larger than 1000 bytes',
		);
		await expect(
			fetchFile(`${base}/big-chunked`, { ...open, maxBytes: 1024 * 1024 + 1 }),
		).resolves.toMatchObject({ content: Buffer.from('y'.repeat(2000)) });
		await expect(fetchFile(`${base}/big-chunked`, { ...open, maxBytes: 1500 })).rejects.toThrow(
			/^the file is larger than/,
		);
	});

	it('give up on a server that does not answer in time', async () => {
		const started = Date.now();
		await expect(fetchFile(`${base}/slow`, { ...open, timeoutMs: 300 })).rejects.toThrow(
			'it did not finish within 0.3 seconds',
		);
		expect(Date.now() - started).toBeLessThan(2000);
	});

	it('report an error status', async () => {
		await expect(fetchFile(`${base}/missing`, open)).rejects.toThrow(
			'the server answered HTTP 404',
		);
	});
});
