import { MergeFieldError, type Rendered } from '../merge';
import type { ActionRun } from './actionRun';
import { ActionError } from './errors';

/** Renders a field's custom values with the run's template cache; a broken template names its field. */
export function renderField(
	run: ActionRun,
	source: string,
	field: string,
	mode: 'html' | 'text',
	context: Record<string, unknown>,
): Rendered {
	try {
		return run.renderer.compile(source, field, mode).render(context);
	} catch (error) {
		if (error instanceof MergeFieldError) throw new ActionError(field, error.message);
		throw error;
	}
}
