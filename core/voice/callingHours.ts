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
export function contactTimeZone(fromItem: Record<string, unknown>, contact: Contact | undefined, workspaceZone: string): string {
	const candidates = [fromItem.timezone, fromItem.time_zone, contact?.custom_fields.timezone, contact?.custom_fields.time_zone];
	const known = candidates.find((z): z is string => typeof z === 'string' && z.trim() !== '' && isValidTimeZone(z.trim()));
	return known?.trim() ?? workspaceZone;
}

export function checkCallingHours(now: Date, timeZone: string): CallingHoursCheck {
	const parts = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
	const hour = Number(parts.find((p) => p.type === 'hour')!.value);
	const localTime = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }).format(now);
	const open = hour >= WINDOW.opens && hour < WINDOW.closes;
	return {
		open,
		timeZone,
		localTime,
		...(open ? {} : { reason: `Outside calling hours (8 AM to 9 PM): it is ${localTime} for the contact (${timeZone})` }),
	};
}
