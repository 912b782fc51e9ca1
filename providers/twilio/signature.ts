import twilio from 'twilio';

/**
 * Checks X-Twilio-Signature against every URL the request may have been sent to (the public base
 * URL and n8n's own webhook URL differ behind proxies); the SDK compares in constant time.
 */
export function isSignedByTwilio(
	authToken: string,
	signature: string | undefined,
	candidateUrls: string[],
	params: Record<string, unknown>,
): boolean {
	if (!signature || !authToken) return false;
	return candidateUrls.some((url) => {
		try {
			return twilio.validateRequest(authToken, signature, url, params);
		} catch {
			// A URL the SDK cannot parse was not signed by Twilio.
			return false;
		}
	});
}
