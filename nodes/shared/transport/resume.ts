import type {
	IDataObject,
	IExecuteFunctions,
	ITriggerFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import type { ResumePost } from '../../../core/run/resume';

/** Posts to a waiting execution's resume URL with n8n's own HTTP helper. */
export function resumePost(
	ctx: IExecuteFunctions | IWebhookFunctions | ITriggerFunctions,
): ResumePost {
	return async (url, body) => {
		await ctx.helpers.httpRequest({ method: 'POST', url, body: body as IDataObject, json: true });
	};
}
