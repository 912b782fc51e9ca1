/**
 * What the editor shows for a node's settings, computed by n8n's own NodeHelpers from the node
 * descriptions: which fields appear, in which order, with which defaults and choices.
 */
import {
	NodeHelpers,
	type INodeParameters,
	type INodeProperties,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { InternalNotification } from '../../nodes/InternalNotification/InternalNotification.node';
import { ManualActionCall } from '../../nodes/ManualActionCall/ManualActionCall.node';
import { ManualActions } from '../../nodes/ManualActions/ManualActions.node';
import { ManualActionSms } from '../../nodes/ManualActionSms/ManualActionSms.node';
import { ReviewRequest } from '../../nodes/ReviewRequest/ReviewRequest.node';
import { SendEmail } from '../../nodes/SendEmail/SendEmail.node';
import { Workspace } from '../../nodes/Workspace/Workspace.node';
import { WorkspaceEndpoint } from '../../nodes/WorkspaceEndpoint/WorkspaceEndpoint.node';

/** The fields the editor shows, in order, with the values a new node starts from. */
function shown(
	description: INodeTypeDescription,
	parameters: INodeParameters,
	typeVersion = 1,
): INodeParameters {
	const node = {
		id: 'n',
		name: 'n',
		type: description.name,
		typeVersion,
		position: [0, 0] as [number, number],
		parameters,
	};
	return (
		NodeHelpers.getNodeParameters(
			description.properties,
			parameters,
			true,
			false,
			node,
			description,
		) ?? {}
	);
}

/** The property the editor renders for a field, as shown for these parameters. */
function property(
	description: INodeTypeDescription,
	name: string,
	parameters: INodeParameters,
	typeVersion = 1,
): INodeProperties {
	const node = {
		id: 'n',
		name: 'n',
		type: description.name,
		typeVersion,
		position: [0, 0] as [number, number],
		parameters,
	};
	const found = description.properties.find(
		(p) =>
			p.name === name &&
			NodeHelpers.displayParameter(
				shown(description, parameters, typeVersion),
				p,
				node,
				description,
			),
	);
	if (!found) throw new Error(`${name} is not shown`);
	return found;
}

const names = (options: INodeProperties['options']) =>
	(options ?? []).map((o) => ('value' in o ? o.value : o.name));

describe('Internal Notification', () => {
	const description = new InternalNotification().description;
	const fields = (type: string, typeVersion = 1) =>
		Object.keys(shown(description, { type, toUserType: ['roles'] }, typeVersion)).filter(
			(n) =>
				!['actionNameNotice', 'type', 'contact', 'roles', 'options', 'interruptedSends'].includes(
					n,
				),
		);

	it("lists each type's fields in the spec's order", () => {
		expect(fields('email')).toEqual([
			'fromName',
			'fromEmail',
			'toUserType',
			'copies',
			'subject',
			'emailTemplate',
			'message',
			'attachments',
		]);
		expect(fields('inApp')).toEqual(['title', 'message', 'redirectPage', 'toUserType']);
		// While Test Phone Number is empty, its notice says an editor run texts every real recipient.
		expect(fields('sms')).toEqual([
			'toUserType',
			'smsTemplate',
			'message',
			'smsAttachments',
			'testPhoneNumber',
			'testPhoneNumberNotice',
		]);
		expect(fields('whatsapp')).toEqual(['toUserType', 'contentSid', 'contentVariables', 'message']);
	});

	it("from version 1.1, fills the chosen WhatsApp template's own variables instead of typed numbers", () => {
		expect(description.defaultVersion).toBe(1.1);
		expect(fields('whatsapp', 1.1)).toEqual([
			'toUserType',
			'contentSid',
			'templateVariables',
			'message',
		]);
		expect(property(description, 'templateVariables', { type: 'whatsapp' }, 1.1)).toMatchObject({
			displayName: 'Template Variables',
			type: 'resourceMapper',
			typeOptions: {
				loadOptionsDependsOn: ['contentSid.value'],
				resourceMapper: {
					resourceMapperMethod: 'getWhatsAppTemplateVariables',
					mode: 'add',
					supportAutoMap: false,
				},
			},
		});
		expect(Object.keys(new InternalNotification().methods.resourceMapping)).toEqual([
			'getWhatsAppTemplateVariables',
		]);
	});

	it('offers Custom Email as a To User Type only for Email', () => {
		expect(names(property(description, 'toUserType', { type: 'email' }).options)).toContain(
			'customEmail',
		);
		for (const type of ['inApp', 'sms', 'whatsapp'])
			expect(names(property(description, 'toUserType', { type }).options)).not.toContain(
				'customEmail',
			);
	});

	it('picks Roles and Teams from the directory', () => {
		const roles = property(description, 'roles', { type: 'inApp', toUserType: ['roles'] });
		const teams = property(description, 'teams', { type: 'sms', toUserType: ['teams'] });
		expect(roles).toMatchObject({
			displayName: 'Roles',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getRoles' },
		});
		expect(teams).toMatchObject({
			displayName: 'Teams',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getTeams' },
		});
	});

	it("picks the WhatsApp Template from the account's approved templates, or takes a Content SID", () => {
		const template = property(description, 'contentSid', { type: 'whatsapp' });
		expect(template).toMatchObject({
			displayName: 'Template',
			type: 'resourceLocator',
			default: { mode: 'list', value: '' },
		});
		expect(template.modes?.map((m) => [m.name, m.typeOptions?.searchListMethod])).toEqual([
			['list', 'searchWhatsAppTemplates'],
			['id', undefined],
		]);
	});

	it('lists Cc before Bcc', () => {
		expect(names(property(description, 'copies', { type: 'email' }).options)).toEqual([
			'cc',
			'bcc',
		]);
	});
});

describe('Send Email', () => {
	it('lists Cc before Bcc, and names the Template field as the spec does', () => {
		const description = new SendEmail().description;
		expect(names(property(description, 'copies', {}).options)).toEqual(['cc', 'bcc']);
		expect(property(description, 'template', {}).displayName).toBe('Template');
	});
});

describe.each([
	['Send Email', new SendEmail().description, {}],
	['Review Request by email', new ReviewRequest().description, { reviewType: 'email' }],
])('%s', (_name, description, base: INodeParameters) => {
	it('keeps version 1 workflows transactional, and sends marketing email from version 1.1', () => {
		expect(description.defaultVersion).toBe(1.1);
		expect(shown(description, base, 1)).toMatchObject({ emailType: 'transactional' });
		expect(shown(description, base, 1.1)).toMatchObject({ emailType: 'marketing' });
		expect(names(property(description, 'emailType', base, 1.1).options)).toEqual([
			'marketing',
			'transactional',
		]);
	});

	it('offers the unsubscribe link as a choice for transactional email only', () => {
		expect(shown(description, base, 1.1)).not.toHaveProperty('unsubscribeLink');
		expect(shown(description, { ...base, emailType: 'transactional' }, 1.1)).toMatchObject({
			unsubscribeLink: false,
		});
	});
});

it('Review Request by SMS has no Email Type', () => {
	expect(shown(new ReviewRequest().description, { reviewType: 'sms' }, 1.1)).not.toHaveProperty(
		'emailType',
	);
});

describe.each([
	['Manual Action SMS', new ManualActionSms().description],
	['Manual Action Call', new ManualActionCall().description],
])('%s', (_name, description) => {
	it('Assign To starts on the contact owner and offers it as a choice', () => {
		const assignTo = (
			property(description, 'advancedSettings', {}, 1.1).options as INodeProperties[]
		).find((o) => o.name === 'assignTo')!;
		expect(assignTo).toMatchObject({
			displayName: 'Assign To',
			default: '',
			typeOptions: { loadOptionsMethod: 'getAssignToOptions' },
		});
	});

	it('limits the wait with one switch from version 1.1, and keeps the nested limit of version 1', () => {
		expect(description.defaultVersion).toBe(1.1);
		expect(shown(description, {}, 1.1)).toMatchObject({ limitWaitTime: false });
		expect(shown(description, {}, 1.1)).not.toHaveProperty('waitAmount');
		expect(shown(description, { limitWaitTime: true }, 1.1)).toMatchObject({
			limitWaitTime: true,
			waitAmount: 24,
			waitUnit: 'hours',
		});
		expect(names(property(description, 'advancedSettings', {}, 1.1).options)).toEqual(['assignTo']);
		expect(shown(description, {}, 1)).not.toHaveProperty('limitWaitTime');
		expect(names(property(description, 'advancedSettings', {}, 1).options)).toEqual([
			'assignTo',
			'limitWaitTime',
		]);
	});
});

describe('Manual Actions', () => {
	const description = new ManualActions().description;
	const fields = (parameters: INodeParameters, version = 1.1) =>
		Object.keys(shown(description, parameters, version));

	it("shows only the task type's fields when completing", () => {
		expect(fields({ operation: 'complete', taskType: 'sms' })).toEqual([
			'operation',
			'task',
			'taskType',
			'completedBy',
			'message',
		]);
		expect(fields({ operation: 'complete', taskType: 'call' })).toEqual([
			'operation',
			'task',
			'taskType',
			'completedBy',
			'outcome',
			'notes',
		]);
		expect(fields({ operation: 'delete' })).toEqual(['operation', 'task', 'completedBy']);
		expect(fields({ operation: 'reassign' })).toEqual(['operation', 'task', 'assignee']);
		expect(property(description, 'assignee', { operation: 'reassign' }, 1.1)).toMatchObject({
			displayName: 'New Assignee',
			typeOptions: { loadOptionsMethod: 'getTaskAssignees' },
		});
	});

	it('picks the task from the open tasks and Completed By from the team, with no default that looks valid', () => {
		expect(property(description, 'task', { operation: 'get' }, 1.1)).toMatchObject({
			required: true,
			default: { mode: 'list', value: '' },
		});
		expect(
			property(description, 'task', { operation: 'get' }, 1.1).modes?.[0].typeOptions
				?.searchListMethod,
		).toBe('searchOpenTasks');
		expect(property(description, 'completedBy', { operation: 'complete' }, 1.1)).toMatchObject({
			type: 'options',
			default: '',
			typeOptions: { loadOptionsMethod: 'getTeamUsers' },
		});
	});

	it('pages Get Many and picks the assignee and the contact', () => {
		expect(fields({ operation: 'getAll' })).toEqual(['operation', 'returnAll', 'limit', 'filters']);
		expect(fields({ operation: 'getAll', returnAll: true })).toEqual([
			'operation',
			'returnAll',
			'filters',
		]);
		const filters = property(description, 'filters', { operation: 'getAll' }, 1.1)
			.options as INodeProperties[];
		expect(filters.find((f) => f.name === 'assignee')?.typeOptions?.loadOptionsMethod).toBe(
			'getTaskAssignees',
		);
		expect(
			filters.find((f) => f.name === 'contactId')?.modes?.[0].typeOptions?.searchListMethod,
		).toBe('searchContacts');
	});

	it('keeps version 1 workflows as they were saved', () => {
		expect(fields({ operation: 'complete' }, 1)).toEqual([
			'operation',
			'taskId',
			'completedBy',
			'message',
			'outcome',
			'notes',
		]);
		expect(fields({ operation: 'getAll' }, 1)).toEqual(['operation', 'filters']);
		expect(property(description, 'assignee', { operation: 'reassign' }, 1)).toMatchObject({
			displayName: 'New Assignee User ID',
			type: 'number',
		});
	});
});

describe('Workspace', () => {
	const description = new Workspace().description;
	const operations = (resource: string) =>
		property(description, 'operation', { resource }, 1.1).options as Array<{ action?: string }>;

	it('asks for the Email that decides create or update as a required field from version 1.1', () => {
		expect(
			Object.keys(shown(description, { resource: 'teamUser', operation: 'create' }, 1.1)),
		).toEqual(['resource', 'operation', 'userName', 'email', 'additionalFields']);
		expect(
			property(description, 'email', { resource: 'teamUser', operation: 'create' }, 1.1).required,
		).toBe(true);
		expect(
			names(
				property(
					description,
					'additionalFields',
					{ resource: 'teamUser', operation: 'create' },
					1.1,
				).options,
			),
		).not.toContain('email');
		expect(
			names(
				property(description, 'additionalFields', { resource: 'teamUser', operation: 'create' }, 1)
					.options,
			),
		).toContain('email');
		expect(shown(description, { resource: 'teamUser', operation: 'create' }, 1)).not.toHaveProperty(
			'email',
		);
	});

	it('writes the apostrophes of its action names', () => {
		expect(operations('statistics').map((o) => o.action)).toContain("Get an action's statistics");
		expect(operations('contact').map((o) => o.action)).toContain("Get a contact's conversation");
	});
});

describe('Workspace Endpoint', () => {
	it('lists only the Webhook URLs a person gives out, each named by its path', () => {
		const webhooks = new WorkspaceEndpoint().description.webhooks ?? [];
		const visible = webhooks
			.filter((w) => !w.ndvHideUrl)
			.map((w) => `${w.httpMethod} ${String(w.path).replace('={{ $parameter["path"] }}/', '')}`);
		expect(visible).toEqual([
			'POST twilio/inbound',
			'POST email/mailgun/events',
			'POST email/mailgun/inbound',
			'POST email/sendgrid/events',
			'POST email/sendgrid/inbound',
			'GET inbox',
		]);
		expect(webhooks.length).toBeGreaterThan(visible.length);
	});
});
