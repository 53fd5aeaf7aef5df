using System.Net.Http;
using Micro.GitHub;
using Micro.GitWorkflow.Agents;
using Micro.GitWorkflow.Git;
using Micro.GitWorkflow.GitLab;
using Microsoft.Extensions.Options;

namespace Micro.GitWorkflow.Workflows;

/// <summary>What each step does. Failures become <see cref="WorkflowFailure"/>, transient or not, with a reason fit for the run's record.</summary>
public sealed class WorkflowSteps(IOptions<GitWorkflowOptions> options)
{
    public const string HelloWorldFile = "hello_world.txt";
    public const string HelloWorldText = "Hello, World!";
    public const string HelloWorldCommit = "Add hello world file";

    public async Task<string> Clone(RunContext run, CancellationToken cancellationToken)
    {
        // A second attempt starts from nothing: what a failed clone left is not a repository to work in.
        if (Directory.Exists(run.CloneDirectory))
            Directory.Delete(run.CloneDirectory, recursive: true);
        var outcome = await Git(() => GitRepository.Clone(run.Parameters.GitUrl, run.CloneDirectory, run.Access, cancellationToken));
        run.Repository = outcome.Repository;
        run.BaseBranch = await Git(() => run.Clone.CurrentBranch(cancellationToken));
        return outcome.Message;
    }

    public async Task<string> CreateHelloWorldBranch(RunContext run, CancellationToken cancellationToken)
    {
        run.WorkBranch ??= BranchNames.HelloWorld();
        return await CreateWorkBranch(run, cancellationToken);
    }

    public async Task<string> WriteHelloWorld(RunContext run, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(Path.Combine(run.CloneDirectory, HelloWorldFile), HelloWorldText, cancellationToken);
        return $"wrote {HelloWorldFile}";
    }

    public async Task<string> CommitHelloWorld(RunContext run, CancellationToken cancellationToken) =>
        await Git(() => run.Clone.CommitAll(HelloWorldCommit, cancellationToken)) ? $"committed '{HelloWorldCommit}'" : "nothing changed; no commit";

    /// <summary>The source branch when the remote has it; otherwise the work starts from the default branch, as the original did.</summary>
    public async Task<string> CheckOutSource(RunContext run, CancellationToken cancellationToken)
    {
        if (run.Parameters.SourceBranch is not { } source)
            return $"no source branch asked for; working from {run.BaseBranch}";
        var change = await Git(() => run.Clone.ChangeBranch(source, cancellationToken));
        run.BaseBranch = change.Branch;
        return change.Message;
    }

    public async Task<string> CreateFeatureBranch(RunContext run, CancellationToken cancellationToken)
    {
        var parameters = run.Parameters;
        run.WorkBranch ??= BranchNames.Feature(parameters.FeatureBranch, parameters.SourceBranch ?? run.BaseBranch, parameters.Author, AgentName(parameters));
        return await CreateWorkBranch(run, cancellationToken);
    }

    public async Task<string> CreateIssueBranch(RunContext run, CancellationToken cancellationToken)
    {
        run.WorkBranch ??= BranchNames.Issue(run.Issue!.Number, run.Issue.Title);
        return await CreateWorkBranch(run, cancellationToken);
    }

    /// <summary>
    /// Creates the work branch, named already when the run resumes: a name is kept in the run's record before the branch is made, so that
    /// a run taken over pushes the branch it started rather than one of a new random name.
    /// </summary>
    async Task<string> CreateWorkBranch(RunContext run, CancellationToken cancellationToken)
    {
        if (RefNames.Problem(run.WorkBranch) is { } problem)
            throw new WorkflowFailure($"the branch name '{run.WorkBranch}' {problem}", transient: false);
        await run.Keep(cancellationToken);
        await Git(() => run.Clone.CreateBranch(run.WorkBranch!, cancellationToken));
        return $"created and checked out {run.WorkBranch}";
    }

    public async Task<string> ReadIssue(RunContext run, CancellationToken cancellationToken)
    {
        var number = run.Parameters.Issue!.Value;
        run.Issue = await Api(() => run.Forge.ReadIssue(run.Parameters.GitUrl.RepositoryPath, number, cancellationToken), "reading the issue");
        run.AgentTask = $"Resolve issue #{run.Issue.Number}: {run.Issue.Title}\n\n{run.Issue.Body}".Trim();
        return $"issue #{run.Issue.Number}: {run.Issue.Title}";
    }

    /// <summary>Runs the agent until it changes something, at most <see cref="GitWorkflowOptions.AgentAttempts"/> times.</summary>
    public async Task<string> RunAgent(RunContext run, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var name = AgentName(run.Parameters);
        var agentSettings = settings.Agent(name) ?? throw new WorkflowFailure($"unknown agent '{name}'", transient: false);
        var agent = new CodingAgent(agentSettings, settings.AgentTimeout, settings.OutputLimit);
        var task = new AgentTask(run.AgentTask ?? run.Parameters.Task ?? string.Empty, run.Parameters.Model, run.Parameters.Provider, run.Parameters.ExtraFlags);
        var transcript = new List<string>();
        for (var attempt = 1; attempt <= settings.AgentAttempts; attempt++)
        {
            var result = await RunUntrusted(() => agent.Run(run.CloneDirectory, task, cancellationToken), run.CloneDirectory, cancellationToken);
            transcript.Add($"attempt {attempt}: {Excerpt(run.Access.Redact(result.Output), settings.OutputLimit / settings.AgentAttempts)}");
            if (result.TimedOut)
                throw new WorkflowFailure($"agent {name} timed out after {settings.AgentTimeout} (attempt {attempt}); its processes were killed", transient: false);
            if (result.ExitCode != 0)
                throw new WorkflowFailure($"agent {name} exited with code {result.ExitCode} (attempt {attempt}): {Excerpt(result.Output, 500)}", transient: false);

            var changed = await Git(() => run.Clone.ChangedFiles(cancellationToken));
            if (changed.Count > 0)
                return $"changed {string.Join(", ", changed)}\n{string.Join('\n', transcript)}";
        }

        throw new WorkflowFailure($"no changes: agent {name} changed nothing in {settings.AgentAttempts} attempts\n{string.Join('\n', transcript)}", transient: false);
    }

    /// <summary>
    /// Runs the agent, then puts the clone's <c>.git/config</c> back as it was: the agent works in the clone and could write a
    /// configuration (a clean filter or fsmonitor command, a push URL elsewhere) that the next git command, which carries the token,
    /// would obey. What git reads after the agent is Micro's configuration, never the agent's.
    /// </summary>
    static async Task<T> RunUntrusted<T>(Func<Task<T>> program, string cloneDirectory, CancellationToken cancellationToken)
    {
        var configuration = Path.Combine(cloneDirectory, ".git", "config");
        var trusted = await File.ReadAllBytesAsync(configuration, cancellationToken);
        try
        {
            return await program();
        }
        finally
        {
            File.Delete(configuration);
            await File.WriteAllBytesAsync(configuration, trusted, CancellationToken.None);
        }
    }

    public async Task<string> CommitChanges(RunContext run, CancellationToken cancellationToken)
    {
        var changed = await Git(() => run.Clone.ChangedFiles(cancellationToken));
        if (changed.Count == 0)
            throw new WorkflowFailure("no changes to commit", transient: false);
        var message = $"Updated files: {string.Join(", ", changed)}";
        await Git(() => run.Clone.CommitAll(message, cancellationToken));
        return $"committed '{message}'";
    }

    public async Task<string> Push(RunContext run, CancellationToken cancellationToken)
    {
        var outcome = await run.Clone.Push(cancellationToken);
        if (!outcome.Succeeded)
            throw new WorkflowFailure($"push failed: {outcome.Message}", outcome.Transient);
        return outcome.Message;
    }

    /// <summary>
    /// Opens the pull (merge) request, unless one of the branch into the base is open already: an earlier attempt whose answer was lost
    /// (a time-out or a server error after GitHub or GitLab created it), or an executor that died before recording it, opened it.
    /// </summary>
    public async Task<string> OpenChangeRequest(RunContext run, CancellationToken cancellationToken)
    {
        var (title, body) = run.Issue is { } issue
            ? ($"Resolve #{issue.Number}: {issue.Title}", $"Closes #{issue.Number}\n\nOpened by Micro's git-workflow run {run.RunId}.")
            : (Title(run.Parameters.Task), $"{run.Parameters.Task}\n\nOpened by Micro's git-workflow run {run.RunId}.");
        var baseBranch = run.BaseBranch ?? throw new WorkflowFailure("no base branch for the pull request", transient: false);
        var repository = run.Parameters.GitUrl.RepositoryPath;
        var name = run.Forge.ChangeRequestName;
        var open = await Api(() => run.Forge.FindOpenChangeRequest(repository, run.WorkBranch!, baseBranch, cancellationToken), $"looking for an open {name}");
        run.ChangeRequestUrl = open ?? await Api(() => run.Forge.OpenChangeRequest(
            repository, run.WorkBranch!, baseBranch, title, body, cancellationToken), $"opening the {name}");
        await run.Keep(cancellationToken);
        return open is null ? $"opened {name} {run.ChangeRequestUrl} into {baseBranch}" : $"found {name} {open} into {baseBranch} open already";
    }

    /// <summary>
    /// Comments the link on the issue once: the comment carries a marker naming the run, and a comment with it already there (an attempt
    /// whose answer was lost, an executor that died) is not posted again.
    /// </summary>
    public async Task<string> CommentOnIssue(RunContext run, CancellationToken cancellationToken)
    {
        var marker = CommentMarker(run.RunId);
        var repository = run.Parameters.GitUrl.RepositoryPath;
        var number = run.Issue!.Number;
        if (await Api(() => run.Forge.HasComment(repository, number, marker, cancellationToken), "looking for the run's comment"))
            return $"issue #{number} has the run's comment already";

        var text = $"Micro opened {run.ChangeRequestUrl} to resolve this issue.\n\n{marker}";
        await Api(async () =>
        {
            await run.Forge.Comment(repository, number, text, cancellationToken);
            return true;
        }, "commenting on the issue");
        return $"commented on issue #{number}";
    }

    /// <summary>An HTML comment, which GitHub and GitLab do not show, naming the run.</summary>
    public static string CommentMarker(Guid runId) => $"<!-- micro-git-workflow-run: {runId} -->";

    string AgentName(WorkflowParameters parameters) => parameters.Agent ?? options.Value.DefaultAgent;

    static string Title(string? task)
    {
        var line = (task ?? "Changes").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "Changes";
        line = line.TrimStart('-', ' ');
        return line.Length > 72 ? line[..72] : line;
    }

    static string Excerpt(string text, int limit) => text.Length <= limit ? text : text[..(limit / 2)] + "\n[…]\n" + text[^(limit / 2)..];

    static async Task<T> Git<T>(Func<Task<T>> command)
    {
        try
        {
            return await command();
        }
        catch (GitException failure)
        {
            throw new WorkflowFailure(failure.Message, failure.Transient);
        }
    }

    static async Task Git(Func<Task> command) => await Git(async () =>
    {
        await command();
        return true;
    });

    static async Task<T> Api<T>(Func<Task<T>> call, string what)
    {
        try
        {
            return await call();
        }
        catch (GitHubApiException failure)
        {
            throw new WorkflowFailure($"{what}: {failure.Message}", failure.IsTransient);
        }
        catch (GitLabApiException failure)
        {
            throw new WorkflowFailure($"{what}: {failure.Message}", failure.IsTransient);
        }
        catch (GitHubNotConfiguredException failure)
        {
            throw new WorkflowFailure($"{what}: {failure.Message}", transient: false);
        }
        catch (HttpRequestException failure)
        {
            throw new WorkflowFailure($"{what}: {failure.Message}", transient: true);
        }
        catch (TaskCanceledException failure) when (failure.InnerException is TimeoutException)
        {
            // HttpClient's own time-out, not the run's cancellation.
            throw new WorkflowFailure($"{what}: no answer in time", transient: true);
        }
    }
}
