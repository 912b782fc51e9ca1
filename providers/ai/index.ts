export {
	completeChat,
	ChatModelError,
	type ChatMessage,
	type ChatModelConfig,
	type ChatFailureKind,
} from './chatCompletions';
