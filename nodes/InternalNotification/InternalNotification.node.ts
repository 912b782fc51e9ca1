import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { ActionError } from '../../core/run/errors';
import {
	sendInternalNotification,
	type InternalNotificationInput,
	type NotificationType,
} from '../../core/notifications/sendInternalNotification';
import type { RecipientCategory } from '../../core/notifications/recipients';
import { createSmtpTransport, type EmailTransport } from '../../providers/smtp';
import { createTwilioMessaging } from '../../providers/twilio';
import {
	AttachmentDownloads,
	collectAttachments,
	type AttachmentsParameter,
} from '../shared/execution/attachments';
import { readFileUrls } from '../shared/descriptions/attachments';
import { readContact } from '../shared/descriptions/contact';
import { runPerItem } from '../shared/execution/errors';
import { readMergeText } from '../shared/execution/mergeText';
import { smtpConfig, testSmtpCredential } from '../shared/transport/smtp';
import { getRoles, getTeams, getTeamUsers } from '../shared/methods/teamUsers';
import { getEmailTemplates, getSmsTemplates } from '../shared/methods/templates';
import { twilioConfig, testTwilioCredential } from '../shared/transport/twilio';
import {
	contentSidOf,
	getWhatsAppTemplateVariables,
	readTemplateVariables,
	searchWhatsAppTemplates,
} from '../shared/methods/whatsAppTemplates';
import { startActionRun, testWorkspaceCredential } from '../shared/transport/workspace';
import { internalNotificationProperties } from './description';
import { optionSubtitle } from '../shared/descriptions/subtitle';
import { SMTP_CREDENTIAL, TWILIO_CREDENTIAL } from '../shared/transport/credentials';

/** Roles and Teams as picked from the directory, or as the comma-separated text of workflows saved before the pickers. */
const names = (value: string | string[]) =>
	(Array.isArray(value) ? value : String(value ?? '').split(','))
		.map((s) => String(s).trim())
		.filter(Boolean);

export class InternalNotification implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aesthetix Internal Notification',
		name: 'internalNotification',
		icon: {
			light: 'file:../../icons/internal-notification.svg',
			dark: 'file:../../icons/internal-notification.dark.svg',
		},
		group: ['output'],
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: optionSubtitle(internalNotificationProperties, 'type'),
		description:
			'Alerts your own team (never contacts) by email, in-app notification, SMS or WhatsApp',
		defaults: { name: 'Internal Notification' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [
			{
				name: 'aesthetixWorkspaceApi',
				displayName: 'Workspace',
				required: true,
				testedBy: 'aesthetixWorkspaceTest',
			},
			{
				name: 'aesthetixSmtpApi',
				displayName: 'Email Account (SMTP)',
				required: true,
				testedBy: 'aesthetixSmtpConnectionTest',
				displayOptions: { show: { type: ['email'] } },
			},
			{
				name: 'aesthetixTwilioApi',
				displayName: 'Twilio Account',
				required: true,
				testedBy: 'aesthetixTwilioTest',
				displayOptions: { show: { type: ['sms', 'whatsapp'] } },
			},
		],
		properties: internalNotificationProperties,
	};

	methods = {
		loadOptions: { getEmailTemplates, getSmsTemplates, getTeamUsers, getRoles, getTeams },
		listSearch: { searchWhatsAppTemplates },
		resourceMapping: { getWhatsAppTemplateVariables },
		credentialTest: {
			aesthetixTwilioTest: testTwilioCredential,
			aesthetixSmtpConnectionTest: testSmtpCredential,
			aesthetixWorkspaceTest: testWorkspaceCredential,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const run = await startActionRun(this);
		const types = new Set(
			this.getInputData().map((_, i) => this.getNodeParameter('type', i) as NotificationType),
		);
		const smtpCredential = types.has('email')
			? await this.getCredentials(SMTP_CREDENTIAL)
			: undefined;
		const email: EmailTransport | undefined = smtpCredential
			? createSmtpTransport(smtpConfig(smtpCredential))
			: undefined;
		const texts =
			types.has('sms') || types.has('whatsapp')
				? createTwilioMessaging(twilioConfig(await this.getCredentials(TWILIO_CREDENTIAL)))
				: undefined;
		const downloads = new AttachmentDownloads(smtpCredential ?? {});
		try {
			const output = await runPerItem(this, async (i, item) => {
				const type = this.getNodeParameter('type', i) as NotificationType;
				const param = <T>(name: string, fallback: T) =>
					this.getNodeParameter(name, i, fallback) as T;
				const categories = param<RecipientCategory[]>('toUserType', []);
				if (categories.includes('customEmail') && type !== 'email') {
					throw ActionError.of('To User Type', 'Custom Email works only for email notifications');
				}
				const input: InternalNotificationInput = {
					type,
					contact: readContact(this, i),
					recipients: {
						categories,
						userIds: categories.includes('particularUsers')
							? param<number[]>('particularUsers', [])
							: [],
						customEmails: categories.includes('customEmail') ? param('customEmails', '') : '',
						roles: categories.includes('roles') ? names(param<string | string[]>('roles', [])) : [],
						teams: categories.includes('teams') ? names(param<string | string[]>('teams', [])) : [],
					},
					overLimit: param<{ overLimit?: 'queue' | 'drop' }>('options', {}).overLimit ?? 'queue',
				};
				const text = (name: string) => readMergeText(this, name, i);
				const message = text('message');
				if (type === 'email') {
					const copies = param<{ cc?: string; bcc?: string }>('copies', {});
					input.email = {
						fromName: text('fromName'),
						fromEmail: text('fromEmail'),
						subject: text('subject'),
						template: { templateId: param('emailTemplate', ''), sync: false },
						message,
						cc: copies.cc ?? '',
						bcc: copies.bcc ?? '',
						attachments: await collectAttachments(
							this,
							i,
							param<AttachmentsParameter>('attachments', {}),
							downloads,
						),
					};
				} else if (type === 'inApp') {
					input.inApp = { title: text('title'), message, redirectPage: text('redirectPage') };
				} else if (type === 'sms') {
					input.sms = {
						template: { templateId: param('smsTemplate', ''), sync: false },
						message,
						attachmentUrls: readFileUrls(this, 'smsAttachments', i),
						testPhoneNumber: param('testPhoneNumber', ''),
					};
				} else {
					const contentSid = contentSidOf(param<unknown>('contentSid', ''));
					if (this.getNode().typeVersion >= 1.1) {
						input.whatsapp = { contentSid, ...readTemplateVariables(this, i), message };
					} else {
						const typed =
							param<{ variable?: Array<{ key: string; value: string }> }>('contentVariables', {})
								.variable ?? [];
						input.whatsapp = {
							contentSid,
							variables: Object.fromEntries(typed.map((v) => [v.key, v.value])),
							message,
						};
					}
				}
				const result = await sendInternalNotification(run, { email, texts }, input, i, item.json);
				return { ...item.json, notification: result as unknown as IDataObject };
			});
			return [output];
		} finally {
			email?.close();
		}
	}
}
