import type { TemplateKind } from '../store/types';

/** A template kind as the Templates pages name it. */
export const KIND_LABEL: Record<TemplateKind, string> = { email: 'Email', sms: 'SMS' };
