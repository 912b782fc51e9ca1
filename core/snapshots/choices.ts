import type { ValueKey } from './format';

/** The credential of the loading clinic that a placeholder stands for. */
export interface CredentialChoice {
	id: string;
	name: string;
}

/**
 * What the person loading a snapshot decides for their clinic. Kept with the load, so that a push
 * of a newer revision fills in and maps the same way without asking again.
 */
export interface LoadChoices {
	values: Partial<Record<ValueKey, string>>;
	credentials: Record<string, CredentialChoice>;
	/**
	 * Put before every webhook path of the loaded workflows (`bright-skin` makes
	 * `appointment-booked` into `bright-skin/appointment-booked`): n8n serves one workflow per path,
	 * so two clinics on one n8n need their own.
	 */
	webhookPathPrefix: string;
	/** The clinic's own, in place of the snapshot's. */
	timeZone?: string;
	defaultCountry?: string;
}

/** The Aesthetix Workspace credential's fields that a snapshot reads and writes. */
export interface WorkspaceFields {
	companyName: string;
	companyPhone: string;
	timeZone: string;
	defaultCountry: string;
}

/** Later choices win, field by field; a value or mapping not given again keeps the earlier one. */
export function mergeChoices(earlier: LoadChoices | undefined, given: LoadChoices): LoadChoices {
	if (!earlier) return given;
	const values = { ...earlier.values };
	for (const [key, value] of Object.entries(given.values))
		if (value) values[key as ValueKey] = value;
	return {
		values,
		credentials: { ...earlier.credentials, ...given.credentials },
		webhookPathPrefix: given.webhookPathPrefix || earlier.webhookPathPrefix,
		timeZone: given.timeZone || earlier.timeZone,
		defaultCountry: given.defaultCountry || earlier.defaultCountry,
	};
}
