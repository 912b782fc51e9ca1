import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/** The secret an outside system (a calling system) shares with an Inbound Webhook Trigger. */
export class AesthetixInboundWebhookApi implements ICredentialType {
	name = 'aesthetixInboundWebhookApi';

	displayName = 'Aesthetix Inbound Webhook API';

	icon = {
		light: 'file:../icons/inbound-webhook.svg',
		dark: 'file:../icons/inbound-webhook.dark.svg',
	} as const;

	documentationUrl =
		'https://github.com/aesthetix/n8n-nodes-aesthetix/blob/main/docs/nodes/inbound-webhook-trigger.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"At least 16 characters. Sent as-is in a header, or used as the HMAC key that signs the body, as the trigger's Authentication says.",
		},
	];
}
