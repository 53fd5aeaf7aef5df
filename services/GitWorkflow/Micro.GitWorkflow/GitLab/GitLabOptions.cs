using System.ComponentModel.DataAnnotations;

namespace Micro.GitWorkflow.GitLab;

/// <summary>The <c>GitLab</c> configuration section.</summary>
public sealed class GitLabOptions
{
    public const string Section = "GitLab";

    /// <summary>The REST API root, <c>https://gitlab.com/api/v4</c> or a self-managed instance's.</summary>
    [Required]
    public Uri ApiUrl { get; set; } = new("https://gitlab.com/api/v4");

    /// <summary>A personal, project or group access token with the <c>api</c> scope.</summary>
    public string? Token { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
