import { MergeFieldError, type Rendered } from '../merge';
import type { ActionRun } from './actionRun';
import { ActionError } from './errors';

/**
 * Stands for `{` in text that must reach the reader as it is but pass through the renderer unread:
 * values an n8n expression put into a field beside custom values. A private-use character, so no
 * message has it.
 */
export const SHIELDED_BRACE = '\uE000';
const SHIELDED = new RegExp(SHIELDED_BRACE, 'g');

/** Renders a field's custom values with the run's template cache; a broken template names its field. */
export function renderField(
	run: ActionRun,
	source: string,
	field: string,
	mode: 'html' | 'text',
	context: Record<string, unknown>,
): Rendered {
	try {
		const rendered = run.renderer.compile(source, field, mode).render(context);
		return source.includes(SHIELDED_BRACE)
			? { ...rendered, text: rendered.text.replace(SHIELDED, '{') }
			: rendered;
	} catch (error) {
		if (error instanceof MergeFieldError) throw new ActionError(field, error.message);
		throw error;
	}
}
