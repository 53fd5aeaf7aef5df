using System.ComponentModel.DataAnnotations;
using Micro.ServiceDefaults;
using Microsoft.Extensions.Configuration;

namespace Micro.GitHub;

/// <summary>The API part of the <c>GitHub</c> configuration section: where GitHub is and who Micro is there.</summary>
public sealed class GitHubOptions : SaasApiOptions, IValidatableObject
{
    public const string Section = "GitHub";

    /// <summary>
    /// The REST API root, used as given: <c>https://api.github.com</c>, or <c>https://HOST/api/v3</c> for GitHub Enterprise Server
    /// (unlike Octokit's own constructor, nothing appends <c>/api/v3</c> to other hosts).
    /// </summary>
    [Required]
    public Uri ApiUrl { get; set; } = new("https://api.github.com");

    /// <summary>A personal access or fine-grained token. The environment variable <c>GITHUB_TOKEN</c> sets it.</summary>
    public string? Token { get; set; }

    /// <summary>The GitHub App's id; with <see cref="AppPrivateKey"/> or <see cref="AppPrivateKeyFile"/> Micro acts as the App.</summary>
    public long? AppId { get; set; }

    /// <summary>The App's private key, PEM text (PKCS#1 as GitHub hands it out, or PKCS#8).</summary>
    public string? AppPrivateKey { get; set; }

    /// <summary>A file holding the App's private key, for keys mounted as secrets.</summary>
    public string? AppPrivateKeyFile { get; set; }

    /// <summary>How long before an installation token's expiry a new one is fetched.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00")]
    public TimeSpan InstallationTokenRenewal { get; set; } = TimeSpan.FromMinutes(5);

    public bool UsesApp => AppId is not null;

    public bool IsConfigured => UsesApp || !string.IsNullOrWhiteSpace(Token);

    public void ApplyAliases(IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(Token) && configuration["GITHUB_TOKEN"] is { Length: > 0 } token)
            Token = token;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!ApiUrl.IsAbsoluteUri || ApiUrl.Scheme is not ("https" or "http"))
            yield return new ValidationResult("must be an absolute http(s) URL such as https://api.github.com", [nameof(ApiUrl)]);

        if (UsesApp && string.IsNullOrWhiteSpace(AppPrivateKey) && string.IsNullOrWhiteSpace(AppPrivateKeyFile))
            yield return new ValidationResult("GitHub:AppId is set, so GitHub:AppPrivateKey (PEM) or GitHub:AppPrivateKeyFile is required", [nameof(AppPrivateKey)]);
        else if (!string.IsNullOrWhiteSpace(AppPrivateKeyFile) && !File.Exists(AppPrivateKeyFile))
            yield return new ValidationResult($"no such file: {AppPrivateKeyFile}", [nameof(AppPrivateKeyFile)]);

        if (!UsesApp && (!string.IsNullOrWhiteSpace(AppPrivateKey) || !string.IsNullOrWhiteSpace(AppPrivateKeyFile)))
            yield return new ValidationResult("a private key is configured without GitHub:AppId", [nameof(AppId)]);
    }
}
