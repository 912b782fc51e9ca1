import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { sendEmail } from '../../core/email/sendEmail';
import { createSmtpTransport } from '../../providers/smtp';
import {
	AttachmentDownloads,
	collectAttachments,
	type AttachmentsParameter,
} from '../shared/execution/attachments';
import { readContact } from '../shared/descriptions/contact';
import { runPerItem } from '../shared/execution/errors';
import { EditorRunWatch } from '../shared/execution/editorRun';
import { readMergeText } from '../shared/execution/mergeText';
import { nodeParameter } from '../shared/execution/parameters';
import { noteStopped, runStartedAt } from '../shared/descriptions/stopOnResponseField';
import { smtpConfig, testSmtpCredential } from '../shared/transport/smtp';
import { getEmailTemplates } from '../shared/methods/templates';
import { startActionRun, testWorkspaceCredential } from '../shared/transport/workspace';
import { readEmailType } from '../shared/descriptions/emailTypeField';
import { sendEmailProperties } from './description';
import { SMTP_CREDENTIAL } from '../shared/transport/credentials';

export class SendEmail implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aesthetix Send Email',
		name: 'sendEmail',
		icon: {
			light: 'file:../../icons/send-email.svg',
			dark: 'file:../../icons/send-email.dark.svg',
		},
		group: ['output'],
		// 1.1: an email is marketing unless it says it is transactional.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{ $parameter["subject"] }}',
		description: 'Sends an automated, personalized email to the contact in the workflow',
		defaults: { name: 'Send Email' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [
			{
				name: 'aesthetixSmtpApi',
				displayName: 'Email Account (SMTP)',
				required: true,
				testedBy: 'aesthetixSmtpConnectionTest',
			},
			{
				name: 'aesthetixWorkspaceApi',
				displayName: 'Workspace',
				required: true,
				testedBy: 'aesthetixWorkspaceTest',
			},
		],
		properties: sendEmailProperties,
	};

	methods = {
		loadOptions: { getEmailTemplates },
		credentialTest: {
			aesthetixSmtpConnectionTest: testSmtpCredential,
			aesthetixWorkspaceTest: testWorkspaceCredential,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const run = await startActionRun(this);
		const smtpCredential = await this.getCredentials(SMTP_CREDENTIAL);
		const smtp = smtpConfig(smtpCredential);
		const transport = createSmtpTransport(smtp);
		const downloads = new AttachmentDownloads(smtpCredential);
		const watch = new EditorRunWatch(this, 'Fill in Test Email to send to yourself instead.');
		try {
			const output = await runPerItem(
				this,
				async (i, item) => {
					const copies = nodeParameter<{ cc?: string; bcc?: string }>(this, 'copies', i, {});
					const result = await sendEmail(
						run,
						transport,
						{
							contact: readContact(this, i),
							...readEmailType(this, i, 'transactional'),
							fromName: readMergeText(this, 'fromName', i),
							fromEmail: readMergeText(this, 'fromEmail', i),
							subject: readMergeText(this, 'subject', i),
							template: {
								templateId: nodeParameter<string>(this, 'template', i, ''),
								sync: nodeParameter<boolean>(this, 'syncWithTemplate', i, false),
							},
							message: readMergeText(this, 'message', i),
							cc: copies.cc ?? '',
							bcc: copies.bcc ?? '',
							testEmail: nodeParameter<string>(this, 'testEmail', i, ''),
							stopOnResponseSince: nodeParameter<boolean>(this, 'stopOnResponse', i, false)
								? runStartedAt(this)
								: undefined,
							trackOpens:
								nodeParameter<{ trackOpens?: boolean }>(this, 'options', i, {}).trackOpens ?? true,
							attachments: await collectAttachments(
								this,
								i,
								nodeParameter<AttachmentsParameter>(this, 'attachments', i, {}),
								downloads,
							),
						},
						i,
						item.json,
					);
					if (result.status === 'stopped') return noteStopped(this, i, result.reason!);
					return watch.note(
						{ ...item.json, email: result as unknown as IDataObject },
						result.status === 'accepted' && !result.test,
						result.to,
					);
					// Twice the pool: while a connection finishes one email, its next is already rendered and waiting.
				},
				{ concurrency: smtp.poolSize * 2 },
			);
			watch.warn();
			return [output];
		} finally {
			transport.close();
		}
	}
}
