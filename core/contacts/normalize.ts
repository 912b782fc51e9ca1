/** Contacts and team users are matched on these forms, so "Jane@Spa.com " and "jane@spa.com" are one person. */
export function normalizeEmail(email: unknown): string | null {
	if (typeof email !== 'string') return null;
	const trimmed = email.trim().toLowerCase();
	return trimmed === '' ? null : trimmed;
}

/** Keeps a leading + and the digits; formatting such as spaces, dots and brackets is dropped. */
export function normalizePhone(phone: unknown): string | null {
	if (typeof phone !== 'string' && typeof phone !== 'number') return null;
	const text = String(phone).trim();
	const digits = text.replace(/[^\d]/g, '');
	if (digits === '') return null;
	return text.startsWith('+') ? `+${digits}` : digits;
}
