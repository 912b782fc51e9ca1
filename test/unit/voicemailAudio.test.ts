import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkAudio } from '../../core/voice/voicemailAudio';
import { audioToken, readAudioToken } from '../../core/voice/voicemailAudioLink';

const fixture = (name: string) => readFileSync(join(__dirname, '../support/audio', name));

describe('the voicemail file check', () => {
	it('accepts a 64 kbps MP3 (after its ID3 tag) without a warning', () => {
		expect(checkAudio(fixture('reschedule-64k.mp3'), 'Upload File')).toEqual({
			format: 'mp3',
			contentType: 'audio/mpeg',
			bitrateKbps: 64,
			warnings: [],
		});
	});

	it('warns about an MP3 above 64 kbps, as the spec advises', () => {
		expect(checkAudio(fixture('reschedule-128k.mp3'), 'Upload File')).toMatchObject({
			bitrateKbps: 128,
			warnings: [
				'The MP3 is 128 kbps; if it does not play, convert it to a 64 kbps MP3 (lower bitrates are better).',
			],
		});
	});

	it('accepts a WAV', () => {
		expect(checkAudio(fixture('reschedule.wav'), 'Upload File')).toEqual({
			format: 'wav',
			contentType: 'audio/wav',
			warnings: [],
		});
	});

	it('refuses anything else, naming the field', () => {
		expect(() => checkAudio(Buffer.from('%PDF-1.7 not audio'), 'Audio URL')).toThrow(
			expect.objectContaining({
				field: 'Audio URL',
				message: 'The audio file is not an MP3 or WAV',
			}),
		);
		expect(() => checkAudio(Buffer.alloc(0), 'Upload File')).toThrow('The audio file is empty');
	});
});

describe('the recording link', () => {
	it('names the recording and proves the workspace made it', () => {
		const token = audioToken('secret', 42);
		expect(readAudioToken('secret', token)).toBe(42);
		expect(readAudioToken('other secret', token)).toBeUndefined();
		expect(readAudioToken('secret', token.replace(/^[0-9a-z]+/, '2a'))).toBeUndefined();
	});
});
