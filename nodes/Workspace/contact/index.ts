import type { INodeProperties } from 'n8n-workflow';
import type { WorkspaceOperation } from '../types';
import { operationProperties } from '../../shared/descriptions/operations';
import { erase } from './erase';
import { findOrCreate } from './findOrCreate';
import { getConsent } from './getConsent';
import { getConversation } from './getConversation';
import { update } from './update';

export const contactOperations: Record<string, WorkspaceOperation> = {
	findOrCreate,
	update,
	getConversation,
	getConsent,
	delete: erase,
};

export const contactProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		default: 'findOrCreate',
		options: [
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a contact',
				description:
					'Erase the contact with their conversation, tasks and delivery details; statistics keep anonymous counts',
			},
			{
				name: 'Find or Create',
				value: 'findOrCreate',
				action: 'Find or create a contact',
				description: 'Find a contact by email, then phone, or create it',
			},
			{
				name: 'Get Consent',
				value: 'getConsent',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: "Get a contact's consent",
				description:
					'Where the contact stands on email, SMS and calls, and the trail of every opt-out and opt-in',
			},
			{
				name: 'Get Conversation',
				value: 'getConversation',
				// The rule's sentence-case fix drops apostrophes ("a contact s"); this is sentence case.
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: "Get a contact's conversation",
				description: 'Every message and call logged for the contact',
			},
			{ name: 'Update', value: 'update', action: 'Update a contact' },
		],
	},
	...operationProperties('contact', contactOperations),
];
