/** A custom value the package fills, and what must supply it for it not to render blank. */
export interface CustomValue {
	tag: string;
	label: string;
	needs: string;
}

export interface CustomValueGroup {
	name: string;
	needs: string;
	values: CustomValue[];
}

const group = (name: string, needs: string, values: [string, string][]): CustomValueGroup => ({
	name,
	needs,
	values: values.map(([tag, label]) => ({ tag: `{{${tag}}}`, label, needs })),
});

/**
 * The custom values the picker offers. As the FAQ says, a value only populates when the trigger or
 * the contact record supplies it: appointment values need an appointment trigger, user values an
 * assigned user.
 */
export const CUSTOM_VALUES: CustomValueGroup[] = [
	group('Contact', "The trigger's contact, or the contact record the workspace keeps", [
		['contact.first_name', 'First name'],
		['contact.last_name', 'Last name'],
		['contact.full_name', 'Full name'],
		['contact.email', 'Email'],
		['contact.phone', 'Phone'],
	]),
	group(
		'Appointment',
		'An appointment-related trigger (such as Appointment Booked) that sends appointment.start_time',
		[
			['appointment.start_time', 'Start date and time'],
			['appointment.only_start_date', 'Start date'],
			['appointment.only_start_time', 'Start time'],
			['appointment.end_time', 'End date and time'],
		],
	),
	group(
		'Assigned user',
		'A contact with an assigned user (Assign to User earlier in the workflow, or the trigger)',
		[
			['user.name', 'Name'],
			['user.first_name', 'First name'],
			['user.email', 'Email'],
			['user.phone', 'Phone'],
		],
	),
	group('Company', 'The workspace credential (Company Name, Company Phone)', [
		['company.name', 'Company name'],
		['company.phone', 'Company phone'],
	]),
	group(
		'Email',
		'An email sent while the Aesthetix Workspace Endpoint workflow is published, with a Public Base URL',
		[['unsubscribe_link', 'Unsubscribe link (marketing email gets one at its foot otherwise)']],
	),
];

export const KNOWN_TAGS = new Set(CUSTOM_VALUES.flatMap((g) => g.values.map((v) => v.tag)));

/** What gives a blank custom value its value, for the pages that list the blank ones; `otherwise` for values the picker does not offer. */
export function whatFills(field: string, otherwise: string): string {
	return (
		CUSTOM_VALUES.find((g) => g.values.some((v) => v.tag === `{{${field}}}`))?.needs ?? otherwise
	);
}
