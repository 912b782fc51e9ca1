import { asHtml, htmlToText } from '../run/htmlToText';
import { buildMergeContext, MergeFieldError, MergeFieldRenderer, type CompanyInfo } from '../merge';

/** The sample the Templates page previews with: a contact and an appointment, no assigned user. */
export const SAMPLE_CONTACT = {
	first_name: 'Jane',
	last_name: 'Doe',
	email: 'jane.doe@example.com',
	phone: '+15555550123',
};

/** An appointment a week from now at 10:00 in the workspace's time zone, near enough. */
function sampleAppointment(now: Date): Record<string, unknown> {
	const start = new Date(now.getTime() + 7 * 86_400_000);
	start.setUTCHours(15, 0, 0, 0);
	return {
		start_time: start.toISOString(),
		end_time: new Date(start.getTime() + 3_600_000).toISOString(),
		title: 'HydraFacial',
	};
}

export interface TemplatePreview {
	subject: string;
	/** HTML for email (merge values escaped), plain text for SMS. */
	body: string;
	text: string;
	/** Custom values that would render blank for this sample: the trigger or record would have to supply them. */
	blankFields: string[];
	/** Why the template cannot render, when it cannot. */
	problem?: string;
}

/** Renders a template for the sample contact and appointment, the way an action would send it. */
export function renderPreview(
	kind: 'email' | 'sms',
	subject: string,
	body: string,
	company: CompanyInfo,
	now = new Date(),
): TemplatePreview {
	const renderer = new MergeFieldRenderer();
	const context = buildMergeContext({
		item: { contact: SAMPLE_CONTACT, appointment: sampleAppointment(now) },
		company,
		reputation: {},
	});
	try {
		const s = renderer.compile(subject, 'Subject', 'text').render(context);
		const b =
			kind === 'email'
				? renderer.compile(asHtml(body), 'Message', 'html').render(context)
				: renderer.compile(body, 'Message', 'text').render(context);
		return {
			subject: s.text,
			body: b.text,
			text: kind === 'email' ? htmlToText(b.text) : b.text,
			blankFields: [...new Set([...s.blankFields, ...b.blankFields])],
		};
	} catch (error) {
		if (!(error instanceof MergeFieldError)) throw error;
		return { subject: '', body: '', text: '', blankFields: [], problem: error.message };
	}
}
