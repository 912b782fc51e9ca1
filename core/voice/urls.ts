import type { EndpointUrls } from '../links/endpointUrls';

export type VoiceRoute = 'user' | 'connect' | 'contact' | 'drop' | 'status';

/**
 * A voice route of the workspace endpoint for one call. Twilio signs the whole URL, query included,
 * so the call id cannot be changed by whoever sees it.
 */
export function voiceUrl(
	urls: Pick<EndpointUrls, 'voice'>,
	route: VoiceRoute,
	callId: number,
	leg?: 'user' | 'contact',
): string {
	return `${urls.voice}/${route}?call=${callId}${leg ? `&leg=${leg}` : ''}`;
}
