using System.Text;
using System.Text.Json;
using Micro.Ingestion.Webhooks;
using Micro.Testing;
using Microsoft.Extensions.Options;

namespace Micro.Ingestion.Tests;

/// <summary>The signature check against GitHub's own published example, not against our own signing code.</summary>
public sealed class SignatureVectorTests
{
    static readonly JsonElement Vector = JsonDocument.Parse(Fixtures.Read("test-vectors", "github-webhook-hmac-sha256.json")).RootElement;

    static WebhookSignature CheckWith(params string[] secrets) =>
        new(Options.Create(new GitHubWebhookOptions { WebhookSecrets = [.. secrets] }));

    static byte[] Payload(string name = "payload") => Encoding.UTF8.GetBytes(Vector.GetProperty(name).GetString()!);

    [Fact]
    public void GitHubs_documented_signature_is_accepted()
    {
        var check = CheckWith(Vector.GetProperty("secret").GetString()!);

        Assert.True(check.IsValid(Vector.GetProperty("expected_X-Hub-Signature-256").GetString(), Payload()));
    }

    [Fact]
    public void It_is_accepted_under_any_of_several_secrets_during_rotation()
    {
        var check = CheckWith("the-new-secret", Vector.GetProperty("secret").GetString()!);

        Assert.True(check.IsValid(Vector.GetProperty("expected_X-Hub-Signature-256").GetString(), Payload()));
    }

    [Fact]
    public void A_changed_body_a_wrong_secret_or_the_legacy_sha1_header_is_refused()
    {
        var secret = Vector.GetProperty("secret").GetString()!;
        var signature = Vector.GetProperty("expected_X-Hub-Signature-256").GetString();
        var withNewline = Encoding.UTF8.GetBytes(Vector.GetProperty("derived_negative_cases_computed_here_not_from_docs")
            .GetProperty("same_secret_payload_with_trailing_newline").GetProperty("payload").GetString()!);
        var sha1 = Vector.GetProperty("derived_negative_cases_computed_here_not_from_docs")
            .GetProperty("legacy_X-Hub-Signature_sha1_of_docs_payload").GetString();

        Assert.False(CheckWith(secret).IsValid(signature, withNewline));
        Assert.False(CheckWith("another secret").IsValid(signature, Payload()));
        Assert.False(CheckWith(secret).IsValid(sha1, Payload()));
        Assert.False(CheckWith(secret).IsValid(signature!.ToUpperInvariant(), Payload()));
        Assert.False(CheckWith(secret).IsValid(null, Payload()));
    }
}
