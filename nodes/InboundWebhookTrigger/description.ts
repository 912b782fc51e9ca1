import type { INodeProperties } from 'n8n-workflow';

/** The trigger's fields: where it listens, how senders prove themselves, and what it accepts. */
export const inboundWebhookProperties: INodeProperties[] = [
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: 'external-calls',
		required: true,
		placeholder: 'external-calls',
		description: 'The URL the calling system posts to is {Public Base URL}/webhook/{Path}',
	},
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		noDataExpression: true,
		default: 'headerSecret',
		options: [
			{
				name: 'Shared Secret in a Header',
				value: 'headerSecret',
				description: "The credential's Secret, sent as-is in a header",
			},
			{
				name: 'HMAC Signature of the Body',
				value: 'hmac',
				description: 'An HMAC of the raw body with the Secret as key, sent in a header',
			},
		],
	},
	{
		displayName: 'Header Name',
		name: 'headerName',
		type: 'string',
		default: 'X-Webhook-Secret',
		displayOptions: { show: { authentication: ['headerSecret'] } },
	},
	{
		displayName: 'Signature Header',
		name: 'signatureHeader',
		type: 'string',
		default: 'X-Signature-256',
		description:
			'The header holding the signature; a leading "sha256=" (or the chosen algorithm) is accepted',
		displayOptions: { show: { authentication: ['hmac'] } },
	},
	{
		displayName: 'Signature Algorithm',
		name: 'signatureAlgorithm',
		type: 'options',
		default: 'sha256',
		options: [
			{ name: 'HMAC-SHA1', value: 'sha1' },
			{ name: 'HMAC-SHA256', value: 'sha256' },
			{ name: 'HMAC-SHA512', value: 'sha512' },
		],
		displayOptions: { show: { authentication: ['hmac'] } },
	},
	{
		displayName: 'Signature Encoding',
		name: 'signatureEncoding',
		type: 'options',
		default: 'hex',
		options: [
			{ name: 'Hex', value: 'hex' },
			{ name: 'Base64', value: 'base64' },
		],
		displayOptions: { show: { authentication: ['hmac'] } },
	},
	{
		displayName: 'Event ID Field',
		name: 'eventIdField',
		type: 'string',
		default: 'event_id',
		placeholder: 'call.uuid',
		description:
			'The body field (dotted path) that names each event. A retried delivery with an event ID already received is answered but starts nothing. Empty turns de-duplication off.',
	},
	{
		displayName: 'Max Body Size (KB)',
		name: 'maxBodyKb',
		type: 'number',
		default: 256,
		typeOptions: { minValue: 1, maxValue: 16384 },
		description:
			'Larger bodies are refused with 413, from their declared Content-Length before any of the body is read',
	},
	{
		// n8n reads and parses a webhook's whole body before the node runs, unless the start node is at
		// version 1 and its options.binaryData is set: the trigger then reads the body itself, so an
		// oversized one is refused unread.
		displayName: 'Options',
		name: 'options',
		type: 'hidden',
		default: { binaryData: true },
	},
];
