using System.ComponentModel.DataAnnotations;

namespace Micro.PubSub.Push;

/// <summary>
/// The <c>PubSub:Push</c> section: how pushed messages are authenticated. A push subscription with authentication sends a
/// Google-signed OIDC token for <see cref="ServiceAccountEmail"/>, addressed to <see cref="Audience"/>; both are checked.
/// </summary>
public sealed class PubSubPushOptions : IValidatableObject
{
    public const string Section = "PubSub:Push";

    /// <summary>The audience the push subscription puts in its tokens (by default, the push endpoint's URL).</summary>
    public string? Audience { get; set; }

    /// <summary>The service account the push subscription signs its tokens as.</summary>
    public string? ServiceAccountEmail { get; set; }

    /// <summary>Accept pushes that carry no token. For a local trial only: anyone who can reach the endpoint can then post messages.</summary>
    public bool AllowUnauthenticated { get; set; }

    /// <summary>Where Google publishes the keys its tokens are signed with (a JSON Web Key Set).</summary>
    [Required]
    public Uri CertificatesUrl { get; set; } = new("https://www.googleapis.com/oauth2/v3/certs");

    /// <summary>Largest push body accepted: a 10 MB message, base64 encoded, in its envelope.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 16 * 1024 * 1024;

    public bool VerifiesTokens => !string.IsNullOrWhiteSpace(Audience) && !string.IsNullOrWhiteSpace(ServiceAccountEmail);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Audience) != string.IsNullOrWhiteSpace(ServiceAccountEmail))
        {
            yield return new ValidationResult("set both PubSub:Push:Audience and PubSub:Push:ServiceAccountEmail to verify pushed tokens, or neither",
                [string.IsNullOrWhiteSpace(Audience) ? nameof(Audience) : nameof(ServiceAccountEmail)]);
        }
        if (!CertificatesUrl.IsAbsoluteUri || CertificatesUrl.Scheme is not ("https" or "http"))
            yield return new ValidationResult("must be an absolute http(s) URL", [nameof(CertificatesUrl)]);
    }
}
