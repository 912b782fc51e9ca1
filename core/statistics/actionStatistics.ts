import type { WorkspaceStore } from '../store';
import { EMAIL_STATISTICS, SMS_STATISTICS, type RecipientDetail } from '../store/deliveryEvents';

export interface ActionStatistics {
	workflow_id: string;
	action_name: string;
	channel: string | null;
	/** The statistics the action's channel has (the spec's nine for email; Delivered, Clicked, Failed for SMS). */
	counts: Record<string, number>;
}

/** The statistic names of a channel; other actions keep their counts per status. */
export function statisticsOf(channel: string | undefined): readonly string[] | undefined {
	return channel === 'email' ? EMAIL_STATISTICS : channel === 'sms' ? SMS_STATISTICS : undefined;
}

/** An action's statistics by the name users see on it: a renamed action starts a new count. */
export async function actionStatistics(
	store: WorkspaceStore,
	workflowId: string,
	actionName: string,
): Promise<ActionStatistics> {
	const selector = { workflowId, actionName };
	const channel = await store.deliveryEvents.channelOf(selector);
	const names = statisticsOf(channel);
	const byStatus = await store.deliveries.statisticsByActionName(workflowId, actionName);
	const counts = names ? await store.deliveryEvents.counts(selector, names) : byStatus;
	return { workflow_id: workflowId, action_name: actionName, channel: channel ?? null, counts };
}

/** The recipients behind one statistic (or every send), a page at a time, each with its events' time and reason. */
export function actionRecipients(
	store: WorkspaceStore,
	workflowId: string,
	actionName: string,
	options: { statistic?: string; limit: number; offset: number },
): Promise<RecipientDetail[]> {
	return store.deliveryEvents.recipients({ workflowId, actionName }, options);
}
