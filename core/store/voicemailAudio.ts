import { createHash } from 'node:crypto';
import type { SqlDatabase } from './database';
import { now, num, numOrNull } from './rows';

export interface StoredAudio {
	id: number;
	sha256: string;
	file_name: string | null;
	content_type: string;
	format: string;
	bitrate_kbps: number | null;
	size: number;
	created_at: string;
}

/**
 * Voicemail recordings kept in the workspace, so Twilio can play them and people can listen again
 * from the output or the conversation. The same file is kept once.
 */
export class VoicemailAudio {
	constructor(private readonly db: SqlDatabase) {}

	async save(
		bytes: Buffer,
		meta: {
			file_name: string | null;
			content_type: string;
			format: string;
			bitrate_kbps: number | null;
		},
	): Promise<StoredAudio> {
		const sha256 = createHash('sha256').update(bytes).digest('hex');
		await this.db.run(
			`INSERT INTO voicemail_audio (sha256, file_name, content_type, format, bitrate_kbps, size, data, created_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING`,
			[
				sha256,
				meta.file_name,
				meta.content_type,
				meta.format,
				meta.bitrate_kbps,
				bytes.length,
				bytes.toString('base64'),
				now(),
			],
		);
		const row = await this.db.get(
			'SELECT id, sha256, file_name, content_type, format, bitrate_kbps, size, created_at FROM voicemail_audio WHERE sha256 = ?',
			[sha256],
		);
		return {
			...(row as unknown as StoredAudio),
			id: num(row!.id),
			size: num(row!.size),
			bitrate_kbps: numOrNull(row!.bitrate_kbps),
		};
	}

	async read(id: number): Promise<{ content_type: string; bytes: Buffer } | undefined> {
		const row = await this.db.get<{ content_type: string; data: string }>(
			'SELECT content_type, data FROM voicemail_audio WHERE id = ?',
			[id],
		);
		return row && { content_type: row.content_type, bytes: Buffer.from(row.data, 'base64') };
	}
}
