// A real OpenID Connect provider for the browser sign-in test: one client, users with role claims.
// Started by tests/ModelOpsPortal.Tests/Browser/OidcProviderFixture.cs as: node server.mjs <port> <portal-url>
import Provider from 'oidc-provider';

const [port, portalUrl] = process.argv.slice(2);
const users = {
  valerie: { name: 'Valerie Validator', roles: ['Validator'] },
  dana: { name: 'Dana Scientist', roles: ['DataScientist'] },
};

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: 'modelops-portal',
    client_secret: 'test-only-secret',
    redirect_uris: [`${portalUrl}/signin-oidc`],
    post_logout_redirect_uris: [`${portalUrl}/signout-callback-oidc`],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  pkce: { required: () => true },
  scopes: ['openid', 'profile', 'roles'],
  claims: { openid: ['sub'], profile: ['name'], roles: ['roles'] },
  // Put the requested claims in the ID token as well as in userinfo.
  conformIdTokenClaims: false,
  findAccount: async (_ctx, id) => users[id] && {
    accountId: id,
    claims: async () => ({ sub: id, name: users[id].name, roles: users[id].roles }),
  },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  cookies: { keys: ['test-only-cookie-key'] },
});

provider.listen(Number(port), '127.0.0.1', () => console.log(`oidc-provider listening on ${port}`));
