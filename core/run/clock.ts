import { readFileSync } from 'node:fs';

/**
 * The time Calling Hours decides by. It is the real time, unless AESTHETIX_CLOCK_FILE names a file
 * holding an ISO-8601 instant: then that instant is the time while the file exists. Tests use it to
 * reach the moment a contact's window opens without waiting for it; every process (main, webhook,
 * worker) must see the same file. Nothing else in the package reads it.
 */
export function callingHoursNow(): Date {
	const file = process.env.AESTHETIX_CLOCK_FILE;
	if (!file) return new Date();
	let text: string;
	try {
		text = readFileSync(file, 'utf8').trim();
	} catch {
		return new Date();
	}
	const at = new Date(text);
	return Number.isNaN(at.getTime()) ? new Date() : at;
}
