using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Micro.RunnerBroker.Tokens;

/// <summary>What a launcher token says: which launch of which job, for which repository and labels, until when.</summary>
public sealed record LauncherTokenClaims(
    [property: JsonPropertyName("jti")] Guid TokenId,
    [property: JsonPropertyName("job_id")] long JobId,
    [property: JsonPropertyName("launch")] int Launch,
    [property: JsonPropertyName("repository")] string Repository,
    [property: JsonPropertyName("labels")] IReadOnlyList<string> Labels,
    [property: JsonPropertyName("iat")] long IssuedAt,
    [property: JsonPropertyName("exp")] long ExpiresAt)
{
    [JsonPropertyName("iss")]
    public string Issuer { get; init; } = LauncherTokens.Issuer;
}

/// <summary>Launcher tokens as compact JWS, ES256 (RFC 7515/7518): signed here, verified here; nobody else needs to read them.</summary>
public static class LauncherTokens
{
    public const string Issuer = "micro-runner-broker";

    static readonly byte[] Header = Encoding.UTF8.GetBytes("""{"alg":"ES256","typ":"JWT"}""");

    public static string Sign(LauncherTokenClaims claims, ECDsa key)
    {
        var signed = $"{Base64Url.EncodeToString(Header)}.{Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims))}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{signed}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>The token's claims when it is well formed and signed with <paramref name="key"/>; null otherwise, whatever is wrong with it.</summary>
    public static LauncherTokenClaims? Verify(string token, ECDsa key)
    {
        if (token.Length > 8192 || token.Split('.') is not [var header, var payload, var signature])
            return null;
        try
        {
            using (var parsed = JsonDocument.Parse(Base64Url.DecodeFromChars(header)))
            {
                if (!parsed.RootElement.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String || alg.GetString() != "ES256")
                    return null;
            }

            var signed = Encoding.ASCII.GetBytes($"{header}.{payload}");
            if (!key.VerifyData(signed, Base64Url.DecodeFromChars(signature), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
                return null;
            var claims = JsonSerializer.Deserialize<LauncherTokenClaims>(Base64Url.DecodeFromChars(payload));
            return claims is { Issuer: Issuer, Repository: not null, Labels: not null } ? claims : null;
        }
        catch (Exception error) when (error is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }
}
