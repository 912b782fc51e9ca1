import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { endpointUrls } from '../../core/endpoint/urls';
import { handleVoiceRequest } from '../../core/voice/callFlow';
import type { VoiceRoute } from '../../core/voice/urls';
import type { WorkspaceStore } from '../../core/store';
import { createTwilioVoice, type TwilioConfig } from '../../providers/twilio';

const VOICE_ROUTES: VoiceRoute[] = ['user', 'connect', 'contact', 'status'];

export const voiceWebhookPaths = VOICE_ROUTES.map((route) => `twilio/voice/${route}`);

/** The voice route a request is for, when it is one. */
export function voiceRoute(path: string): VoiceRoute | undefined {
	const match = /\/twilio\/voice\/(user|connect|contact|status)\/?$/.exec(path);
	return match ? (match[1] as VoiceRoute) : undefined;
}

/**
 * Twilio's requests about a Call action's legs, already checked for Twilio's signature: TwiML for
 * each leg, and status callbacks that finish the call and resume its workflow.
 */
export async function serveVoice(
	ctx: IWebhookFunctions,
	route: VoiceRoute,
	store: WorkspaceStore,
	twilio: TwilioConfig,
	publicBaseUrl: string,
): Promise<IWebhookResponseData> {
	const res = ctx.getResponseObject();
	const urls = await endpointUrls(store, publicBaseUrl);
	if (!urls) {
		res.status(503).type('text/plain').send('The workspace endpoint has no public URL');
		return { noWebhookResponse: true };
	}
	const twiml = await handleVoiceRequest(
		{
			store,
			voice: createTwilioVoice(twilio),
			urls,
			resume: async (url, body) => {
				await ctx.helpers.httpRequest({ method: 'POST', url, body: body as IDataObject, json: true });
			},
			log: (message) => ctx.logger.warn(message),
		},
		route,
		ctx.getRequestObject().query as { call?: unknown; leg?: unknown },
		ctx.getBodyData() as Record<string, string>,
	);
	if (twiml === undefined) res.status(204).end();
	else res.status(200).type('text/xml').send(twiml);
	return { noWebhookResponse: true };
}
