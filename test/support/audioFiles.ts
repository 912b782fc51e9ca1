import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** Serves the recordings in test/support/audio over loopback, as a Recording URL a voicemail fetches. */
export async function serveAudioFiles(): Promise<{ base: string; close: () => Promise<void> }> {
	const server = http.createServer((req, res) => {
		try {
			res
				.writeHead(200, { 'content-type': 'audio/mpeg' })
				.end(readFileSync(join(__dirname, 'audio', (req.url ?? '').slice(1))));
		} catch {
			res.writeHead(404).end();
		}
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	return {
		base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		close: () => new Promise<void>((r) => server.close(() => r())),
	};
}
