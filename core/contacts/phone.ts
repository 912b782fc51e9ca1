import {
	isSupportedCountry,
	parsePhoneNumberWithError,
	ParseError,
	type CountryCode,
} from 'libphonenumber-js/max';

/** What the numbering plan says a number is, where its metadata knows. */
export type NumberType =
	'mobile' | 'fixed_line' | 'fixed_line_or_mobile' | 'toll_free' | 'voip' | 'other';

export interface ParsedPhone {
	/** E.164: + and the country code, up to 15 digits. */
	number?: string;
	problem?: string;
	/** Known for numbers the metadata recognises (not for fictional ranges such as 555 numbers). */
	type?: NumberType;
}

const PARSE_PROBLEMS: Record<string, string> = {
	INVALID_COUNTRY: 'has a country code no country uses',
	NOT_A_NUMBER: 'is not a phone number',
	TOO_SHORT: 'is too short to be a phone number',
	TOO_LONG: 'is too long to be a phone number',
	INVALID_LENGTH: 'has the wrong number of digits for its country',
};

const TYPES: Record<string, NumberType> = {
	MOBILE: 'mobile',
	FIXED_LINE: 'fixed_line',
	FIXED_LINE_OR_MOBILE: 'fixed_line_or_mobile',
	TOLL_FREE: 'toll_free',
	VOIP: 'voip',
};

export function isCountryCode(code: string): boolean {
	return isSupportedCountry(code.toUpperCase());
}

/**
 * Reads a number with libphonenumber's full metadata. Spaces, dashes, dots and brackets are fine; a
 * leading 00 is read as +; a national number such as (555) 123-4567 takes the workspace's Default
 * Country. A number whose length no number of its country has is refused with the reason.
 */
export function toE164(raw: unknown, defaultCountry?: string): ParsedPhone {
	if (raw === undefined || raw === null || String(raw).trim() === '')
		return { problem: 'is empty' };
	const text = String(raw).trim();
	if (/[^\d+\s().-]/.test(text)) return { problem: 'has characters that are not digits' };
	let compact = text.replace(/[\s().-]/g, '');
	if (compact.startsWith('00')) compact = `+${compact.slice(2)}`;
	const country =
		defaultCountry && isCountryCode(defaultCountry)
			? (defaultCountry.toUpperCase() as CountryCode)
			: undefined;
	if (!compact.startsWith('+') && !country)
		return { problem: 'needs a + and the country code, such as +15551234567' };
	if (compact.startsWith('+') && !/^\+[1-9]\d{6,14}$/.test(compact)) {
		return { problem: 'is not an E.164 number (+ then 7 to 15 digits, not starting with 0)' };
	}
	let parsed;
	try {
		parsed = parsePhoneNumberWithError(compact, country);
	} catch (error) {
		if (error instanceof ParseError)
			return {
				problem: PARSE_PROBLEMS[error.message] ?? `is not a phone number (${error.message})`,
			};
		throw error;
	}
	if (!parsed.isPossible())
		return {
			problem: `has the wrong number of digits for ${parsed.country ?? `country code +${parsed.countryCallingCode}`}`,
		};
	const type = parsed.isValid() ? (TYPES[parsed.getType() ?? ''] ?? 'other') : undefined;
	return type ? { number: parsed.number, type } : { number: parsed.number };
}
