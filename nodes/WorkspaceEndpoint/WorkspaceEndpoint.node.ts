import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { toNodeError } from '../shared/execution/errors';
import { sweepNowAndThen } from '../../core/manualActions/resumeWorkflow';
import { signedCallbackUrl } from '../../core/endpoint/signedUrl';
import { ENDPOINT_SETTING, type EndpointRegistration } from '../../core/links/endpointUrls';
import {
	followTrackedLink,
	recordInboundText,
	recordMessageStatus,
	twilioReplayKey,
	type WorkspaceEvent,
} from '../../core/endpoint/twilioEvents';
import { FORM_COOKIE, handleInbox, INBOX_PAGES, SESSION_COOKIE } from '../../core/inbox/router';
import { pageHeaders } from '../../core/inbox/pageHeaders';
import { createTwilioMessaging, isSignedByTwilio } from '../../providers/twilio';
import { EMAIL_ROUTES, handleEmailRoute, testEmailEventsCredential } from './emailRoutes';
import { aiModelConfig } from '../shared/transport/aiModel';
import { smtpConfig, testSmtpCredential } from '../shared/transport/smtp';
import { twilioConfig, testTwilioCredential } from '../shared/transport/twilio';
import { createSmtpTransport } from '../../providers/smtp';
import { openStore, type WorkspaceStore } from '../../core/store';
import {
	storeConfig,
	testWorkspaceCredential,
	workspaceSettings,
	workspaceStore,
} from '../shared/transport/workspace';
import { openWorkspace } from '../shared/transport/openedWorkspace';
import { optionalCredentials, recentCredentials } from '../shared/transport/recentCredentials';
import { readCookie } from '../shared/execution/cookies';
import { AUDIO_PATH, serveAudio, serveVoice, voiceRoute, voiceWebhookPaths } from './voiceRoutes';
import { routePath } from './routePath';
import { startWindowWaker } from './wakeWaitingItems';
import { resumePost } from '../shared/transport/resume';
import {
	AI_MODEL_CREDENTIAL,
	SMTP_CREDENTIAL,
	TWILIO_CREDENTIAL,
	WORKSPACE_CREDENTIAL,
} from '../shared/transport/credentials';

/** The Inbox's pages, signed in with a team user's email and password. */
const INBOX_ROUTES = ['inbox', ...INBOX_PAGES.map((page) => `inbox/${page}`)];
const INBOX_PATH = new RegExp(`/inbox(?:/(${INBOX_PAGES.join('|')}))?/?$`);

/**
 * The URLs someone pastes elsewhere (Twilio's incoming-message webhook, Mailgun and SendGrid, the
 * team's sign-in page) are listed under the node's Webhook URLs, each named by its path; the rest the
 * package hands out itself (status callbacks, voice, tracked links, audio, the Inbox's other pages), so
 * the editor hides them.
 */
const SHOWN_ROUTES = new Set([
	'twilio/inbound',
	'email/mailgun/events',
	'email/mailgun/inbound',
	'email/sendgrid/events',
	'email/sendgrid/inbound',
	'GET inbox',
]);

const route = (suffix: string, httpMethod: 'GET' | 'POST') => ({
	name: 'default' as const,
	httpMethod,
	responseMode: 'onReceived',
	isFullPath: true,
	...routePath(suffix),
	ndvHideUrl: !(SHOWN_ROUTES.has(suffix) || SHOWN_ROUTES.has(`${httpMethod} ${suffix}`)),
});

/**
 * The workspace, and what the endpoint registers in it. n8n asks for each of the endpoint's routes
 * when it publishes, so the credential is read once per ask.
 */
async function registration(
	ctx: IHookFunctions,
): Promise<{ store: WorkspaceStore; wanted: EndpointRegistration }> {
	const credential = await ctx.getCredentials(WORKSPACE_CREDENTIAL);
	return {
		store: await openStore(storeConfig(credential)),
		wanted: {
			path: ctx.getNodeParameter('path') as string,
			name: workspaceSettings(credential).company.name,
		},
	};
}

const isForm = (body: unknown): body is Record<string, string> =>
	!!body &&
	typeof body === 'object' &&
	!Array.isArray(body) &&
	Object.values(body).every((v) => typeof v === 'string');

export class WorkspaceEndpoint implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aesthetix Workspace Endpoint',
		name: 'workspaceEndpoint',
		icon: {
			light: 'file:../../icons/workspace-endpoint.svg',
			dark: 'file:../../icons/workspace-endpoint.dark.svg',
		},
		group: ['trigger'],
		// 1.1 behaves as 1 does. n8n evaluates an option of its old Webhook node in the expression
		// isolate for every request to a trigger at version 1, which cost as much as the rest of a
		// callback; from 1.1 on it does not.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{ "/webhook/" + $parameter["path"] }}',
		description:
			"The workspace's always-on endpoint: provider callbacks, inbound texts and tracked links",
		defaults: { name: 'Workspace Endpoint' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'aesthetixWorkspaceApi',
				displayName: 'Workspace',
				required: true,
				testedBy: 'aesthetixWorkspaceTest',
			},
			{
				name: 'aesthetixTwilioApi',
				displayName: 'Twilio Account',
				required: true,
				testedBy: 'aesthetixTwilioTest',
			},
			{
				name: 'aesthetixEmailEventsApi',
				displayName: 'Email Provider Events',
				required: false,
				testedBy: 'aesthetixEmailEventsTest',
			},
			// Optional: the Templates page's Send Test Mail, and its Write with AI.
			{
				name: 'aesthetixSmtpApi',
				displayName: 'Email Account (SMTP)',
				required: false,
				testedBy: 'aesthetixSmtpConnectionTest',
			},
			{ name: 'aesthetixAiModelApi', displayName: 'AI Model', required: false },
		],
		webhooks: [
			route('twilio/status', 'POST'),
			route('twilio/inbound', 'POST'),
			...voiceWebhookPaths.map((path) => route(path, 'POST')),
			route('c', 'GET'),
			route(AUDIO_PATH, 'GET'),
			...EMAIL_ROUTES.map(([suffix, method]) => route(suffix, method)),
			...INBOX_ROUTES.flatMap((page) => [route(page, 'GET'), route(page, 'POST')]),
		],
		properties: [
			{
				displayName:
					"Publish this workflow once per workspace. Webhook URLs (above) lists the addresses to give out, under Production URL: the one ending in /twilio/inbound goes in the Twilio number's \"A message comes in\" webhook, and the one ending in /inbox is the team's sign-in page. Behind a proxy, keep the path and use the Public Base URL's address.",
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName:
					'Email statistics: emails get tracked links and an open pixel. For Mailgun or SendGrid events and replies, add the Aesthetix Email Events API credential and give the provider the Webhook URLs ending in /mailgun/events and /mailgun/inbound, or /sendgrid/events and /sendgrid/inbound (add ?key=… to the SendGrid inbound URL).',
				name: 'emailNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Path',
				name: 'path',
				type: 'string',
				default: 'aesthetix',
				required: true,
				description: 'The first part of every URL the endpoint serves',
			},
			{
				displayName: 'Emit Events',
				name: 'emitEvents',
				type: 'boolean',
				default: false,
				description:
					'Whether each recorded event (delivery reports, inbound texts and emails, opt-outs, opens, clicks) also starts this workflow',
			},
		],
	};

	methods = {
		credentialTest: {
			aesthetixTwilioTest: testTwilioCredential,
			aesthetixWorkspaceTest: testWorkspaceCredential,
			aesthetixEmailEventsTest: testEmailEventsCredential,
			aesthetixSmtpConnectionTest: testSmtpCredential,
		},
	};

	webhookMethods = {
		default: {
			// The endpoint registers itself in the workspace, so actions know where callbacks and links go,
			// and the agency view which clinic this is and where its Inbox is.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const { store, wanted } = await registration(this);
				const current = await store.settings.get<EndpointRegistration | null>(
					ENDPOINT_SETTING,
					null,
				);
				return current?.path === wanted.path && current?.name === wanted.name;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const { store, wanted } = await registration(this);
				await store.settings.set(ENDPOINT_SETTING, wanted);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const store = await workspaceStore(this);
				const current = await store.settings.get<EndpointRegistration | null>(
					ENDPOINT_SETTING,
					null,
				);
				if (current?.path === this.getNodeParameter('path'))
					await store.settings.set(ENDPOINT_SETTING, null);
				return true;
			},
		},
	};

	/** Not a trigger of executions: the waker of items waiting for their calling window (see windowWaker). */
	trigger = startWindowWaker;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const res = this.getResponseObject();
		const { store, settings } = await openWorkspace(this);
		const resume = resumePost(this);
		// Every request is a chance to finish what an earlier one could not (see sweepNowAndThen): a
		// person's page waits for it, so the queue it shows is current; a provider's callback does not.
		const sweep = sweepNowAndThen(store, resume).catch((error) =>
			this.logger.warn(`Manual action sweep failed: ${(error as Error).message}`),
		);
		const emit = (events: WorkspaceEvent[]): IWebhookResponseData =>
			this.getNodeParameter('emitEvents', false) && events.length
				? {
						noWebhookResponse: true,
						workflowData: [this.helpers.returnJsonArray(events as unknown as IDataObject[])],
					}
				: { noWebhookResponse: true };

		const inbox = INBOX_PATH.exec(req.path);
		if (inbox) {
			await sweep;
			const twilioCredential = await optionalCredentials(this, TWILIO_CREDENTIAL);
			const smtpCredential = await optionalCredentials(this, SMTP_CREDENTIAL);
			const aiCredential = await optionalCredentials(this, AI_MODEL_CREDENTIAL);
			const page = await handleInbox(
				{
					method: req.method,
					route: inbox[1] ?? '',
					query: req.query as Record<string, unknown>,
					body: (this.getBodyData() ?? {}) as Record<string, unknown>,
					cookie: readCookie(req.headers.cookie, SESSION_COOKIE),
					formCookie: readCookie(req.headers.cookie, FORM_COOKIE),
					address: req.ip ?? req.socket.remoteAddress ?? 'unknown',
					secure: req.protocol === 'https' || settings.publicBaseUrl.startsWith('https:'),
				},
				{
					store,
					base: req.path
						.slice(0, req.path.length - (inbox[0].length - '/inbox'.length))
						.replace(/\/$/, ''),
					texts: twilioCredential
						? createTwilioMessaging(twilioConfig(twilioCredential))
						: undefined,
					resume,
					templates: {
						company: settings.company,
						mail: smtpCredential
							? () => createSmtpTransport(smtpConfig(smtpCredential))
							: undefined,
						ai: aiCredential?.model ? aiModelConfig(aiCredential) : undefined,
					},
				},
			);
			res.set(pageHeaders(page.mediaSources));
			if (page.headers) res.set(page.headers);
			if (page.setCookie) res.setHeader('Set-Cookie', page.setCookie);
			if (page.redirect) res.redirect(page.status, page.redirect);
			else
				res
					.status(page.status)
					.type('html')
					.send(page.html ?? '');
			return { noWebhookResponse: true };
		}

		if (req.method === 'GET' && req.path.endsWith(`/${AUDIO_PATH}`)) return serveAudio(this, store);
		const emailEvents = await handleEmailRoute(this, store);
		if (emailEvents) return emit(emailEvents as unknown as WorkspaceEvent[]);

		if (req.method === 'GET') {
			const followed = await followTrackedLink(store, String(req.query.t ?? ''));
			if (!followed) {
				res.status(404).type('text/plain').send('This link is not valid.');
				return { noWebhookResponse: true };
			}
			res.redirect(302, followed.url);
			return emit([followed.event]);
		}

		const twilio = twilioConfig(await recentCredentials(this, TWILIO_CREDENTIAL));
		const params = this.getBodyData() as unknown;
		if (!isForm(params)) {
			res
				.status(400)
				.type('text/plain')
				.send('Bad Request: a Twilio callback is a form of text fields');
			return { noWebhookResponse: true };
		}
		const signature = this.getHeaderData()['x-twilio-signature'] as string | undefined;
		const { publicBaseUrl } = settings;
		const signedUrl = signedCallbackUrl(publicBaseUrl, {
			protocol: req.protocol,
			host: req.get('host'),
			originalUrl: req.originalUrl,
		});
		if (
			!isSignedByTwilio(twilio.webhookAuthToken, signature, signedUrl ? [signedUrl] : [], params)
		) {
			this.logger.warn('Workspace Endpoint refused a request without a valid X-Twilio-Signature');
			res.status(403).type('text/plain').send('Forbidden');
			return { noWebhookResponse: true };
		}
		// Voice asks for TwiML at every step of a call: answered each time; its status callbacks settle once on their own.
		const voice = voiceRoute(req.path);
		if (voice) return serveVoice(this, voice, store, twilio, publicBaseUrl);
		const inbound = req.path.endsWith('/twilio/inbound');
		const answer = () =>
			// An empty TwiML response to texts: the package answers nothing on its own.
			inbound
				? res
						.status(200)
						.type('text/xml')
						.send('<?xml version="1.0" encoding="UTF-8"?><Response></Response>')
				: res.status(204).end();
		const token = this.getHeaderData()['i-twilio-idempotency-token'];
		const replayKey = twilioReplayKey(
			inbound ? 'inbound' : 'status',
			params,
			typeof token === 'string' ? token : undefined,
		);
		const replayed = () => {
			// Twilio retries a callback it thinks failed; either way it was acted on once already.
			this.logger.info('Workspace Endpoint ignored a Twilio callback it had already received');
			answer();
			return { noWebhookResponse: true };
		};
		if (inbound && replayKey && !(await store.webhookReceipts.first(replayKey))) return replayed();
		let events: WorkspaceEvent[];
		try {
			if (inbound) events = await recordInboundText(store, params);
			else {
				// A status report takes its receipt in the store's write that moves the text.
				const reported = await recordMessageStatus(store, params, replayKey);
				if (reported.replay) return replayed();
				events = reported.event ? [reported.event] : [];
			}
		} catch (error) {
			// An inbound text's receipt was taken above; a status report lets its own go, never another's.
			if (inbound && replayKey)
				await store.webhookReceipts.forget(replayKey).catch(() => undefined);
			throw toNodeError(this.getNode(), error);
		}
		answer();
		return emit(events);
	}
}
