using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Micro.GitHub;

/// <summary>The JSON Web Token a GitHub App presents to ask for installation tokens (RS256, signed with the App's private key).</summary>
public static class GitHubAppJwt
{
    const string Header = """{"alg":"RS256","typ":"JWT"}""";

    /// <summary>
    /// A token valid from a minute ago (GitHub's advice against clock drift) for nine minutes, under GitHub's ten-minute cap.
    /// </summary>
    public static string Create(long appId, RSA key, DateTimeOffset now)
    {
        var issuedAt = now.ToUnixTimeSeconds() - 60;
        return Sign(Header, $$"""{"iat":{{issuedAt}},"exp":{{issuedAt + 600}},"iss":{{appId}}}""", key);
    }

    /// <summary>Signs exactly the given header and claims, so the result can be checked against published vectors.</summary>
    public static string Sign(string headerJson, string payloadJson, RSA key)
    {
        var signingInput = $"{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(headerJson))}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payloadJson))}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>Reads a PEM private key, PKCS#1 (as GitHub hands it out) or PKCS#8.</summary>
    public static RSA ReadPrivateKey(string pem)
    {
        var key = RSA.Create();
        try
        {
            key.ImportFromPem(pem);
            return key;
        }
        catch (Exception error) when (error is ArgumentException or CryptographicException)
        {
            key.Dispose();
            // The key's text is a secret: the message says what is wrong, never what was there.
            throw new InvalidOperationException("GitHub:AppPrivateKey is not a PEM RSA private key");
        }
    }
}
