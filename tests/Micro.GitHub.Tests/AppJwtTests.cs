using System.Buffers.Text;
using System.Text.Json;
using Micro.Testing;

namespace Micro.GitHub.Tests;

public sealed class AppJwtTests
{
    static readonly JsonElement Vector = JsonDocument.Parse(Fixtures.Read("test-vectors", "github-app-jwt.json")).RootElement;

    [Theory]
    [InlineData("github-app-jwt.test-key.pkcs1.pem")]
    [InlineData("github-app-jwt.test-key.pkcs8.pem")]
    public void Signs_the_published_vector_exactly(string keyFile)
    {
        using var key = GitHubAppJwt.ReadPrivateKey(Fixtures.Read("test-vectors", keyFile));

        var token = GitHubAppJwt.Sign(Vector.GetProperty("expected_header_json").GetString()!, Vector.GetProperty("expected_payload_json").GetString()!, key);

        Assert.Equal(Vector.GetProperty("expected_token").GetString(), token);
    }

    [Fact]
    public void Issues_tokens_from_a_minute_ago_for_at_most_ten_minutes()
    {
        using var key = GitHubAppJwt.ReadPrivateKey(Fixtures.Read("test-vectors", "github-app-jwt.test-key.pkcs1.pem"));
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

        var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(GitHubAppJwt.Create(42, key, now).Split('.')[1])).RootElement;

        Assert.Equal(now.ToUnixTimeSeconds() - 60, claims.GetProperty("iat").GetInt64());
        Assert.True(claims.GetProperty("exp").GetInt64() <= now.ToUnixTimeSeconds() + 600);
        Assert.Equal(42, claims.GetProperty("iss").GetInt64());
    }

    [Fact]
    public void A_malformed_key_is_refused_without_repeating_it()
    {
        const string notAKey = "-----BEGIN RSA PRIVATE KEY-----\nc2VjcmV0LWJ1dC1icm9rZW4=\n-----END RSA PRIVATE KEY-----";

        var error = Assert.Throws<InvalidOperationException>(() => GitHubAppJwt.ReadPrivateKey(notAKey));

        Assert.Contains("GitHub:AppPrivateKey", error.Message);
        Assert.DoesNotContain("c2VjcmV0", error.Message);
    }
}
