using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Micro.Ingestion.Webhooks;

/// <summary>Checks <c>X-Hub-Signature-256</c>: the HMAC-SHA256 of the raw body under one of the configured secrets.</summary>
public sealed class WebhookSignature(IOptions<GitHubWebhookOptions> options)
{
    const string Prefix = "sha256=";

    readonly byte[][] keys = options.Value.WebhookSecrets.Select(Encoding.UTF8.GetBytes).ToArray();

    public bool IsRequired => keys.Length > 0;

    public bool IsValid(string? header, ReadOnlySpan<byte> body)
    {
        if (header is null || !header.StartsWith(Prefix, StringComparison.Ordinal))
            return false;

        Span<byte> claimed = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (Convert.FromHexString(header.AsSpan(Prefix.Length), claimed, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != claimed.Length)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var valid = false;
        foreach (var key in keys)
        {
            HMACSHA256.HashData(key, body, expected);
            // Every key is tried, so the time taken does not tell which secret (if any) matched.
            valid |= CryptographicOperations.FixedTimeEquals(expected, claimed);
        }

        return valid;
    }
}
