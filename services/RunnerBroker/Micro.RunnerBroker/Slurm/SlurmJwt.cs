using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Micro.RunnerBroker.Slurm;

/// <summary>The HS256 token <c>scontrol token</c> hands out, signed with the cluster's JWT key: <c>sun</c> names the user it acts for.</summary>
public static class SlurmJwt
{
    const string Header = """{"alg":"HS256","typ":"JWT"}""";

    public static string Create(string userName, ReadOnlySpan<byte> key, DateTimeOffset now, TimeSpan lifetime)
    {
        var issuedAt = now.ToUnixTimeSeconds();
        var claims = JsonSerializer.Serialize(new Claims(issuedAt + (long)lifetime.TotalSeconds, issuedAt, userName));
        var signingInput = $"{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Header))}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims))}";
        return $"{signingInput}.{Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput)))}";
    }

    // Lower-case names are the claims Slurm reads.
#pragma warning disable IDE1006
    sealed record Claims(long exp, long iat, string sun);
#pragma warning restore IDE1006
}
