using System.Text;

namespace Micro.GitWorkflow.Git;

/// <summary>
/// How git commands of one run reach the remote: the token, sent as an <c>Authorization</c> header set through git's
/// <c>GIT_CONFIG_*</c> environment variables for each command, so that it is in no command line, no <c>.git/config</c> and no
/// remote URL; the identity commits are made with; and whether the <c>file</c> transport is allowed (local repositories).
/// </summary>
public sealed record GitAccess(string? Token, string TokenUser, GitIdentity Identity, bool AllowLocal, TimeSpan CommandTimeout)
{
    /// <summary>The environment of every git command: no prompts, no user or system configuration, no hooks, no helper transports.</summary>
    public IReadOnlyDictionary<string, string> Environment()
    {
        var settings = new List<(string Key, string Value)>
        {
            ("protocol.allow", "never"),
            ("protocol.https.allow", "always"),
            ("protocol.http.allow", AllowLocal ? "always" : "never"),
            ("protocol.file.allow", AllowLocal ? "always" : "never"),
            ("core.hooksPath", "/dev/null"),
            ("core.fsmonitor", "false"),
            ("credential.helper", string.Empty),
            ("init.defaultBranch", "main"),
        };
        if (!string.IsNullOrEmpty(Token))
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TokenUser}:{Token}"));
            settings.Add(("http.extraHeader", $"Authorization: Basic {basic}"));
        }

        var environment = new Dictionary<string, string>
        {
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GIT_ASKPASS"] = "true",
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_CONFIG_GLOBAL"] = "/dev/null",
            ["GIT_AUTHOR_NAME"] = Identity.Name,
            ["GIT_AUTHOR_EMAIL"] = Identity.Email,
            ["GIT_COMMITTER_NAME"] = Identity.Name,
            ["GIT_COMMITTER_EMAIL"] = Identity.Email,
            ["LC_ALL"] = "C",
            ["GIT_CONFIG_COUNT"] = settings.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        for (var i = 0; i < settings.Count; i++)
        {
            environment[$"GIT_CONFIG_KEY_{i}"] = settings[i].Key;
            environment[$"GIT_CONFIG_VALUE_{i}"] = settings[i].Value;
        }

        return environment;
    }

    /// <summary>Removes the token from text git printed, in case a server echoed it back.</summary>
    public string Redact(string text) => string.IsNullOrEmpty(Token) ? text : text.Replace(Token, "***", StringComparison.Ordinal);
}

public sealed record GitIdentity(string Name, string Email);
