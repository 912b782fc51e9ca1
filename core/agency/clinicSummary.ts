import { ENDPOINT_SETTING, type EndpointRegistration } from '../links/endpointUrls';
import { complaintRate, type ComplaintRate } from '../statistics/complaintRate';
import type { WorkspaceStore } from '../store';
import { EMAIL_STATISTICS, SMS_STATISTICS } from '../store/deliveryEvents';

/** What an agency checks each morning about one clinic. */
export interface ClinicSummary {
	/** The clinic's name as its endpoint registered it, or its schema's name. */
	name: string;
	schema: string;
	/** The path of the clinic's Workspace Endpoint, or undefined when none is published. */
	endpointPath?: string;
	emailsSent: number;
	/** The nine Email Delivery Statistics over the period. */
	email: Record<(typeof EMAIL_STATISTICS)[number], number>;
	texts: { delivered: number; failed: number };
	callsConnected: number;
	manualTasksWaiting: number;
	complaints: ComplaintRate;
}

/**
 * One clinic's figures since `since` (manual tasks waiting and the complaint rate as of `at`), read
 * from its own store only: the agency view never joins one clinic's rows with another's.
 */
export async function clinicSummary(
	store: WorkspaceStore,
	schema: string,
	since: string,
	at: Date,
): Promise<ClinicSummary> {
	const registration = await store.settings.get<EndpointRegistration | null>(
		ENDPOINT_SETTING,
		null,
	);
	const email = await store.deliveryEvents.channelCounts('email', EMAIL_STATISTICS, since);
	const sms = await store.deliveryEvents.channelCounts('sms', SMS_STATISTICS, since);
	return {
		name: registration?.name || schema,
		schema,
		endpointPath: registration?.path,
		emailsSent: await store.deliveries.sentCount('email', since),
		email: email as ClinicSummary['email'],
		texts: { delivered: sms.delivered, failed: sms.failed },
		callsConnected: await store.conversations.connectedCalls(since),
		manualTasksWaiting: await store.manualTasks.pendingCount(),
		complaints: await complaintRate(store, at),
	};
}
