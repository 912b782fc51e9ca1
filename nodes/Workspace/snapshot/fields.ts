import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { LoadChoices } from '../../../core/snapshots/choices';
import type { ValueKey } from '../../../core/snapshots/format';

/** The file field of Load, Preview Update and Push Update. */
export const snapshotFileField: INodeProperties = {
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	description: 'The binary field of the item that holds the snapshot file',
};

const valueField = (
	displayName: string,
	name: string,
	description: string,
	placeholder: string,
): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	placeholder,
	description,
});

/**
 * What the loading clinic decides: its own values, the credential each placeholder stands for, the
 * prefix of its webhook paths, and its own time zone or country if not the snapshot's. A push
 * reuses what the load was given, so there every field may stay empty.
 */
export const choiceFields: INodeProperties[] = [
	valueField(
		'Company Name',
		'companyName',
		"The clinic's name; empty uses the Workspace credential's Company Name",
		'Bright Skin Clinic',
	),
	valueField(
		'Company Phone',
		'companyPhone',
		"The clinic's phone; empty uses the Workspace credential's Company Phone",
		'+15551234567',
	),
	valueField(
		'Email Domain',
		'emailDomain',
		'The domain the clinic sends email from: it replaces the source clinic\u2019s in From Email fields and the Reputation sender',
		'brightskin.com',
	),
	valueField(
		'Review Link',
		'reviewLink',
		"The clinic's own review page (its Google Business Profile link)",
		'https://g.page/r/your-clinic/review',
	),
	{
		displayName: 'Credentials',
		name: 'credentialMapping',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Credential',
		default: {},
		description:
			"Each placeholder the snapshot lists (Export's output names them) and the clinic's own credential of that type",
		options: [
			{
				displayName: 'Credential',
				name: 'mapping',
				values: [
					{
						displayName: 'Placeholder',
						name: 'placeholder',
						type: 'string',
						default: '',
						placeholder: 'local-smtp',
					},
					{
						// The picker lists this n8n's credentials; n8n 1.x cannot list them, so an ID works too.
						// eslint-disable-next-line n8n-nodes-base/node-param-display-name-wrong-for-dynamic-options
						displayName: 'Credential',
						name: 'credentialId',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getN8nCredentials' },
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
				],
			},
		],
	},
	{
		displayName: 'Webhook Path Prefix',
		name: 'webhookPathPrefix',
		type: 'string',
		default: '',
		placeholder: 'bright-skin',
		description:
			'Put before every webhook path of the loaded workflows: n8n serves one workflow per path, so each clinic on one n8n needs its own',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Default Country',
				name: 'defaultCountry',
				type: 'string',
				default: '',
				placeholder: 'US',
				description: "The clinic's own, in place of the snapshot's",
			},
			{
				displayName: 'Time Zone',
				name: 'timeZone',
				type: 'string',
				default: '',
				placeholder: 'America/Chicago',
				description: "The clinic's own, in place of the snapshot's",
			},
		],
	},
];

/** The choices as given in the node; values left empty fall back to the Workspace credential's. */
export function readChoices(
	ctx: IExecuteFunctions,
	i: number,
	workspace: { companyName: string; companyPhone: string },
	credentialNames: Map<string, string>,
): LoadChoices {
	const text = (name: string) => String(ctx.getNodeParameter(name, i, '') ?? '').trim();
	const values: Partial<Record<ValueKey, string>> = {
		company_name: text('companyName') || workspace.companyName,
		company_phone: text('companyPhone') || workspace.companyPhone,
		email_domain: text('emailDomain').replace(/^@/, ''),
		review_link: text('reviewLink'),
	};
	const mapping = ctx.getNodeParameter('credentialMapping.mapping', i, []) as IDataObject[];
	const credentials: LoadChoices['credentials'] = {};
	for (const entry of mapping) {
		const placeholder = String(entry.placeholder ?? '').trim();
		const id = String(entry.credentialId ?? '').trim();
		if (placeholder && id) credentials[placeholder] = { id, name: credentialNames.get(id) ?? id };
	}
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	return {
		values: Object.fromEntries(Object.entries(values).filter(([, v]) => v)),
		credentials,
		webhookPathPrefix: text('webhookPathPrefix').replace(/^\/+|\/+$/g, ''),
		timeZone: String(options.timeZone ?? '').trim() || undefined,
		defaultCountry:
			String(options.defaultCountry ?? '')
				.trim()
				.toUpperCase() || undefined,
	};
}
