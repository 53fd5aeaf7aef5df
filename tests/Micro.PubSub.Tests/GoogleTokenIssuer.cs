using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Micro.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Micro.PubSub.Tests;

/// <summary>
/// Plays Google's part in authenticated push: signs OIDC tokens as Pub/Sub does (RS256, issuer accounts.google.com, the service account's
/// verified email, the subscription's audience) with a key of its own, and serves that key as a JSON Web Key Set on loopback, like
/// https://www.googleapis.com/oauth2/v3/certs.
/// </summary>
public sealed class GoogleTokenIssuer : IAsyncDisposable
{
    public const string ServiceAccount = "pubsub-push@micro-test.iam.gserviceaccount.com";

    readonly RSA key = RSA.Create(2048);
    readonly string keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
    readonly WebApplication app;

    GoogleTokenIssuer(WebApplication app) => this.app = app;

    public Uri CertificatesUrl { get; private set; } = null!;

    public static async Task<GoogleTokenIssuer> Start()
    {
        GoogleTokenIssuer? issuer = null;
        var (app, address) = await LoopbackServer.Start(app => app.MapGet("/oauth2/v3/certs", () => Results.Json(issuer!.KeySet())));
        issuer = new GoogleTokenIssuer(app) { CertificatesUrl = new Uri(address, "oauth2/v3/certs") };
        return issuer;
    }

    /// <summary>A token as Pub/Sub sends it; each part can be made wrong to see it refused.</summary>
    public string Token(string audience, string email = ServiceAccount, bool emailVerified = true, TimeSpan? expiresIn = null, RSA? signer = null,
        string issuer = "https://accounts.google.com")
    {
        var now = DateTimeOffset.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromHours(1));
        var header = new Dictionary<string, object> { ["alg"] = "RS256", ["kid"] = keyId, ["typ"] = "JWT" };
        var claims = new Dictionary<string, object>
        {
            ["aud"] = audience,
            ["azp"] = "113774264463038321964",
            ["email"] = email,
            ["email_verified"] = emailVerified,
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["iat"] = Math.Min(now.ToUnixTimeSeconds(), expires.ToUnixTimeSeconds() - 60),
            ["iss"] = issuer,
            ["sub"] = "113774264463038321964",
        };
        var signed = $"{Base64Url(JsonSerializer.SerializeToUtf8Bytes(header))}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims))}";
        var signature = (signer ?? key).SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signed}.{Base64Url(signature)}";
    }

    object KeySet()
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        return new
        {
            keys = new[]
            {
                new { kty = "RSA", alg = "RS256", use = "sig", kid = keyId, n = Base64Url(parameters.Modulus!), e = Base64Url(parameters.Exponent!) },
            },
        };
    }

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        key.Dispose();
    }
}
