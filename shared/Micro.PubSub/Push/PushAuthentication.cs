using Google.Apis.Auth;
using Microsoft.Extensions.Options;

namespace Micro.PubSub.Push;

/// <summary>What the check of a push's token found: accepted, refused (with why), or not decidable now (the keys could not be fetched).</summary>
public abstract record PushAuthenticationResult
{
    public sealed record Accepted(string? ServiceAccount) : PushAuthenticationResult;

    public sealed record Refused(string Reason) : PushAuthenticationResult;

    public sealed record Unavailable(string Reason) : PushAuthenticationResult;
}

/// <summary>
/// Checks the <c>Authorization: Bearer</c> OIDC token of a Pub/Sub push as Google's documentation asks: signed by Google (keys from
/// <see cref="PubSubPushOptions.CertificatesUrl"/>), issued by accounts.google.com, not expired, for the configured audience, and for
/// the configured service account with a verified email. A token that is present is always checked; a push without one is accepted
/// only with <see cref="PubSubPushOptions.AllowUnauthenticated"/>.
/// </summary>
public sealed class PushAuthentication(IOptions<PubSubPushOptions> options)
{
    static readonly string[] GoogleIssuers = ["https://accounts.google.com", "accounts.google.com"];

    public async Task<PushAuthenticationResult> Check(string? authorization, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return settings.AllowUnauthenticated
                ? new PushAuthenticationResult.Accepted(null)
                : new PushAuthenticationResult.Refused(settings.VerifiesTokens
                    ? "the push carries no Authorization header; enable authentication on the push subscription"
                    : "Pub/Sub push authentication is not configured: set PubSub:Push:Audience and PubSub:Push:ServiceAccountEmail " +
                      "(or PubSub:Push:AllowUnauthenticated=true for a local trial)");
        }

        if (!settings.VerifiesTokens)
        {
            return new PushAuthenticationResult.Refused(
                "the push carries a token but none can be checked: set PubSub:Push:Audience and PubSub:Push:ServiceAccountEmail");
        }

        const string bearer = "Bearer ";
        if (!authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
            return new PushAuthenticationResult.Refused("the Authorization header is not a Bearer token");

        GoogleJsonWebSignature.Payload payload;
        try
        {
            var verification = new SignedTokenVerificationOptions { CertificatesUrl = settings.CertificatesUrl.ToString() };
            verification.TrustedAudiences.Add(settings.Audience!);
            foreach (var issuer in GoogleIssuers)
                verification.TrustedIssuers.Add(issuer);
            payload = await JsonWebSignature.VerifySignedTokenAsync<GoogleJsonWebSignature.Payload>(
                authorization[bearer.Length..].Trim(), verification, cancellationToken);
        }
        catch (InvalidJwtException invalid)
        {
            return new PushAuthenticationResult.Refused($"the token is not valid: {invalid.Message}");
        }
        catch (HttpRequestException unreachable)
        {
            return new PushAuthenticationResult.Unavailable($"Google's signing keys could not be fetched from {settings.CertificatesUrl}: {unreachable.Message}");
        }

        if (!string.Equals(payload.Email, settings.ServiceAccountEmail, StringComparison.OrdinalIgnoreCase))
            return new PushAuthenticationResult.Refused($"the token is for '{payload.Email}', not the configured PubSub:Push:ServiceAccountEmail");
        if (!payload.EmailVerified)
            return new PushAuthenticationResult.Refused("the token's email is not verified");
        return new PushAuthenticationResult.Accepted(payload.Email);
    }
}
