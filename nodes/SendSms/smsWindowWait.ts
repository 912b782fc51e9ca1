import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import type { ActionRun } from '../../core/run/actionRun';
import { ActionError } from '../../core/run/errors';
import { sendSms, type SendSmsInput, type SendSmsResult } from '../../core/sms/sendSms';
import { takeItemOutputs, type ItemStep } from '../../core/run/waitForWindow';
import { endpointUrls } from '../../core/links/endpointUrls';
import { createTwilioMessaging } from '../../providers/twilio';
import { twilioConfig } from '../shared/transport/twilio';
import { wokenItemsWebhook } from '../shared/waiting/windowWait';
import { TWILIO_CREDENTIAL } from '../shared/transport/credentials';

/** What sending one text came to, in the terms of the waiting skeleton. */
export function textStep(result: SendSmsResult): ItemStep {
	if (result.status === 'stopped') return { kind: 'stopped', reason: result.reason! };
	if (result.status === 'waiting') {
		const late = {
			status: 'not_sent_in_time',
			opens_at: result.opens_at ?? null,
			contact_id: result.contact_id ?? null,
		};
		return {
			kind: 'waiting',
			opensAt: result.opens_at!,
			contactId: result.contact_id ?? null,
			result: result as unknown as Record<string, unknown>,
			late,
		};
	}
	return { kind: 'result', result: result as unknown as Record<string, unknown> };
}

/** A text can wait only if something will wake it: the endpoint wakes the waiting texts when the window opens. */
export async function requireWaker(run: ActionRun): Promise<void> {
	if (await run.once('endpoint', () => endpointUrls(run.store, run.workspace.publicBaseUrl)))
		return;
	throw new ActionError(
		'Calling Hours',
		"Waiting until the window opens needs the Aesthetix Workspace Endpoint workflow published and the workspace credential's Public Base URL set",
		'The endpoint wakes the waiting texts when the window opens. Publish it, or choose Skip With the Reason.',
	);
}

/**
 * The resume webhook: the workspace endpoint names the texts whose window opened, and each is sent
 * now (see wokenItemsWebhook). Send SMS resumes for nothing else.
 */
export async function sendWokenTexts(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const wake = (this.getBodyData() as { wake?: unknown } | undefined)?.wake;
	if (!Array.isArray(wake)) {
		this.getResponseObject().status(409).json({
			resumed: false,
			error: 'Send SMS resumes only to send the texts whose calling window opened',
		});
		return { noWebhookResponse: true };
	}
	return wokenItemsWebhook(this, wake, {
		key: 'sms',
		async open(ctx, run) {
			const transport = createTwilioMessaging(
				twilioConfig(await ctx.getCredentials(TWILIO_CREDENTIAL)),
			);
			return async (row) =>
				textStep(
					await sendSms(
						run,
						transport,
						row.input as unknown as SendSmsInput,
						row.item_index,
						row.item,
					),
				);
		},
		settle: (ctx, store) => () =>
			takeItemOutputs(store, String(ctx.getExecutionId()), ctx.getNode().id),
	});
}
