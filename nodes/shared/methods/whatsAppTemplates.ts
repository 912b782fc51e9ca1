import type {
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	ResourceMapperFields,
	ResourceMapperValue,
} from 'n8n-workflow';
import { toNodeError } from '../execution/errors';
import { ActionError } from '../../../core/run/errors';
import { templateVariables, variableLabel } from '../../../core/templates/whatsAppVariables';
import { fetchContentTemplate, listApprovedWhatsAppTemplates } from '../../../providers/twilio';
import { readMergeText } from '../execution/mergeText';
import { rawNodeParameter } from '../execution/parameters';
import { twilioConfig } from '../transport/twilio';
import { TWILIO_CREDENTIAL } from '../transport/credentials';

/** The Template picker of WhatsApp: the Twilio account's approved templates, filtered by name. */
export async function searchWhatsAppTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const templates = await listApprovedWhatsAppTemplates(
		twilioConfig(await this.getCredentials(TWILIO_CREDENTIAL)),
	);
	const wanted = (filter ?? '').trim().toLowerCase();
	return {
		results: templates
			.filter(
				(t) =>
					!wanted ||
					t.friendlyName.toLowerCase().includes(wanted) ||
					t.sid.toLowerCase() === wanted,
			)
			.map((t) => ({ name: `${t.friendlyName} (${t.language})`, value: t.sid })),
	};
}

/** A WhatsApp Template value: a picked or typed Content SID, or the plain SID workflows saved before the picker. */
export function contentSidOf(value: unknown): string {
	if (value && typeof value === 'object' && 'value' in value)
		return String((value as { value: unknown }).value ?? '').trim();
	return String(value ?? '').trim();
}

const CONTENT_SID = /^HX[0-9a-fA-F]{32}$/;

/**
 * Template Variables' fields: one per variable of the chosen template, named by its placeholder and
 * the template's sample value, each to be filled (WhatsApp refuses an empty variable).
 */
export async function getWhatsAppTemplateVariables(
	this: ILoadOptionsFunctions,
): Promise<ResourceMapperFields> {
	const sid = contentSidOf(this.getNodeParameter('contentSid', ''));
	if (!CONTENT_SID.test(sid)) {
		return {
			fields: [],
			emptyFieldsNotice:
				'Choose a Template from the list, or give its Content SID, to fill its variables',
		};
	}
	let template;
	try {
		template = await fetchContentTemplate(
			twilioConfig(await this.getCredentials(TWILIO_CREDENTIAL)),
			sid,
		);
	} catch (error) {
		const { status, message } = error as { status?: number; message?: string };
		const problem =
			status === 404
				? `Template ${sid} is not in this Twilio account`
				: `Could not read template ${sid} from Twilio: ${message ?? 'no answer'}`;
		throw toNodeError(this.getNode(), new ActionError('Template', problem));
	}
	const variables = templateVariables(template);
	return {
		fields: variables.map((variable) => ({
			id: variable.key,
			displayName: variableLabel(variable),
			required: true,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type: 'string',
		})),
		emptyFieldsNotice: `${template.friendlyName} has no variables: it is sent as written`,
	};
}

/**
 * Template Variables as filled in the editor: every variable of the template the fields were loaded
 * for (a field left empty included, so it is reported rather than silently left to the sample) and
 * the label its field showed. Each value may mix the item's data and custom values.
 */
export function readTemplateVariables(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { variables: Record<string, string>; labels: Record<string, string> } {
	// As written: the values are read one by one below, each with its custom values kept from n8n's evaluation.
	const mapped = (rawNodeParameter(ctx, 'templateVariables', itemIndex, {}) ??
		{}) as Partial<ResourceMapperValue>;
	const fields = (mapped.schema ?? []).filter((field) => field.display !== false && !field.removed);
	const keys = [
		...new Set([...fields.map((field) => field.id), ...Object.keys(mapped.value ?? {})]),
	];
	const variables: Record<string, string> = {};
	const labels: Record<string, string> = {};
	for (const key of keys) {
		const value = mapped.value?.[key];
		variables[key] =
			value === undefined || value === null
				? ''
				: String(readMergeText(ctx, `templateVariables.value.${key}`, itemIndex));
		labels[key] = fields.find((field) => field.id === key)?.displayName ?? `{{${key}}}`;
	}
	return { variables, labels };
}
