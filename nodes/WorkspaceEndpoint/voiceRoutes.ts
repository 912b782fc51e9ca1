import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { endpointUrls } from '../../core/links/endpointUrls';
import { handleVoiceRequest } from '../../core/voice/callFlow';
import type { VoiceRoute } from '../../core/voice/urls';
import type { WorkspaceStore } from '../../core/store';
import { readAudioToken } from '../../core/voice/voicemailAudioLink';
import { createTwilioVoice, type TwilioConfig } from '../../providers/twilio';
import { resumePost } from '../shared/transport/resume';

export const AUDIO_PATH = 'voicemail/audio';

/**
 * A voicemail recording, for Twilio's <Play> and for listening again: the link's HMAC proves the
 * workspace made it, since Twilio does not sign the requests it makes for media.
 */
export async function serveAudio(
	ctx: IWebhookFunctions,
	store: WorkspaceStore,
): Promise<IWebhookResponseData> {
	const res = ctx.getResponseObject();
	const id = readAudioToken(
		await store.settings.secret(),
		String(ctx.getRequestObject().query.a ?? ''),
	);
	const audio = id === undefined ? undefined : await store.voicemailAudio.read(id);
	if (!audio) {
		res.status(404).type('text/plain').send('This recording is not available.');
		return { noWebhookResponse: true };
	}
	res
		.status(200)
		.set({ 'Content-Type': audio.content_type, 'Cache-Control': 'private, max-age=3600' })
		.send(audio.bytes);
	return { noWebhookResponse: true };
}

const VOICE_ROUTES: VoiceRoute[] = ['user', 'connect', 'contact', 'drop', 'status'];

export const voiceWebhookPaths = VOICE_ROUTES.map((route) => `twilio/voice/${route}`);

/** The voice route a request is for, when it is one. */
export function voiceRoute(path: string): VoiceRoute | undefined {
	const match = /\/twilio\/voice\/(user|connect|contact|drop|status)\/?$/.exec(path);
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
			resume: resumePost(ctx),
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
