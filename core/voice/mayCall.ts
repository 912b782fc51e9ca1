import type { ActionRun } from '../run/actionRun';
import { ActionError } from '../run/errors';
import { endpointUrls, type EndpointUrls } from '../links/endpointUrls';
import { stopIfResponded } from '../run/stopOnResponse';
import { isDnd } from '../store';
import type { Contact } from '../store/types';
import {
	checkCallingHours,
	contactTimeZone,
	windowOpensAt,
	type CallingHoursMode,
} from '../run/callingHours';
import { callingHoursNow } from '../run/clock';
import type { CallStart } from './startCall';

export interface CallChecks {
	stopOnResponse: boolean;
	/** When the workflow's run began (ISO-8601): responses from then on stop it. */
	runStartedAt: string;
	callingHours: CallingHoursMode;
}

/**
 * What every call to a contact checks first, in the spec's order of precedence: Do Not Disturb for
 * calls, Stop on Response, then Calling Hours. Undefined when the call may go ahead.
 */
export async function callBlocked(
	run: ActionRun,
	given: Record<string, unknown>,
	contact: Contact,
	checks: CallChecks,
): Promise<Exclude<CallStart, { kind: 'placed' }> | undefined> {
	const skipped = (reason: string, extra: Record<string, unknown> = {}) =>
		({
			kind: 'skipped',
			result: {
				action_name: run.identity.actionName,
				status: 'skipped',
				reason,
				contact_id: contact.id,
				...extra,
			},
		}) as const;
	if (isDnd(contact, 'calls')) return skipped('The contact is in Do Not Disturb for calls');
	if (checks.stopOnResponse) {
		const reason = await stopIfResponded(run, contact.id, checks.runStartedAt);
		if (reason) return { kind: 'stopped', reason };
	}
	if (checks.callingHours !== 'off') {
		const now = callingHoursNow();
		const hours = checkCallingHours(
			now,
			contactTimeZone(given, contact, run.workspace.company.time_zone),
		);
		const where = { time_zone: hours.timeZone, local_time: hours.localTime };
		if (!hours.open && checks.callingHours === 'wait') {
			return {
				kind: 'deferred',
				opensAt: windowOpensAt(now, hours.timeZone).toISOString(),
				contactId: contact.id,
				callingHours: where,
			};
		}
		if (!hours.open)
			return skipped(hours.reason ?? 'Outside calling hours', { calling_hours: where });
	}
	return undefined;
}

/**
 * The workspace endpoint's voice URLs: Twilio fetches each leg's TwiML there and reports the call's
 * progress there, so no call is placed without them.
 */
export async function voiceEndpoint(
	run: ActionRun,
	what: string,
	why: string,
): Promise<EndpointUrls> {
	const urls = await run.once('endpoint', () =>
		endpointUrls(run.store, run.workspace.publicBaseUrl),
	);
	if (!urls) {
		throw new ActionError(
			'Workspace Endpoint',
			`${what} need the Aesthetix Workspace Endpoint workflow published and the workspace credential's Public Base URL set`,
			why,
		);
	}
	return urls;
}
