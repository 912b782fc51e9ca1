import { reviewStatus, type ReviewType } from '../reviews/status';
import type { ConversationMessage } from '../store/types';
import { htmlToText } from '../run/htmlToText';

/** How one conversation entry reads on the timeline: what it was, its outcome, its text and any recording. */
export interface TimelineView {
	kind: string;
	title: string;
	outcome: string;
	text: string;
	parties: string;
	recordingUrl?: string;
	detail?: string;
}

const label = (v: string) => v.replace(/[_-]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase());

function recording(entry: ConversationMessage): string | undefined {
	const url = entry.meta.recording_url;
	if (typeof url !== 'string') return undefined;
	try {
		const parsed = new URL(url);
		return parsed.protocol === 'https:' || parsed.protocol === 'http:'
			? parsed.toString()
			: undefined;
	} catch {
		return undefined;
	}
}

function duration(entry: ConversationMessage): string | undefined {
	const seconds = Number(entry.meta.duration_seconds);
	if (
		entry.meta.duration_seconds === null ||
		entry.meta.duration_seconds === undefined ||
		!Number.isFinite(seconds)
	)
		return undefined;
	return `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;
}

export function timelineView(entry: ConversationMessage): TimelineView {
	const inbound = entry.direction === 'inbound';
	const parties = [entry.from_address, entry.to_address].filter(Boolean).join(' → ');
	const base = {
		parties,
		outcome: label(entry.status),
		text: entry.body ?? '',
		recordingUrl: recording(entry),
	};
	switch (entry.channel) {
		case 'email':
			return {
				...base,
				kind: 'email',
				title: entry.subject ? `Email: ${entry.subject}` : 'Email',
				text: htmlToText(entry.body ?? ''),
			};
		case 'sms':
		case 'whatsapp':
			return {
				...base,
				kind: entry.channel,
				title: `${entry.channel === 'sms' ? 'Text' : 'WhatsApp'} ${inbound ? 'received' : 'sent'}`,
			};
		case 'slack':
			return { ...base, kind: 'slack', title: 'Slack message' };
		case 'call':
			return {
				...base,
				kind: 'call',
				title:
					entry.meta.manual_task_id !== undefined
						? 'Manual call task'
						: `Call${inbound ? ' received' : ''}`,
				detail: duration(entry),
			};
		case 'voicemail':
			return { ...base, kind: 'voicemail', title: 'Voicemail' };
		case 'external_call':
			return {
				...base,
				kind: 'external_call',
				title: `External call (${inbound ? 'inbound' : 'outbound'})`,
				detail: duration(entry),
			};
		case 'review_request': {
			const type = (entry.meta.review_type === 'sms' ? 'sms' : 'email') as ReviewType;
			return {
				...base,
				kind: 'review_request',
				title: `Review request (${type === 'sms' ? 'SMS' : 'Email'})`,
				outcome: reviewStatus(type, entry.status),
				text: type === 'email' ? htmlToText(entry.body ?? '') : (entry.body ?? ''),
			};
		}
		default:
			return { ...base, kind: String(entry.channel), title: label(String(entry.channel)) };
	}
}
