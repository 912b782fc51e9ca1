/**
 * Appointment times arrive from triggers as ISO timestamps; merge fields show them the way a
 * patient reads them, in the appointment's or the workspace's time zone.
 */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T|\s)\d{2}:\d{2}/;

function parseTimestamp(value: unknown): Date | null {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
	if (typeof value !== 'string' || !ISO_DATE.test(value.trim())) return null;
	const date = new Date(value.trim());
	return Number.isNaN(date.getTime()) ? null : date;
}

// Building a formatter costs far more than using one, and every item of a run needs the same few.
const formatters = new WeakMap<Intl.DateTimeFormatOptions, Map<string, Intl.DateTimeFormat>>();

function format(date: Date, timeZone: string, options: Intl.DateTimeFormatOptions): string {
	let byZone = formatters.get(options);
	if (!byZone) formatters.set(options, (byZone = new Map()));
	let formatter = byZone.get(timeZone);
	if (!formatter)
		byZone.set(timeZone, (formatter = new Intl.DateTimeFormat('en-US', { timeZone, ...options })));
	return formatter.format(date);
}

const DATE: Intl.DateTimeFormatOptions = {
	weekday: 'long',
	year: 'numeric',
	month: 'long',
	day: 'numeric',
};
const TIME: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };

// Asked for every node run and every item's appointment, of the same few zones; building the
// formatter that answers is most of a node run's own CPU otherwise. Bounded: zones come from input.
const zoneValidity = new Map<string, boolean>();
const ZONES_REMEMBERED = 1_000;

export function isValidTimeZone(timeZone: string): boolean {
	const known = zoneValidity.get(timeZone);
	if (known !== undefined) return known;
	let valid: boolean;
	try {
		new Intl.DateTimeFormat('en-US', { timeZone });
		valid = true;
	} catch {
		valid = false;
	}
	if (zoneValidity.size >= ZONES_REMEMBERED) zoneValidity.clear();
	zoneValidity.set(timeZone, valid);
	return valid;
}

/**
 * Adds the CRM's appointment custom values: `start_time` ("Tuesday, December 1, 2026 at 10:00 AM"),
 * `only_start_date`, `only_start_time` and their `end` counterparts. Values the trigger already
 * formatted are kept as they are.
 */
export function withAppointmentDates(
	appointment: Record<string, unknown>,
	fallbackTimeZone: string,
): Record<string, unknown> {
	const zone =
		typeof appointment.timezone === 'string' && isValidTimeZone(appointment.timezone)
			? appointment.timezone
			: fallbackTimeZone;
	const result: Record<string, unknown> = { ...appointment };
	for (const edge of ['start', 'end'] as const) {
		const raw = appointment[`${edge}_time`];
		const date = parseTimestamp(raw);
		if (!date) continue;
		const day = format(date, zone, DATE);
		const time = format(date, zone, TIME);
		result[`${edge}_time_iso`] = date.toISOString();
		result[`${edge}_time`] = `${day} at ${time}`;
		result[`only_${edge}_date`] ??= day;
		result[`only_${edge}_time`] ??= time;
	}
	return result;
}
