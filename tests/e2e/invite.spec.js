// "Request a reseller relationship": the invitation email, as a partner drafts and sends it.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { SETTINGS, openWithBook } from './fixtures.js';

const TENANT = SETTINGS.partner.tenant_id;
const link = (dap) =>
  'https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship' +
  `&partnerId=${TENANT}&msppId=0&DAP=${dap}#/BillingAccounts/partner-invitation`;

const PROVIDERS = [
  { id: '33333333-3333-4333-8333-333333333333', name: 'Contoso Distribution' },
  { id: '44444444-4444-4444-8444-444444444444', name: 'Litware Supply' },
];
/** The same partner, as an indirect reseller working with two indirect providers. */
const RESELLER_SETTINGS = {
  ...SETTINGS,
  partner: { ...SETTINGS.partner, kind: 'IndirectReseller' },
  resellers: PROVIDERS,
};
const jointLink = (provider, dap) =>
  'https://admin.microsoft.com/Adminportal/Home?invType=IndirectResellerRelationship' +
  `&partnerId=${provider.id}&indirectCSPId=${TENANT}&msppId=0&DAP=${dap}#/BillingAccounts/partner-invitation`;

const subject = (page) => page.getByRole('textbox', { name: 'Subject' });
const body = (page) => page.getByRole('textbox', { name: 'Email text' });
const openInEmail = (page) => page.getByRole('link', { name: 'Open in email' });
const copyButton = (page) => page.getByRole('button', { name: 'Copy to clipboard' });
const dap = (page) => page.getByRole('checkbox', { name: 'Include delegated administration privileges' });
const language = (page) => page.getByRole('combobox', { name: 'Email language' });
const copied = (page) => page.getByRole('status').filter({ hasText: /^Copied$/ });

async function expectSendable(page) {
  await expect(openInEmail(page)).toHaveAttribute('href', /^mailto:/);
  await expect(openInEmail(page)).not.toHaveAttribute('aria-disabled');
  await expect(copyButton(page)).toBeEnabled();
}

async function expectBlocked(page) {
  await expect(openInEmail(page)).not.toHaveAttribute('href');
  await expect(openInEmail(page)).toHaveAttribute('aria-disabled', 'true');
  await expect(copyButton(page)).toBeDisabled();
}

/** Recipient, subject and body of a mailto: URL, decoded as any URL parser would. */
function decodeMailto(href) {
  const url = new URL(href);
  expect(url.protocol).toBe('mailto:');
  const params = new URLSearchParams(url.search);
  return { to: decodeURIComponent(url.pathname), subject: params.get('subject'), body: params.get('body') };
}

/** Waits until "Open in email" leads to an email matching `expected` (the page updates the
 * link just after the text). */
async function expectMail(page, expected) {
  await expect
    .poll(async () => decodeMailto(await openInEmail(page).getAttribute('href')))
    .toMatchObject(expected);
}

test.describe('Request a reseller relationship', () => {
  test('the customer list leads to a draft holding the personalised link', async ({ page }) => {
    await openWithBook(page);
    await page.getByRole('link', { name: 'Request a reseller relationship' }).click();
    await expect(page).toHaveURL(/\/customers\/invite$/);
    await expect(page.getByRole('heading', { name: 'Request a reseller relationship' })).toBeVisible();
    await expect(dap(page)).toBeChecked();
    await expect(language(page)).toHaveValue('en');
    await expect(subject(page)).toHaveValue('Reseller relationship request from Adatum Cloud');
    expect(await body(page).inputValue()).toContain(`\n${link(true)}\n`);
    await expect(page.locator('.invite-link code')).toHaveText(link(true));
    await expectSendable(page);

    // Without DAP, the link says so and the draft no longer explains the privileges.
    await dap(page).uncheck();
    const text = await body(page).inputValue();
    expect(text).toContain(link(false));
    expect(text).not.toContain(link(true));
    expect(text).not.toContain('privileges');
    await expectSendable(page);
  });

  test('the text can be edited, but the link must stay: a message says so until it is restored', async ({ page }) => {
    await openWithBook(page, '/customers/invite');
    const original = await body(page).inputValue();
    const edited = `Hi Ana,\n\nAs agreed on the phone, please open this link:\n${link(true)}\n\nThanks!\nTest Agent`;
    await body(page).fill(edited);
    await subject(page).fill('Our reseller relationship');
    await expectSendable(page);
    await expect(page.getByRole('alert').filter({ hasText: 'invitation link' })).toHaveCount(0);

    // Removed: a message beside the field, both ways out disabled.
    await body(page).fill(edited.replace(link(true), ''));
    const alert = page.getByRole('alert').filter({ hasText: 'The invitation link was removed' });
    await expect(alert).toBeVisible();
    await expect(body(page)).toHaveAttribute('aria-invalid', 'true');
    await expect(body(page)).toHaveAccessibleDescription(/invitation link was removed/);
    await expectBlocked(page);
    await expect(page.getByText('Restore the invitation link to open the email.')).toBeVisible();

    // Changed by one character: still not the link.
    await body(page).fill(edited.replace('DAP=true', 'DAP=tru'));
    await expect(page.getByRole('alert').filter({ hasText: 'The invitation link was changed' })).toBeVisible();
    await expectBlocked(page);

    // Restored in place: the rest of the edit is kept.
    await page.getByRole('button', { name: 'Restore link' }).click();
    await expect(body(page)).toHaveValue(edited);
    await expect(body(page)).toBeFocused();
    await expect(body(page)).not.toHaveAttribute('aria-invalid');
    await expect(page.getByRole('button', { name: 'Restore link' })).toHaveCount(0);
    await expectSendable(page);

    // Removed altogether: restoring puts it back at the end.
    await body(page).fill('Hello,\n\nThanks');
    await page.getByRole('button', { name: 'Restore link' }).click();
    await expect(body(page)).toHaveValue(`Hello,\n\nThanks\n\n${link(true)}`);
    expect(original).not.toBe(edited);
  });

  test('Copy to clipboard copies subject and body, and says so', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await openWithBook(page, '/customers/invite');
    const text = `Dear customer,\n\n${link(true)}\n\nCafé & Co.`;
    await body(page).fill(text);
    await copyButton(page).click();
    await expect(copied(page)).toBeVisible();
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    expect(clip).toBe(`Subject: Reseller relationship request from Adatum Cloud\n\n${text}`);
    // The confirmation is about the copied text: an edit clears it.
    await body(page).fill(`${text}!`);
    await expect(copied(page)).toHaveCount(0);
  });

  test('Open in email gives a mailto: URL whose body is the edited text', async ({ page }) => {
    await openWithBook(page, '/customers/invite');
    const text = `Bonjour Zoë,\n\n1 + 1 = 2 & 100% #1? 經銷商\n${link(true)}\nSee you`;
    await body(page).fill(text);
    await subject(page).fill('Relation de revendeur : Café + Co');
    await page.getByRole('textbox', { name: 'Recipient email' }).fill('admin@contoso.com');
    await expectMail(page, {
      to: 'admin@contoso.com',
      subject: 'Relation de revendeur : Café + Co',
      body: text.replace(/\n/g, '\r\n'),
    });
    const href = await openInEmail(page).getAttribute('href');
    expect(href).not.toContain('+');
    expect(href).toContain('%0D%0A');
  });

  test('a bad recipient is explained beside the field and keeps the email from opening', async ({ page }) => {
    await openWithBook(page, '/customers/invite');
    const recipient = page.getByRole('textbox', { name: 'Recipient email' });
    await recipient.fill('admin@contoso');
    await recipient.blur();
    await expect(recipient).toHaveAttribute('aria-invalid', 'true');
    await expect(recipient).toHaveAccessibleDescription(/Enter an email address such as admin@contoso.com/);
    await expect(openInEmail(page)).toHaveAttribute('aria-disabled', 'true');
    await expect(copyButton(page)).toBeEnabled();
    await recipient.fill('');
    await expectSendable(page);
  });

  test('an email too long for a mail link offers the clipboard instead', async ({ page }) => {
    await openWithBook(page, '/customers/invite');
    const text = await body(page).inputValue();
    await body(page).fill(`${text}\n\n${'More words here. '.repeat(120)}`);
    await expect(openInEmail(page)).toHaveAttribute('aria-disabled', 'true');
    await expect(openInEmail(page)).not.toHaveAttribute('href');
    await expect(openInEmail(page)).toHaveAccessibleDescription(/too long for a mail link.*2,000 characters.*Copy to clipboard/);
    await expect(copyButton(page)).toBeEnabled();
    await body(page).fill(text);
    await expectSendable(page);
  });

  test('Done records the invitation in the activity log and clears the draft', async ({ page }) => {
    await openWithBook(page, '/customers/invite');
    await language(page).selectOption('Français');
    await dap(page).uncheck();
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(page).toHaveURL(/\/customers$/);
    await expect(page.getByRole('status').filter({ hasText: 'Invitation drafted' })).toBeVisible();
    await page.getByRole('link', { name: 'Activity log' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Invitation drafted' });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Reseller relationship, DAP off, Français');
    await expect(row).toContainText('Test Agent');
    // A new invitation starts afresh.
    await page.goto('/customers/invite');
    await expect(language(page)).toHaveValue('en');
    await expect(dap(page)).toBeChecked();
  });

  test('the French and Chinese drafts render, from the page or the address', async ({ page }) => {
    await openWithBook(page, '/customers/invite?lang=fr');
    await expect(language(page)).toHaveValue('fr');
    await expect(subject(page)).toHaveValue('Demande de relation de revendeur : Adatum Cloud');
    expect(await body(page).inputValue()).toMatch(/^Bonjour,\n\nAdatum Cloud souhaite devenir votre revendeur Microsoft/);
    await language(page).selectOption('繁體中文');
    await expect(subject(page)).toHaveValue('Adatum Cloud 經銷商關係要求');
    const text = await body(page).inputValue();
    expect(text).toMatch(/^您好：/);
    expect(text).toContain('全域管理員');
    expect(text).toContain(link(true));
    await expect(page).toHaveURL(/lang=zh-TW/);
    await expectSendable(page);
    await expectMail(page, { body: text.replace(/\n/g, '\r\n') });
  });

  test('the email is drafted in the UI\'s language unless the address or the user says otherwise', async ({ page }) => {
    await page.addInitScript(() => localStorage.setItem('clientele.lang', 'fr'));
    await openWithBook(page, '/customers/invite');
    const emailLanguage = page.getByRole('combobox', { name: 'Langue de l’e-mail' });
    const objet = page.getByRole('textbox', { name: 'Objet' });
    await expect(emailLanguage).toHaveValue('fr');
    await expect(objet).toHaveValue('Demande de relation de revendeur : Adatum Cloud');
    await expect(page).toHaveURL(/\/customers\/invite$/);
    await emailLanguage.selectOption('English');
    await expect(objet).toHaveValue('Reseller relationship request from Adatum Cloud');
    await expect(page).toHaveURL(/lang=en/);
    await page.evaluate(() => localStorage.removeItem('clientele.draft.invite'));
    await page.goto('/customers/invite?lang=zh-TW');
    await expect(emailLanguage).toHaveValue('zh-TW');
    await expect(objet).toHaveValue('Adatum Cloud 經銷商關係要求');
  });

  test('a new choice asks before replacing edited text, and updates its link at once', async ({ page }) => {
    await openWithBook(page, '/customers/invite');
    const edited = `${await body(page).inputValue()}\n\nP.S. We met at the Paris event.`;
    await body(page).fill(edited);
    await dap(page).uncheck();
    const ask = page.getByRole('alert').filter({ hasText: 'Replace your edited text with the new draft?' });
    await expect(ask).toBeVisible();
    await expect(body(page)).toHaveValue(edited.replace(link(true), link(false)));
    await expectSendable(page);
    await page.getByRole('button', { name: 'Keep my text' }).click();
    await expect(ask).toHaveCount(0);
    await expect(body(page)).toHaveValue(edited.replace(link(true), link(false)));

    await language(page).selectOption('Français');
    await expect(ask).toBeVisible();
    await expect(body(page)).toHaveValue(/P\.S\./);
    await page.getByRole('button', { name: 'Replace text' }).click();
    await expect(ask).toHaveCount(0);
    await expect(subject(page)).toHaveValue('Demande de relation de revendeur : Adatum Cloud');
    const text = await body(page).inputValue();
    expect(text).not.toContain('P.S.');
    expect(text).toContain(link(false));
    // Unedited text simply follows the next choice.
    await language(page).selectOption('English');
    await expect(ask).toHaveCount(0);
    await expect(subject(page)).toHaveValue('Reseller relationship request from Adatum Cloud');
  });

  test('the draft survives a reload', async ({ page }) => {
    await openWithBook(page, '/customers/invite');
    await language(page).selectOption('Français');
    await dap(page).uncheck();
    const edited = `${await body(page).inputValue()}\n\nP.S. Merci !`;
    await body(page).fill(edited);
    await subject(page).fill('Notre relation');
    await page.getByRole('textbox', { name: 'Recipient email' }).fill('admin@contoso.com');
    await page.reload();
    await expect(body(page)).toHaveValue(edited);
    await expect(subject(page)).toHaveValue('Notre relation');
    await expect(language(page)).toHaveValue('fr');
    await expect(dap(page)).not.toBeChecked();
    await expect(page.getByRole('textbox', { name: 'Recipient email' })).toHaveValue('admin@contoso.com');
    await expect(page.getByRole('alert').filter({ hasText: 'Replace your edited text' })).toHaveCount(0);
    await expectSendable(page);
  });

  test('Copy to clipboard can be reached and used from the keyboard', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await openWithBook(page, '/customers/invite');
    await body(page).focus();
    await page.keyboard.press('Tab');
    await expect(openInEmail(page)).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(copyButton(page)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(copied(page)).toBeVisible();
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    expect(clip).toBe(`Subject: ${await subject(page).inputValue()}\n\n${await body(page).inputValue()}`);
  });

  test('the page has no detectable accessibility violations, link or no link', async ({ page }) => {
    await openWithBook(page, '/customers/invite');
    await expect(body(page)).not.toHaveValue('');
    const scan = () => new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
    expect((await scan()).violations).toEqual([]);
    await body(page).fill('No link here');
    await expectBlocked(page);
    await dap(page).uncheck();
    await expect(page.getByRole('alert').filter({ hasText: 'Replace your edited text' })).toBeVisible();
    expect((await scan()).violations).toEqual([]);
  });

  test('without a partner profile, the page says where to set it up', async ({ page }) => {
    await page.goto('/customers/invite');
    await expect(page.getByText(/your partner profile isn't set up yet/)).toBeVisible();
    await expect(body(page)).toHaveCount(0);
    await page.getByRole('link', { name: 'Set up your partner profile in Settings' }).click();
    await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  });
});

test.describe('Joint invitation with an indirect provider', () => {
  test('"Invite new customers" on a provider in Settings drafts the joint invitation', async ({ page }) => {
    await openWithBook(page, '/settings', { settings: RESELLER_SETTINGS });
    const row = page.getByRole('group', { name: 'Provider 2' });
    await expect(row.getByRole('link', { name: 'Invite new customers' })).toBeVisible();
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
    expect(axe.violations).toEqual([]);
    await row.getByRole('link', { name: 'Invite new customers' }).click();
    await expect(page).toHaveURL(new RegExp(`/customers/invite\\?provider=${PROVIDERS[1].id}$`));
    const provider = page.getByRole('combobox', { name: 'Indirect provider' });
    await expect(provider.locator('option:checked')).toHaveText('Litware Supply');
    await expect(subject(page)).toHaveValue('Reseller relationship request from Adatum Cloud and Litware Supply');
    const text = await body(page).inputValue();
    expect(text).toContain(jointLink(PROVIDERS[1], true));
    expect(text).toContain('together with Litware Supply, its indirect provider');
    await expectSendable(page);

    // Same guard, mail and clipboard behaviour.
    await body(page).fill(text.replace(jointLink(PROVIDERS[1], true), ''));
    await expect(page.getByRole('alert').filter({ hasText: 'The invitation link was removed' })).toBeVisible();
    await expectBlocked(page);
    await page.getByRole('button', { name: 'Restore link' }).click();
    await expectSendable(page);
    await expectMail(page, { body: (await body(page).inputValue()).replace(/\n/g, '\r\n') });
    expect(await body(page).inputValue()).toContain(jointLink(PROVIDERS[1], true));

    // Another provider, or none: the link follows (the text was edited, so the page asks).
    await provider.selectOption('Contoso Distribution');
    expect(await body(page).inputValue()).toContain(jointLink(PROVIDERS[0], true));
    await page.getByRole('button', { name: 'Replace text' }).click();
    await expect(subject(page)).toHaveValue('Reseller relationship request from Adatum Cloud and Contoso Distribution');
    await provider.selectOption('None (reseller relationship only)');
    expect(await body(page).inputValue()).toContain(link(true));
    await expect(page).toHaveURL(/\/customers\/invite$/);
  });

  test('the provider can be chosen on the page, and Done names it', async ({ page }) => {
    await openWithBook(page, '/customers/invite', { settings: RESELLER_SETTINGS });
    const provider = page.getByRole('combobox', { name: 'Indirect provider' });
    await expect(provider.locator('option')).toHaveText(['None (reseller relationship only)', 'Contoso Distribution', 'Litware Supply']);
    await provider.selectOption('Contoso Distribution');
    await dap(page).uncheck();
    expect(await body(page).inputValue()).toContain(jointLink(PROVIDERS[0], false));
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
    expect(axe.violations).toEqual([]);
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(page).toHaveURL(/\/customers$/);
    await page.getByRole('link', { name: 'Activity log' }).click();
    await expect(page.getByRole('row').filter({ hasText: 'Invitation drafted' })).toContainText(
      'With provider Contoso Distribution, DAP off, English',
    );
  });

  test('other partners get no provider choice and no "Invite new customers" links', async ({ page }) => {
    await openWithBook(page, '/settings');
    await expect(page.getByRole('group', { name: 'Reseller 1' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Invite new customers' })).toHaveCount(0);
    await page.goto('/customers/invite?provider=11111111-1111-4111-8111-111111111111');
    expect(await body(page).inputValue()).toContain(link(true));
    await expect(page.getByRole('combobox', { name: 'Indirect provider' })).toHaveCount(0);
  });
});
