using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Micro.Ingestion.Webhooks;

/// <summary>Checks <c>X-Hub-Signature-256</c>: the HMAC-SHA256 of the raw body under one of the configured secrets.</summary>
public sealed class WebhookSignature(IOptions<GitHubWebhookOptions> options)
{
    readonly byte[][] keys = options.Value.WebhookSecrets.Select(Encoding.UTF8.GetBytes).ToArray();

    public bool IsRequired => keys.Length > 0;

    /// <summary>A check fed the body as it is read, so no second pass over (or copy of) the body is needed.</summary>
    public SignatureCheck Begin() => new(keys);

    public bool IsValid(string? header, ReadOnlySpan<byte> body)
    {
        using var check = Begin();
        check.Append(body);
        return check.Matches(header);
    }
}

/// <summary>The HMAC-SHA256 of a body under every configured secret, computed incrementally.</summary>
public sealed class SignatureCheck : IDisposable
{
    const string Prefix = "sha256=";

    readonly IncrementalHash[] hashes;

    internal SignatureCheck(byte[][] keys) => hashes = keys.Select(key => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key)).ToArray();

    public void Append(ReadOnlySpan<byte> chunk)
    {
        foreach (var hash in hashes)
            hash.AppendData(chunk);
    }

    /// <summary>Whether <paramref name="header"/> is the signature of everything appended under one of the secrets.</summary>
    public bool Matches(string? header)
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
        foreach (var hash in hashes)
        {
            hash.GetHashAndReset(expected);
            // Every secret is tried, so the time taken does not tell which secret (if any) matched.
            valid |= CryptographicOperations.FixedTimeEquals(expected, claimed);
        }

        return valid;
    }

    public void Dispose()
    {
        foreach (var hash in hashes)
            hash.Dispose();
    }
}
