import { ActionError } from '../run/errors';

export interface AudioCheck {
	format: 'mp3' | 'wav';
	contentType: 'audio/mpeg' | 'audio/wav';
	/** MP3 only: the first frame's bitrate. */
	bitrateKbps?: number;
	warnings: string[];
}

/** The CRM's advice for files that will not play: 64 kbps MP3 or lower. */
export const MAX_ADVISED_KBPS = 64;
export const MAX_AUDIO_BYTES = 10 * 1024 * 1024;

const MPEG1_LAYER3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MPEG2_LAYER3 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

/** Skips an ID3v2 tag (10-byte header, then a sync-safe size) to the first MPEG frame. */
function firstFrameOffset(bytes: Buffer): number {
	if (bytes.length >= 10 && bytes.toString('latin1', 0, 3) === 'ID3') {
		const size =
			((bytes[6] & 0x7f) << 21) |
			((bytes[7] & 0x7f) << 14) |
			((bytes[8] & 0x7f) << 7) |
			(bytes[9] & 0x7f);
		return 10 + size + (bytes[5] & 0x10 ? 10 : 0);
	}
	return 0;
}

/** The bitrate of an MPEG audio layer III frame header at `offset`, or undefined if none is there. */
function mp3Bitrate(bytes: Buffer, offset: number): number | undefined {
	if (offset + 4 > bytes.length || bytes[offset] !== 0xff || (bytes[offset + 1] & 0xe0) !== 0xe0)
		return undefined;
	const version = (bytes[offset + 1] >> 3) & 0x03; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
	const layer = (bytes[offset + 1] >> 1) & 0x03; // 1 = layer III
	const index = bytes[offset + 2] >> 4;
	if (version === 1 || layer !== 1 || index === 0 || index === 15) return undefined;
	return (version === 3 ? MPEG1_LAYER3 : MPEG2_LAYER3)[index];
}

/**
 * Checks a voicemail file before any call: MP3 or WAV by its bytes (not its name), within 10 MB,
 * with a warning when an MP3 is above the 64 kbps the CRM advises.
 */
export function checkAudio(bytes: Buffer, field: string): AudioCheck {
	if (bytes.length === 0) throw new ActionError(field, 'The audio file is empty');
	if (bytes.length > MAX_AUDIO_BYTES)
		throw new ActionError(
			field,
			`The audio file is ${(bytes.length / 1048576).toFixed(1)} MB; voicemails are limited to 10 MB`,
		);
	if (
		bytes.length >= 12 &&
		bytes.toString('latin1', 0, 4) === 'RIFF' &&
		bytes.toString('latin1', 8, 12) === 'WAVE'
	) {
		return { format: 'wav', contentType: 'audio/wav', warnings: [] };
	}
	const bitrate = mp3Bitrate(bytes, firstFrameOffset(bytes));
	if (bitrate === undefined) {
		throw new ActionError(
			field,
			'The audio file is not an MP3 or WAV',
			'Convert it to a 64 kbps MP3 (lower is better) and try again.',
		);
	}
	const warnings =
		bitrate > MAX_ADVISED_KBPS
			? [
					`The MP3 is ${bitrate} kbps; if it does not play, convert it to a 64 kbps MP3 (lower bitrates are better).`,
				]
			: [];
	return { format: 'mp3', contentType: 'audio/mpeg', bitrateKbps: bitrate, warnings };
}
