import { isValidTimeZone } from '../merge';
import type { Contact } from '../store/types';

/**
 * US telemarketing rules forbid calls before 8 am and after 9 pm at the called party's location,
 * and regulators treat a ringless voicemail as a call.
 */
export const WINDOW = { opens: 8, closes: 21 };

export interface CallingHoursCheck {
	open: boolean;
	timeZone: string;
	/** The called party's local time, such as "6:42 AM". */
	localTime: string;
	/** Why the item was skipped, when the window is closed. */
	reason?: string;
}

/** The contact's time zone when the trigger or the record knows it, else the workspace's. */
export function contactTimeZone(
	fromItem: Record<string, unknown>,
	contact: Contact | undefined,
	workspaceZone: string,
): string {
	const candidates = [
		fromItem.timezone,
		fromItem.time_zone,
		contact?.custom_fields.timezone,
		contact?.custom_fields.time_zone,
	];
	const known = candidates.find(
		(z): z is string => typeof z === 'string' && z.trim() !== '' && isValidTimeZone(z.trim()),
	);
	return known?.trim() ?? workspaceZone;
}

export function checkCallingHours(now: Date, timeZone: string): CallingHoursCheck {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hour: 'numeric',
		minute: '2-digit',
		hourCycle: 'h23',
	}).formatToParts(now);
	const hour = Number(parts.find((p) => p.type === 'hour')!.value);
	const localTime = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hour: 'numeric',
		minute: '2-digit',
	}).format(now);
	const open = hour >= WINDOW.opens && hour < WINDOW.closes;
	return {
		open,
		timeZone,
		localTime,
		...(open
			? {}
			: {
					reason: `Outside calling hours (8 AM to 9 PM): it is ${localTime} for the contact (${timeZone})`,
				}),
	};
}

/**
 * What Calling Hours does with a contact outside the window: wait for it to open (the item is kept
 * in the workspace and sent then), skip the contact with the reason, or nothing (`off`).
 */
export type CallingHoursMode = 'wait' | 'skip' | 'off';

/**
 * Workflows saved before the option had three choices hold a switch: on meant skip the contact.
 * Anything else unknown falls back to the action's default.
 */
export function callingHoursMode(value: unknown, fallback: CallingHoursMode): CallingHoursMode {
	if (value === true) return 'skip';
	if (value === false) return 'off';
	return value === 'wait' || value === 'skip' || value === 'off' ? value : fallback;
}

/** Every time zone's offset is a whole number of quarter hours, so the window opens on one. */
const QUARTER_HOUR_MS = 15 * 60_000;

/** The next moment the window opens for the contact (8 AM their time), daylight saving included. */
export function windowOpensAt(now: Date, timeZone: string): Date {
	let at = Math.ceil(now.getTime() / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
	// Two days of quarter hours is more than any gap between two 8 AMs, even across a date-line change.
	for (let i = 0; i < 2 * 24 * 4; i++, at += QUARTER_HOUR_MS) {
		if (at > now.getTime() && checkCallingHours(new Date(at), timeZone).open) return new Date(at);
	}
	throw new Error(`No opening of the calling window found in ${timeZone}`);
}
