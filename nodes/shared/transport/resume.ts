import type {
	IDataObject,
	IExecuteFunctions,
	ITriggerFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import type { ResumePost } from '../../../core/run/resume';

/**
 * n8n answers a resume as soon as it has taken it. A resume still unanswered after this is treated as
 * not taken, well before another process may take over one that never settled (RESUME_TIMEOUT_MS),
 * so a hanging post neither holds the process's waker for minutes nor overlaps a second post.
 */
const RESUME_POST_TIMEOUT_MS = 30_000;

/** Posts to a waiting execution's resume URL with n8n's own HTTP helper. */
export function resumePost(
	ctx: IExecuteFunctions | IWebhookFunctions | ITriggerFunctions,
): ResumePost {
	return async (url, body) => {
		await ctx.helpers.httpRequest({
			method: 'POST',
			url,
			body: body as IDataObject,
			json: true,
			timeout: RESUME_POST_TIMEOUT_MS,
		});
	};
}
