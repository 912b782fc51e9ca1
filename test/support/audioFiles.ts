import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const TYPES: Record<string, string> = { mp3: 'audio/mpeg', wav: 'audio/wav' };

/** The bytes of one recording in test/support/audio. */
export const audioFile = (name: string): Buffer => readFileSync(join(__dirname, 'audio', name));

/**
 * Serves the recordings in test/support/audio over loopback, as a Recording URL a voicemail fetches,
 * and `notes.pdf`, a file that is not a recording.
 */
export async function serveAudioFiles(): Promise<{ base: string; close: () => Promise<void> }> {
	const server = http.createServer((req, res) => {
		const name = (req.url ?? '').slice(1);
		if (name === 'notes.pdf') {
			res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.7 not a recording');
			return;
		}
		try {
			const body = audioFile(name);
			res.writeHead(200, { 'content-type': TYPES[name.split('.').pop()!] ?? 'audio/mpeg' });
			res.end(body);
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
