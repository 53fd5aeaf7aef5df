using Octokit;

namespace Micro.GitHub;

/// <summary>
/// One call to GitHub through Octokit as Micro makes it: the caller's cancellation reaches every request the call sends (Octokit's
/// methods take none, so it travels beside them and <see cref="OctokitHttp"/> applies it), and GitHub's error answers become
/// <see cref="GitHubApiException"/>.
/// </summary>
static class GitHubCall
{
    static readonly AsyncLocal<CancellationToken> Caller = new();

    /// <summary>The cancellation of the call under way on this flow, if any.</summary>
    public static CancellationToken CallerCancellation => Caller.Value;

    public static async Task<T> Run<T>(Func<Task<T>> call, TimeProvider clock, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Set inside this async method, the value is seen by the requests the call sends and gone again once it returns.
        Caller.Value = cancellationToken;
        try
        {
            return await call();
        }
        catch (ApiException error)
        {
            throw GitHubAnswers.Translate(error, clock);
        }
    }

    public static Task Run(Func<Task> call, TimeProvider clock, CancellationToken cancellationToken) =>
        Run(async () =>
        {
            await call();
            return true;
        }, clock, cancellationToken);
}
