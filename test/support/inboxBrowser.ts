import type { Browser, Page } from 'playwright-core';

export interface Viewport {
	width: number;
	height: number;
}

/**
 * A team user signed in to an Inbox in a browser context of their own, as a person signs in (the
 * sign-in form, then the Inbox it leads to), at a desktop size or a phone's (narrower than 640, with
 * touch).
 */
export async function signedInPage(
	browser: Browser,
	inbox: string,
	email: string,
	password: string,
	viewport: Viewport,
): Promise<Page> {
	const context = await browser.newContext({
		viewport,
		isMobile: viewport.width < 640,
		hasTouch: viewport.width < 640,
	});
	const page = await context.newPage();
	await page.goto(`${inbox}/login`);
	await page.fill('input[name=email]', email);
	await page.fill('input[name=password]', password);
	await page.click('button:has-text("Sign in")');
	await page.waitForURL(inbox);
	return page;
}
