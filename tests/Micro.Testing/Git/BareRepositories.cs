namespace Micro.Testing.Git;

/// <summary>
/// Bare git repositories in a directory of their own, made with the machine's <c>git</c>: seeded with files on branches, read back
/// (branches, files, commit messages), and made to refuse pushes the way a server hook does. Reachable as <c>file://</c> URLs, or
/// over smart HTTP through <see cref="GitHttpServer"/>.
/// </summary>
public sealed class BareRepositories : IDisposable
{
    static readonly Dictionary<string, string?> Quiet = new()
    {
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        ["GIT_AUTHOR_NAME"] = "Seeder",
        ["GIT_AUTHOR_EMAIL"] = "seeder@example.test",
        ["GIT_COMMITTER_NAME"] = "Seeder",
        ["GIT_COMMITTER_EMAIL"] = "seeder@example.test",
    };

    public BareRepositories() => Root = Directory.CreateTempSubdirectory("micro-git-").FullName;

    public string Root { get; }

    /// <summary>The bare repository <c>owner/name.git</c>.</summary>
    public string PathOf(string repository) => Path.Combine(Root, repository + ".git");

    public string FileUrl(string repository) => new Uri(PathOf(repository)).AbsoluteUri;

    /// <summary>A bare repository with a first commit on <c>main</c> holding <paramref name="files"/> (a README by default).</summary>
    public async Task Create(string repository, IReadOnlyDictionary<string, string>? files = null)
    {
        var bare = PathOf(repository);
        Directory.CreateDirectory(bare);
        await Git(bare, "init", "--bare", "--quiet", "--initial-branch=main");
        await Git(bare, "config", "http.receivepack", "true");
        await Commit(repository, "main", files ?? new Dictionary<string, string> { ["README.md"] = "# seed\n" }, "Initial commit", create: true);
    }

    /// <summary>A commit on <paramref name="branch"/> (made from main when it does not exist yet) writing <paramref name="files"/>.</summary>
    public Task AddCommit(string repository, string branch, IReadOnlyDictionary<string, string> files, string message) =>
        Commit(repository, branch, files, message, create: false);

    async Task Commit(string repository, string branch, IReadOnlyDictionary<string, string> files, string message, bool create)
    {
        var work = Directory.CreateTempSubdirectory("micro-git-seed-").FullName;
        try
        {
            if (create)
            {
                await Git(work, "init", "--quiet", "--initial-branch=main");
            }
            else
            {
                await Git(work, "clone", "--quiet", "--", PathOf(repository), ".");
                var exists = (await Git(work, "ls-remote", "--heads", "origin", $"refs/heads/{branch}")).Length > 0;
                await Git(work, exists ? ["checkout", "--quiet", branch] : ["checkout", "--quiet", "-b", branch]);
            }

            foreach (var (name, content) in files)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(work, name))!);
                await File.WriteAllTextAsync(Path.Combine(work, name), content);
            }

            await Git(work, "add", "--all");
            await Git(work, "commit", "--quiet", "-m", message);
            await Git(work, "push", "--quiet", PathOf(repository), $"HEAD:refs/heads/{branch}");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    public async Task<IReadOnlyList<string>> Branches(string repository) =>
        (await Git(PathOf(repository), "for-each-ref", "--format=%(refname:short)", "refs/heads"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A file as <paramref name="branch"/> holds it, or null.</summary>
    public async Task<string?> FileAt(string repository, string branch, string path)
    {
        var result = await Command.Run("git", ["show", $"{branch}:{path}"], Quiet, workingDirectory: PathOf(repository));
        return result.ExitCode == 0 ? result.Output : null;
    }

    /// <summary>The commit messages of <paramref name="branch"/>, newest first.</summary>
    public async Task<IReadOnlyList<string>> Log(string repository, string branch) =>
        (await Git(PathOf(repository), "log", "--format=%s", branch)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public async Task<string> Head(string repository, string branch) => (await Git(PathOf(repository), "rev-parse", branch)).Trim();

    /// <summary>The repository refuses every push from now on, as a server's pre-receive hook would.</summary>
    public async Task RejectPushes(string repository, string reason)
    {
        var hook = Path.Combine(PathOf(repository), "hooks", "pre-receive");
        await File.WriteAllTextAsync(hook, $"#!/bin/sh\necho '{reason}' >&2\nexit 1\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public static async Task<string> Git(string directory, params string[] arguments)
    {
        var result = await Command.Run("git", arguments, Quiet, workingDirectory: directory);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed in {directory}: {result.Errors}{result.Output}");
        return result.Output;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
