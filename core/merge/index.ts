export {
	MergeFieldRenderer,
	MergeFieldError,
	type Rendered,
	type CompiledMergeTemplate,
} from './renderer';
export { buildMergeContext, type CompanyInfo, type MergeSources } from './context';
export { isValidTimeZone } from './dates';
