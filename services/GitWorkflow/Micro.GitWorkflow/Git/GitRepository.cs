namespace Micro.GitWorkflow.Git;

/// <summary>
/// The git steps of a workflow on one clone, with the machine's <c>git</c>. Remote names and refs are validated and always follow
/// <c>--</c> or a full <c>refs/heads/</c> spelling, so nothing a request carries is read as an option.
/// </summary>
public sealed class GitRepository
{
    const int OutputLimit = 16 * 1024;
    readonly GitAccess access;

    GitRepository(string directory, GitAccess access)
    {
        Directory = directory;
        this.access = access;
    }

    public string Directory { get; }

    /// <summary>The clone in <paramref name="directory"/>, which <see cref="Clone"/> made.</summary>
    public static GitRepository Open(string directory, GitAccess access) => new(directory, access);

    /// <summary>
    /// Clones <paramref name="url"/> into <paramref name="directory"/>. A directory that already holds files is left alone, as the
    /// original did: the outcome says so, and nothing is cloned.
    /// </summary>
    public static async Task<CloneOutcome> Clone(RepositoryAddress url, string directory, GitAccess access, CancellationToken cancellationToken)
    {
        var repository = new GitRepository(directory, access);
        if (System.IO.Directory.Exists(directory) && System.IO.Directory.EnumerateFileSystemEntries(directory).Any())
            return new CloneOutcome(repository, false, $"{directory} already exists and is not empty; not cloning into it");

        var parent = Path.GetDirectoryName(Path.GetFullPath(directory))!;
        await repository.Git(parent, ["clone", "--no-recurse-submodules", "--", url.Value, directory], cancellationToken);
        return new CloneOutcome(repository, true, $"cloned {url.Display} into {directory}");
    }

    public async Task<string> CurrentBranch(CancellationToken cancellationToken) =>
        (await Git(["symbolic-ref", "--short", "HEAD"], cancellationToken)).Trim();

    /// <summary>Creates <paramref name="branch"/> from the current commit and checks it out.</summary>
    public async Task CreateBranch(string branch, CancellationToken cancellationToken)
    {
        RequireValid(branch);
        await Git(["checkout", "-b", branch], cancellationToken);
    }

    /// <summary>
    /// Checks out <paramref name="branch"/> and pulls it when the remote has it; otherwise stays on the current branch and says so.
    /// </summary>
    public async Task<BranchChange> ChangeBranch(string branch, CancellationToken cancellationToken)
    {
        RequireValid(branch);
        if (!await RemoteHas(branch, cancellationToken))
        {
            var current = await CurrentBranch(cancellationToken);
            return new BranchChange(false, current, $"branch {branch} does not exist on the remote; staying on {current}");
        }

        await Git(["fetch", "--quiet", "origin", $"refs/heads/{branch}:refs/remotes/origin/{branch}"], cancellationToken);
        await Git(["checkout", "-B", branch, "--track", $"refs/remotes/origin/{branch}"], cancellationToken);
        await Git(["pull", "--ff-only", "origin", $"refs/heads/{branch}"], cancellationToken);
        return new BranchChange(true, branch, $"checked out and pulled {branch}");
    }

    /// <summary>Adds every change (new, modified, deleted files) and commits it; false, and no commit, when nothing changed.</summary>
    public async Task<bool> CommitAll(string message, CancellationToken cancellationToken)
    {
        await Git(["add", "--all"], cancellationToken);
        if ((await StagedFiles(cancellationToken)).Count == 0)
            return false;
        await Git(["commit", "--no-verify", "--quiet", "-m", message], cancellationToken);
        return true;
    }

    /// <summary>Every file that differs from the last commit, staged or not, new ones included.</summary>
    public async Task<IReadOnlyList<string>> ChangedFiles(CancellationToken cancellationToken)
    {
        await Git(["add", "--all"], cancellationToken);
        return await StagedFiles(cancellationToken);
    }

    /// <summary>
    /// Pushes the current branch when the remote lacks some of its commits; a branch the remote does not have is pushed as
    /// <c>b:b</c>. A push the remote refuses (or that cannot reach it) is an outcome, not an exception.
    /// </summary>
    public async Task<PushOutcome> Push(CancellationToken cancellationToken)
    {
        try
        {
            var branch = await CurrentBranch(cancellationToken);
            var refspec = $"refs/heads/{branch}:refs/heads/{branch}";
            if (!await RemoteHas(branch, cancellationToken))
            {
                await Git(["push", "--no-verify", "origin", refspec], cancellationToken);
                return new PushOutcome(true, true, false, $"pushed new branch {branch}");
            }

            await Git(["fetch", "--quiet", "origin", $"refs/heads/{branch}:refs/remotes/origin/{branch}"], cancellationToken);
            var ahead = (await Git(["rev-list", "--count", $"refs/remotes/origin/{branch}..HEAD"], cancellationToken)).Trim();
            if (ahead == "0")
                return new PushOutcome(true, false, false, $"the remote already has every commit of {branch}; nothing pushed");

            await Git(["push", "--no-verify", "origin", refspec], cancellationToken);
            return new PushOutcome(true, true, false, $"pushed {ahead} commit(s) to {branch}");
        }
        catch (GitException failure)
        {
            return new PushOutcome(false, false, failure.Transient, failure.Message);
        }
    }

    async Task<bool> RemoteHas(string branch, CancellationToken cancellationToken) =>
        (await Git(["ls-remote", "--heads", "origin", $"refs/heads/{branch}"], cancellationToken)).Trim().Length > 0;

    async Task<IReadOnlyList<string>> StagedFiles(CancellationToken cancellationToken) =>
        (await Git(["-c", "core.quotePath=false", "diff", "--cached", "--name-only"], cancellationToken))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    static void RequireValid(string branch)
    {
        if (RefNames.Problem(branch) is { } problem)
            throw new GitException($"'{branch}' is no valid branch name: it {problem}", transient: false);
    }

    Task<string> Git(IReadOnlyList<string> arguments, CancellationToken cancellationToken) => Git(Directory, arguments, cancellationToken);

    async Task<string> Git(string workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.Run("git", arguments, workingDirectory, access.Environment(), access.CommandTimeout, OutputLimit, cancellationToken);
        var output = access.Redact(result.Output);
        if (result.TimedOut)
            throw new GitException($"git {arguments[0]} took longer than {access.CommandTimeout} and was stopped", transient: true);
        if (result.ExitCode != 0)
            throw new GitException($"git {arguments[0]} failed (exit {result.ExitCode}): {output}", GitFailures.IsTransient(output));
        return output;
    }
}

public sealed record CloneOutcome(GitRepository Repository, bool Cloned, string Message);

public sealed record BranchChange(bool Changed, string Branch, string Message);

/// <summary>What a push did: <see cref="Succeeded"/> is false when it failed, with <see cref="Message"/> saying why.</summary>
public sealed record PushOutcome(bool Succeeded, bool Pushed, bool Transient, string Message);
