import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { sendReviewRequest, type ReviewRequestInput } from '../../core/reviews/sendReviewRequest';
import type { ReviewType } from '../../core/reviews/status';
import { createSmtpTransport } from '../../providers/smtp';
import { createTwilioMessaging } from '../../providers/twilio';
import { readContact } from '../shared/descriptions/contact';
import { EditorRunWatch } from '../shared/execution/editorRun';
import { runPerItem } from '../shared/execution/errors';
import { noteStopped, runStartedAt } from '../shared/descriptions/stopOnResponseField';
import { smtpConfig, testSmtpCredential } from '../shared/transport/smtp';
import { twilioConfig, testTwilioCredential } from '../shared/transport/twilio';
import { startActionRun, testWorkspaceCredential } from '../shared/transport/workspace';
import { readEmailType } from '../shared/descriptions/emailTypeField';
import { reviewRequestProperties } from './description';
import { optionSubtitle } from '../shared/descriptions/subtitle';
import { SMTP_CREDENTIAL, TWILIO_CREDENTIAL } from '../shared/transport/credentials';

export class ReviewRequest implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aesthetix Review Request',
		name: 'reviewRequest',
		icon: {
			light: 'file:../../icons/review-request.svg',
			dark: 'file:../../icons/review-request.dark.svg',
		},
		group: ['output'],
		// 1.1: an email request is marketing unless it says it is transactional.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: optionSubtitle(reviewRequestProperties, 'reviewType'),
		description: 'Asks the contact for a review by email or SMS, on behalf of their assigned user',
		defaults: { name: 'Send Review Request' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [
			{
				name: 'aesthetixSmtpApi',
				displayName: 'Email Account (SMTP)',
				required: true,
				testedBy: 'aesthetixSmtpConnectionTest',
				displayOptions: { show: { reviewType: ['email'] } },
			},
			{
				name: 'aesthetixTwilioApi',
				displayName: 'Twilio Account',
				required: true,
				testedBy: 'aesthetixTwilioTest',
				displayOptions: { show: { reviewType: ['sms'] } },
			},
			{
				name: 'aesthetixWorkspaceApi',
				displayName: 'Workspace',
				required: true,
				testedBy: 'aesthetixWorkspaceTest',
			},
		],
		properties: reviewRequestProperties,
	};

	methods = {
		credentialTest: {
			aesthetixTwilioTest: testTwilioCredential,
			aesthetixSmtpConnectionTest: testSmtpCredential,
			aesthetixWorkspaceTest: testWorkspaceCredential,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const run = await startActionRun(this);
		const reviewType = this.getNodeParameter('reviewType', 0) as ReviewType;
		const channel: Pick<ReviewRequestInput, 'email' | 'sms'> = {};
		if (reviewType === 'email') {
			const config = smtpConfig(await this.getCredentials(SMTP_CREDENTIAL));
			channel.email = { transport: createSmtpTransport(config), smtpUser: config.user };
		} else {
			channel.sms = {
				transport: createTwilioMessaging(
					twilioConfig(await this.getCredentials(TWILIO_CREDENTIAL)),
				),
			};
		}
		const watch = new EditorRunWatch(
			this,
			'Review requests have no test recipient: try this step with a contact of your own.',
		);
		try {
			const output = await runPerItem(this, async (i, item) => {
				const stopOnResponseSince = this.getNodeParameter('stopOnResponse', i, false)
					? runStartedAt(this)
					: undefined;
				const result = await sendReviewRequest(
					run,
					{
						contact: readContact(this, i),
						reviewType,
						stopOnResponseSince,
						...(reviewType === 'email' ? readEmailType(this, i, 'transactional') : {}),
						...channel,
					},
					i,
					item.json,
				);
				if (result.status === 'stopped') return noteStopped(this, i, result.reason!);
				return watch.note(
					{ ...item.json, review_request: result as unknown as IDataObject },
					!['skipped', 'stopped', 'Failed'].includes(result.status),
					result.to,
				);
			});
			watch.warn();
			return [output];
		} finally {
			channel.email?.transport.close();
		}
	}
}
