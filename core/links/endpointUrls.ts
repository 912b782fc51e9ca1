import type { WorkspaceStore } from '../store';

/** Where the workspace endpoint listens, as its trigger registered it when its workflow was published. */
export interface EndpointRegistration {
	path: string;
	/** The Company Name of the workspace credential, which the agency view lists the clinic by. */
	name?: string;
}

export const ENDPOINT_SETTING = 'endpoint';

export interface EndpointUrls {
	status: string;
	inbound: string;
	click: string;
	inbox: string;
	/** The base of the voice routes: TwiML for each leg, and call status callbacks. */
	voice: string;
	/** Voicemail recordings, for Twilio's <Play> and for listening again. */
	audio: string;
}

/**
 * The public URLs of the endpoint's routes, or undefined when no endpoint is active or the
 * workspace has no public base URL: then texts go out without status callbacks and tracked links.
 */
export async function endpointUrls(
	store: WorkspaceStore,
	publicBaseUrl: string,
): Promise<EndpointUrls | undefined> {
	const base = await endpointBase(store, publicBaseUrl);
	if (!base) return undefined;
	return {
		status: `${base}/twilio/status`,
		inbound: `${base}/twilio/inbound`,
		click: `${base}/c`,
		inbox: `${base}/inbox`,
		voice: `${base}/twilio/voice`,
		audio: `${base}/voicemail/audio`,
	};
}

/** The public URL every route of the active endpoint starts with, or undefined (see endpointUrls). */
export async function endpointBase(
	store: WorkspaceStore,
	publicBaseUrl: string,
): Promise<string | undefined> {
	const registration = await store.settings.get<EndpointRegistration | null>(
		ENDPOINT_SETTING,
		null,
	);
	if (!registration || !publicBaseUrl) return undefined;
	return `${publicBaseUrl.replace(/\/+$/, '')}/webhook/${registration.path}`;
}
