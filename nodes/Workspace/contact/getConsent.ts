import type { IDataObject } from 'n8n-workflow';
import { ActionError } from '../../../core/run/errors';
import { consentView } from '../../../core/consent/consentView';
import type { WorkspaceOperation } from '../types';
import { contactIdProperty } from './update';

/** Where the contact stands on email, SMS and calls, and the trail of every opt-out and opt-in. */
export const getConsent: WorkspaceOperation = {
	properties: [contactIdProperty],
	async execute(ctx, i, store) {
		const id = ctx.getNodeParameter('contactId', i) as number;
		const contact = await store.contacts.get(id);
		if (!contact) throw ActionError.of('Contact ID', `no contact has the id ${id}`);
		return consentView(contact, await store.consent.trail(id)) as unknown as IDataObject;
	},
};
