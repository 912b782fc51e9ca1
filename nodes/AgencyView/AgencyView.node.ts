import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { workspaceSchemas } from '../../core/agency/clinics';
import { openAgencyStore } from '../../core/agency/openAgencyStore';
import {
	AGENCY_COOKIE,
	AGENCY_FORM_COOKIE,
	AGENCY_PAGES,
	handleAgency,
} from '../../core/agency/router';
import { pageHeaders } from '../../core/inbox/pageHeaders';
import { agencyConfig, clinicStore, testAgencyCredential } from '../shared/transport/agency';
import { AGENCY_CREDENTIAL } from '../shared/transport/credentials';
import { readCookie } from '../shared/execution/cookies';

const ROUTE = new RegExp(`/(${AGENCY_PAGES.join('|')})/?$`);

const route = (suffix: string, httpMethod: 'GET' | 'POST') => ({
	name: 'default' as const,
	httpMethod,
	responseMode: 'onReceived',
	isFullPath: true,
	path: suffix ? `={{ $parameter["path"] }}/${suffix}` : '={{ $parameter["path"] }}',
	ndvHideUrl: !(suffix === '' && httpMethod === 'GET'),
});

export class AgencyView implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aesthetix Agency View',
		name: 'agencyView',
		icon: { light: 'file:../../icons/agency.svg', dark: 'file:../../icons/agency.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "/webhook/" + $parameter["path"] }}',
		description:
			"One page with every clinic's morning figures, behind the agency owner's own sign-in",
		defaults: { name: 'Agency View' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'aesthetixAgencyApi',
				displayName: 'Agency',
				required: true,
				testedBy: 'aesthetixAgencyTest',
			},
		],
		webhooks: [
			route('', 'GET'),
			...AGENCY_PAGES.flatMap((page) => [route(page, 'GET'), route(page, 'POST')]),
		],
		properties: [
			{
				displayName:
					"Publish this workflow once for the agency. The Production URL under Webhook URLs (above) is the agency view: the owner signs in with the Agency credential's Owner Email and Password, and sees every clinic whose workspace is in the credential's database.",
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Path',
				name: 'path',
				type: 'string',
				default: 'agency',
				required: true,
				description: 'The agency view is served at /webhook/ followed by this path',
			},
		],
	};

	methods = { credentialTest: { aesthetixAgencyTest: testAgencyCredential } };

	// Nothing to register with a provider: publishing makes the agency view's own schema, so a
	// database it cannot reach fails the publication rather than the owner's first visit.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				await openAgencyStore(agencyConfig(await this.getCredentials(AGENCY_CREDENTIAL)).database);
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				await openAgencyStore(agencyConfig(await this.getCredentials(AGENCY_CREDENTIAL)).database);
				return true;
			},
			async delete(): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const res = this.getResponseObject();
		const { database, owner } = agencyConfig(await this.getCredentials(AGENCY_CREDENTIAL));
		const agency = await openAgencyStore(database);
		const page = ROUTE.exec(req.path);
		const base = (page ? req.path.slice(0, page.index) : req.path).replace(/\/$/, '');
		const path = String(this.getNodeParameter('path')).replace(/^\/+|\/+$/g, '');
		const answer = await handleAgency(
			{
				method: req.method,
				route: page?.[1] ?? '',
				query: req.query as Record<string, unknown>,
				body: (this.getBodyData() ?? {}) as Record<string, unknown>,
				cookie: readCookie(req.headers.cookie, AGENCY_COOKIE),
				formCookie: readCookie(req.headers.cookie, AGENCY_FORM_COOKIE),
				address: req.ip ?? req.socket.remoteAddress ?? 'unknown',
				secure: req.protocol === 'https',
			},
			{
				agency,
				owner,
				base,
				webhookRoot: base.endsWith(`/${path}`) ? base.slice(0, -path.length - 1) : '/webhook',
				schemas: () => workspaceSchemas(agency.db),
				open: (schema) => clinicStore(database, schema),
			},
		);
		res.set(pageHeaders());
		if (answer.headers) res.set(answer.headers);
		if (answer.setCookie) res.setHeader('Set-Cookie', answer.setCookie);
		if (answer.redirect) res.redirect(answer.status, answer.redirect);
		else
			res
				.status(answer.status)
				.type('html')
				.send(answer.html ?? '');
		return { noWebhookResponse: true };
	}
}
