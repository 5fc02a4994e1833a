import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import { problemFrom, type ApiProblem } from '../api/api-problem';
import type { Session } from './session';
import { tokenClaims } from './token-claims';

/** `GET /auth/options`'s `oidc`: the provider (AUTH_ISSUER), the console's client id there and the scopes. */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  scopes: string;
}

/** Where the provider sends the browser back: register both at the provider (docs/console.md). */
export const CALLBACK_PATH = '/sign-in/callback';
export const SIGNED_OUT_PATH = '/sign-in/signed-out';

const managers = new Map<string, UserManager>();

/**
 * The one oidc-client-ts client per provider and client id: authorisation code with PKCE, everything it keeps in this
 * tab's sessionStorage (never localStorage: another tab or the next person at the machine sees nothing).
 *
 * Renewal uses the refresh token the provider issues with the code, not a hidden iframe: the iframe needs the
 * provider's session cookie in a third-party context, which browsers now block, and would end a 12-hour shift at
 * the first renewal. oidc-client-ts renews a minute before the access token expires (`automaticSilentRenew`,
 * which uses the refresh token when it has one) and stores the rotated refresh token.
 */
export function userManagerFor(settings: OidcSettings): UserManager {
  const key = `${settings.issuer} ${settings.clientId} ${settings.scopes}`;
  let manager = managers.get(key);
  if (!manager) {
    const store = new WebStorageStateStore({ store: window.sessionStorage });
    manager = new UserManager({
      authority: settings.issuer,
      client_id: settings.clientId,
      scope: settings.scopes,
      response_type: 'code',
      redirect_uri: `${window.location.origin}${CALLBACK_PATH}`,
      post_logout_redirect_uri: `${window.location.origin}${SIGNED_OUT_PATH}`,
      userStore: store,
      stateStore: store,
      automaticSilentRenew: true,
      // The access token says all the console needs (sub, role); the provider's session is not watched in a frame.
      loadUserInfo: false,
      monitorSession: false,
    });
    managers.set(key, manager);
  }
  return manager;
}

/** The console's session for the provider's tokens: the access token, and whom it names. */
export function sessionFromUser(user: User, settings: OidcSettings): Session {
  const claims = tokenClaims(user.access_token);
  return { token: user.access_token, ...claims, provider: settings };
}

/** Off to the provider's sign-in; back at CALLBACK_PATH, then at `from`. */
export async function startOidcSignIn(settings: OidcSettings, from: string | undefined): Promise<void> {
  await userManagerFor(settings).signinRedirect({ state: { from } });
}

const callbacks = new Map<string, Promise<{ session: Session; from: string | undefined }>>();

/**
 * The provider's answer at CALLBACK_PATH: the code exchanged (with the PKCE verifier) for the tokens. Once per
 * answer: a code can be exchanged once, and React runs a screen's effects twice in development.
 */
export function completeOidcSignIn(
  settings: OidcSettings,
  url: string,
): Promise<{ session: Session; from: string | undefined }> {
  let done = callbacks.get(url);
  if (!done) {
    done = userManagerFor(settings)
      .signinRedirectCallback(url)
      .then((user) => ({
        session: sessionFromUser(user, settings),
        from: (user.state as { from?: string } | undefined)?.from,
      }));
    callbacks.set(url, done);
  }
  return done;
}

/**
 * Each renewed token, as a session, until the returned function is called. A renewal that fails leaves the current
 * token to run out, and the session ends when it does.
 */
export function followRenewals(
  settings: OidcSettings,
  renewed: (session: Session) => void,
  refused: (reason: string) => void,
): () => void {
  const manager = userManagerFor(settings);
  const onLoaded = (user: User) => {
    try {
      renewed(sessionFromUser(user, settings));
    } catch (error) {
      refused(error instanceof Error ? error.message : String(error));
    }
  };
  manager.events.addUserLoaded(onLoaded);
  manager.startSilentRenew();
  return () => manager.events.removeUserLoaded(onLoaded);
}

/**
 * Forgets the provider's tokens in this tab. `atProvider`: also ends the person's session at the provider when it
 * publishes an end_session_endpoint, which navigates there and back to SIGNED_OUT_PATH.
 */
export async function endOidcSession(settings: OidcSettings, atProvider: boolean): Promise<void> {
  const manager = userManagerFor(settings);
  manager.stopSilentRenew();
  try {
    if (atProvider && (await manager.metadataService.getEndSessionEndpoint()) !== undefined) {
      await manager.signoutRedirect();
      return;
    }
  } catch {
    // The provider cannot be reached: the tab forgets the tokens all the same.
  }
  await manager.removeUser();
}

/** A sign-in the provider refused or could not complete, as the sign-in screens show it. */
export function oidcProblem(error: unknown): ApiProblem {
  const reason = error instanceof Error ? error.message : String(error);
  return { ...problemFrom(0, null), message: `Signing in at the identity provider failed: ${reason}` };
}
