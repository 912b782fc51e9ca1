import { html } from './html';
import { layout, type PageContext } from './layout';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords';

export function loginPage(ctx: PageContext, error?: string, notice?: string): string {
	return layout(
		'Sign in',
		html`<h1>Sign in to the Inbox</h1>${error && html`<p class="error">${error}</p>`}${notice && html`<p class="notice">${notice}</p>`}
		<form method="post" action="${ctx.base}/login" class="card" style="display:block"><input type="hidden" name="csrf" value="${ctx.csrf}">
		<label>Email<input name="email" type="email" autocomplete="username" required></label>
		<label>Password<input name="password" type="password" autocomplete="current-password" maxlength="${MAX_PASSWORD_LENGTH}" required></label>
		<button class="btn">Sign in</button></form>`,
		ctx,
	);
}

/** The page a set-password link opens. */
export function setPasswordPage(ctx: PageContext, token: string, error?: string): string {
	return layout(
		'Set your password',
		html`<h1>Set your Inbox password</h1>${error && html`<p class="error">${error}</p>`}
		<form method="post" action="${ctx.base}/set-password" class="card" style="display:block"><input type="hidden" name="csrf" value="${ctx.csrf}">
		<input type="hidden" name="token" value="${token}">
		<label>New password<input name="password" type="password" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}" maxlength="${MAX_PASSWORD_LENGTH}" required></label>
		<label>Repeat it<input name="confirm" type="password" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}" maxlength="${MAX_PASSWORD_LENGTH}" required></label>
		<p class="muted">At least ${MIN_PASSWORD_LENGTH} characters. Setting it signs you out everywhere else.</p>
		<button class="btn">Set password</button></form>`,
		ctx,
	);
}
