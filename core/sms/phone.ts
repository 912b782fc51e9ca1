/**
 * Numbers are sent as E.164 (+ and the country code, up to 15 digits). Spaces, dashes, dots and
 * brackets are tolerated and dropped; a leading 00 is read as +.
 */
export function toE164(raw: unknown): { number?: string; problem?: string } {
	if (raw === undefined || raw === null || String(raw).trim() === '') return { problem: 'is empty' };
	const text = String(raw).trim();
	if (/[^\d+\s().-]/.test(text)) return { problem: 'has characters that are not digits' };
	let compact = text.replace(/[\s().-]/g, '');
	if (compact.startsWith('00')) compact = `+${compact.slice(2)}`;
	if (!compact.startsWith('+')) return { problem: 'needs a + and the country code, such as +15551234567' };
	if (!/^\+[1-9]\d{6,14}$/.test(compact)) return { problem: 'is not an E.164 number (+ then 7 to 15 digits, not starting with 0)' };
	return { number: compact };
}
