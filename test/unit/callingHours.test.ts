import {
	callingHoursMode,
	checkCallingHours,
	contactTimeZone,
	windowOpensAt,
} from '../../core/run/callingHours';
import type { Contact } from '../../core/store/types';

describe('Calling Hours', () => {
	it.each([
		['2026-12-01T12:59:00Z', 'America/New_York', false, '7:59 AM'],
		['2026-12-01T13:00:00Z', 'America/New_York', true, '8:00 AM'],
		['2026-12-02T01:59:00Z', 'America/New_York', true, '8:59 PM'],
		['2026-12-02T02:00:00Z', 'America/New_York', false, '9:00 PM'],
		['2026-12-02T02:00:00Z', 'America/Los_Angeles', true, '6:00 PM'],
	])('at %s in %s the window is open: %s (%s)', (at, zone, open, localTime) => {
		const check = checkCallingHours(new Date(at), zone);
		expect(check).toMatchObject({ open, localTime, timeZone: zone });
		if (!open)
			expect(check.reason).toBe(
				`Outside calling hours (8 AM to 9 PM): it is ${localTime} for the contact (${zone})`,
			);
	});

	it("uses the contact's time zone when known, else the workspace's", () => {
		const stored = { custom_fields: { timezone: 'Europe/Paris' } } as unknown as Contact;
		expect(contactTimeZone({ timezone: 'America/Denver' }, stored, 'America/New_York')).toBe(
			'America/Denver',
		);
		expect(contactTimeZone({}, stored, 'America/New_York')).toBe('Europe/Paris');
		expect(contactTimeZone({ timezone: 'Mars/Base' }, undefined, 'America/New_York')).toBe(
			'America/New_York',
		);
	});
});

describe('when the calling window opens', () => {
	it.each([
		['2026-12-01T07:30:00Z', 'America/New_York', '2026-12-01T13:00:00.000Z'],
		['2026-12-01T12:59:59Z', 'America/New_York', '2026-12-01T13:00:00.000Z'],
		['2026-12-02T02:00:00Z', 'America/New_York', '2026-12-02T13:00:00.000Z'],
		// 8 AM in Kathmandu (UTC+5:45) falls on a quarter hour.
		['2026-12-01T00:00:00Z', 'Asia/Kathmandu', '2026-12-01T02:15:00.000Z'],
		// The night daylight saving starts: 8 AM is then UTC-4.
		['2026-03-08T05:00:00Z', 'America/New_York', '2026-03-08T12:00:00.000Z'],
	])('at %s in %s it opens at %s', (now, zone, opens) => {
		expect(windowOpensAt(new Date(now), zone).toISOString()).toBe(opens);
	});
});

describe('the Calling Hours choice', () => {
	it('reads a switch saved by version 1 as skip (on) or off, and keeps the three choices', () => {
		expect(callingHoursMode(true, 'wait')).toBe('skip');
		expect(callingHoursMode(false, 'wait')).toBe('off');
		expect(callingHoursMode('wait', 'off')).toBe('wait');
		expect(callingHoursMode('skip', 'off')).toBe('skip');
		expect(callingHoursMode(undefined, 'off')).toBe('off');
	});
});
