import type {
	ICredentialsDecrypted,
	IHookFunctions,
	ICredentialTestFunctions,
	IDataObject,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { toNodeError } from '../shared/execution/errors';
import { ActionError } from '../../core/run/errors';
import { checkDelivery, type InboundAuth } from '../../core/inbound/checkDelivery';
import { readBody } from '../../core/inbound/readBody';
import { testWorkspaceCredential, workspaceStore } from '../shared/transport/workspace';
import { inboundWebhookProperties } from './description';
import { INBOUND_WEBHOOK_CREDENTIAL } from '../shared/transport/credentials';

const MIN_SECRET_LENGTH = 16;

async function testInboundSecret(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const secret = String(credential.data?.secret ?? '');
	return secret.length >= MIN_SECRET_LENGTH
		? { status: 'OK', message: 'The secret is long enough' }
		: { status: 'Error', message: `Secret must be at least ${MIN_SECRET_LENGTH} characters` };
}

function authFrom(ctx: IWebhookFunctions): InboundAuth {
	if (ctx.getNodeParameter('authentication') === 'hmac') {
		return {
			kind: 'hmac',
			headerName: String(ctx.getNodeParameter('signatureHeader')),
			algorithm: ctx.getNodeParameter('signatureAlgorithm') as 'sha1' | 'sha256' | 'sha512',
			encoding: ctx.getNodeParameter('signatureEncoding') as 'hex' | 'base64',
		};
	}
	return { kind: 'headerSecret', headerName: String(ctx.getNodeParameter('headerName')) };
}

export class InboundWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aesthetix Inbound Webhook Trigger',
		name: 'inboundWebhookTrigger',
		icon: {
			light: 'file:../../icons/inbound-webhook.svg',
			dark: 'file:../../icons/inbound-webhook.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "/webhook/" + $parameter["path"] }}',
		description:
			'Starts the workflow when a calling system (or any outside system) posts an authenticated event',
		defaults: { name: 'Inbound Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'aesthetixInboundWebhookApi',
				displayName: 'Inbound Webhook Secret',
				required: true,
				testedBy: 'aesthetixInboundSecretTest',
			},
			{
				name: 'aesthetixWorkspaceApi',
				displayName: 'Workspace',
				required: true,
				testedBy: 'aesthetixWorkspaceTest',
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				isFullPath: true,
				path: '={{ $parameter["path"] }}',
			},
		],
		properties: inboundWebhookProperties,
	};

	methods = {
		credentialTest: {
			aesthetixInboundSecretTest: testInboundSecret,
			aesthetixWorkspaceTest: testWorkspaceCredential,
		},
	};

	webhookMethods = {
		default: {
			// Nothing is registered elsewhere: the URL is n8n's own. Publishing is refused while the secret is weak.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const secret = String((await this.getCredentials(INBOUND_WEBHOOK_CREDENTIAL)).secret ?? '');
				if (secret.length < MIN_SECRET_LENGTH) {
					throw toNodeError(
						this.getNode(),
						ActionError.of(
							'Secret',
							`use at least ${MIN_SECRET_LENGTH} characters before publishing this webhook`,
						),
					);
				}
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const res = this.getResponseObject();
		const maxBytes = Number(this.getNodeParameter('maxBodyKb', 256)) * 1024;
		const contentType = String(req.headers['content-type'] ?? '');
		// n8n left the body unread (see the hidden Options parameter): read here, within the limit.
		const read = req.rawBody
			? { ok: true as const, raw: req.rawBody, body: this.getBodyData() as unknown }
			: await readBody({ headers: req.headers, stream: req, contentType }, maxBytes);
		if (!read.ok) {
			res.status(read.status).json({ accepted: false, error: read.error });
			return { noWebhookResponse: true };
		}
		const credential = await this.getCredentials(INBOUND_WEBHOOK_CREDENTIAL);
		const decision = checkDelivery(
			{
				auth: authFrom(this),
				secret: String(credential.secret ?? ''),
				maxBytes,
				eventIdField: String(this.getNodeParameter('eventIdField', '')).trim(),
			},
			{ headers: req.headers, contentType, rawBody: read.raw, body: read.body },
		);
		if (!decision.ok) {
			if (decision.status === 401)
				this.logger.warn(`${this.getNode().name} refused an unauthenticated delivery`);
			res.status(decision.status).json({ accepted: false, error: decision.error });
			return { noWebhookResponse: true };
		}

		const store = await workspaceStore(this);
		const { delivery, duplicate } = await store.inboundDeliveries.accept({
			source: `${this.getWorkflow().id ?? 'unsaved'}:${this.getNode().id}`,
			event_id: decision.eventId,
			content_type: decision.contentType,
			body: decision.body,
		});
		if (duplicate) {
			res.status(200).json({
				accepted: true,
				duplicate: true,
				delivery_id: delivery.id,
				event_id: delivery.event_id,
			});
			return { noWebhookResponse: true };
		}
		res.status(202).json({ accepted: true, delivery_id: delivery.id, event_id: delivery.event_id });
		// The posted fields stay at the top level, exactly as sent, so later nodes map `direction`, `from`, `to`;
		// `_delivery` is the trigger's own record, whatever the sender put under that name.
		const item: IDataObject = {
			...(decision.body as IDataObject),
			_delivery: {
				id: delivery.id,
				event_id: delivery.event_id,
				received_at: delivery.received_at,
			},
		};
		return { noWebhookResponse: true, workflowData: [[{ json: item }]] };
	}
}
