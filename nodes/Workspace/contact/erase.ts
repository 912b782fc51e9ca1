import type { IDataObject } from 'n8n-workflow';
import { ActionError } from '../../../core/run/errors';
import type { WorkspaceOperation } from '../types';
import { contactIdProperty } from './update';

/** The right to erasure: the contact and everything that names them; statistics keep anonymous counts. */
export const erase: WorkspaceOperation = {
	properties: [contactIdProperty],
	async execute(ctx, i, store) {
		const id = ctx.getNodeParameter('contactId', i) as number;
		const report = await store.erasure.contact(id);
		if (!report) throw new ActionError('Contact ID', `Contact ID: no contact has the id ${id}`);
		return report as unknown as IDataObject;
	},
};
