using Micro.GitWorkflow.Git;
using Micro.Testing.Git;

namespace Micro.GitWorkflow.Tests;

/// <summary>
/// The original's sixteen unit cases for its git and utility tasks, as tests of Micro's git steps against real repositories served
/// over smart HTTP with a token (and one over file://).
/// </summary>
public sealed class GitStepsTests : IAsyncLifetime
{
    const string Token = "git-token-for-steps-0000";
    const string Repository = "acme/app";
    readonly BareRepositories repositories = new();
    readonly string work = Directory.CreateTempSubdirectory("micro-gitsteps-").FullName;
    GitHttpServer server = null!;

    static GitAccess Access(bool local = true) => new(Token, "x-access-token", new GitIdentity("Tester", "tester@example.test"), local, TimeSpan.FromMinutes(1));

    RepositoryAddress Url => RepositoryAddress.Parse(server.UrlOf(Repository), new RepositoryRules([], AllowLocalRepositories: true));

    public async Task InitializeAsync()
    {
        await repositories.Create(Repository);
        server = await GitHttpServer.Start(repositories, Token);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        repositories.Dispose();
        if (Directory.Exists(work))
            Directory.Delete(work, recursive: true);
    }

    async Task<GitRepository> Cloned() => (await GitRepository.Clone(Url, Path.Combine(work, "clone"), Access(), CancellationToken.None)).Repository;

    [Fact]
    public async Task Clone_into_a_new_directory_fetches_the_repository_with_the_token()
    {
        var outcome = await GitRepository.Clone(Url, Path.Combine(work, "clone"), Access(), CancellationToken.None);

        Assert.True(outcome.Cloned);
        Assert.Equal("# seed\n", await File.ReadAllTextAsync(Path.Combine(work, "clone", "README.md")));
        Assert.Contains(server.Authorizations, header => header.StartsWith("Basic ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Clone_into_an_existing_directory_only_warns()
    {
        var directory = Directory.CreateDirectory(Path.Combine(work, "clone")).FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "keep.txt"), "mine");

        var outcome = await GitRepository.Clone(Url, directory, Access(), CancellationToken.None);

        Assert.False(outcome.Cloned);
        Assert.Contains("already exists", outcome.Message);
        Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Create_branch_creates_and_checks_it_out()
    {
        var clone = await Cloned();

        await clone.CreateBranch("feature-x", CancellationToken.None);

        Assert.Equal("feature-x", await clone.CurrentBranch(CancellationToken.None));
    }

    [Fact]
    public async Task Commit_with_changes_adds_everything_and_returns_true()
    {
        var clone = await Cloned();
        await File.WriteAllTextAsync(Path.Combine(clone.Directory, "new.txt"), "new");
        File.Delete(Path.Combine(clone.Directory, "README.md"));

        Assert.True(await clone.CommitAll("Change things", CancellationToken.None));

        Assert.Empty(await clone.ChangedFiles(CancellationToken.None));
        Assert.Equal("Change things", (await BareRepositories.Git(clone.Directory, "log", "-1", "--format=%s")).Trim());
        Assert.Equal("new.txt", (await BareRepositories.Git(clone.Directory, "ls-files")).Trim());
    }

    [Fact]
    public async Task Commit_without_changes_makes_no_commit_and_returns_false()
    {
        var clone = await Cloned();
        var before = await BareRepositories.Git(clone.Directory, "rev-parse", "HEAD");

        Assert.False(await clone.CommitAll("Nothing", CancellationToken.None));

        Assert.Equal(before, await BareRepositories.Git(clone.Directory, "rev-parse", "HEAD"));
    }

    [Fact]
    public async Task Push_with_unpushed_commits_sends_them()
    {
        var clone = await Cloned();
        await File.WriteAllTextAsync(Path.Combine(clone.Directory, "a.txt"), "a");
        await clone.CommitAll("Add a", CancellationToken.None);

        var outcome = await clone.Push(CancellationToken.None);

        Assert.True(outcome.Succeeded);
        Assert.True(outcome.Pushed);
        Assert.Equal("Add a", (await repositories.Log(Repository, "main"))[0]);
    }

    [Fact]
    public async Task Push_without_unpushed_commits_pushes_nothing()
    {
        var clone = await Cloned();
        var before = await repositories.Head(Repository, "main");

        var outcome = await clone.Push(CancellationToken.None);

        Assert.True(outcome.Succeeded);
        Assert.False(outcome.Pushed);
        Assert.Equal(before, await repositories.Head(Repository, "main"));
    }

    [Fact]
    public async Task Push_of_a_new_branch_creates_it_on_the_remote_under_the_same_name()
    {
        var clone = await Cloned();
        await clone.CreateBranch("b", CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(clone.Directory, "b.txt"), "b");
        await clone.CommitAll("Add b", CancellationToken.None);

        var outcome = await clone.Push(CancellationToken.None);

        Assert.True(outcome.Pushed);
        Assert.Contains("b", await repositories.Branches(Repository));
        Assert.Equal("Add b", (await repositories.Log(Repository, "b"))[0]);
        Assert.Equal("b", await repositories.FileAt(Repository, "b", "b.txt"));
    }

    [Fact]
    public async Task Push_error_returns_false_with_the_reason_and_does_not_throw()
    {
        var clone = await Cloned();
        await repositories.RejectPushes(Repository, "pushes are frozen");
        await File.WriteAllTextAsync(Path.Combine(clone.Directory, "c.txt"), "c");
        await clone.CommitAll("Add c", CancellationToken.None);

        var outcome = await clone.Push(CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.False(outcome.Transient);
        Assert.Contains("pushes are frozen", outcome.Message);
    }

    [Fact]
    public void Temporary_directory_is_created_under_the_root()
    {
        var directories = new WorkingDirectories(Path.Combine(work, "runs"));

        var created = directories.Create("run-1");

        Assert.True(Directory.Exists(created));
        Assert.Equal(Path.Combine(work, "runs", "run-1"), created);
    }

    [Fact]
    public async Task Temporary_directory_creation_error_is_propagated()
    {
        var blocker = Path.Combine(work, "runs");
        await File.WriteAllTextAsync(blocker, "a file where the root should be");

        Assert.ThrowsAny<IOException>(() => new WorkingDirectories(blocker).Create("run-1"));
    }

    [Fact]
    public void Temporary_directory_is_removed_when_it_exists()
    {
        var directories = new WorkingDirectories(Path.Combine(work, "runs"));
        var created = directories.Create("run-1");
        File.WriteAllText(Path.Combine(created, "file.txt"), "x");

        Assert.True(directories.Remove(created));

        Assert.False(Directory.Exists(created));
    }

    [Fact]
    public void Removing_a_temporary_directory_that_does_not_exist_does_nothing()
    {
        var directories = new WorkingDirectories(Path.Combine(work, "runs"));

        Assert.False(directories.Remove(Path.Combine(work, "runs", "never-made")));
    }

    /// <summary>
    /// A removal that fails throws rather than reporting success. As root nothing refuses a delete, so there the failing removal is one
    /// outside the root, which is refused; otherwise a directory without write permission makes the delete itself fail.
    /// </summary>
    [Fact]
    public void Temporary_directory_removal_error_is_propagated()
    {
        var directories = new WorkingDirectories(Path.Combine(work, "runs"));
        var created = directories.Create("run-1");
        Assert.Throws<ArgumentException>(() => directories.Remove(Path.Combine(work, "elsewhere")));
        if (OperatingSystem.IsWindows() || Environment.UserName == "root")
            return;

        var locked = Directory.CreateDirectory(Path.Combine(created, "locked")).FullName;
        File.WriteAllText(Path.Combine(locked, "file.txt"), "x");
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            Assert.ThrowsAny<UnauthorizedAccessException>(() => directories.Remove(created));
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public async Task Changing_to_a_branch_that_exists_on_the_remote_checks_it_out_and_pulls()
    {
        await repositories.AddCommit(Repository, "develop", new Dictionary<string, string> { ["dev.txt"] = "first" }, "Start develop");
        var clone = await Cloned();
        await repositories.AddCommit(Repository, "develop", new Dictionary<string, string> { ["dev.txt"] = "second" }, "Update develop");

        var change = await clone.ChangeBranch("develop", CancellationToken.None);

        Assert.True(change.Changed);
        Assert.Equal("develop", await clone.CurrentBranch(CancellationToken.None));
        Assert.Equal("second", await File.ReadAllTextAsync(Path.Combine(clone.Directory, "dev.txt")));
    }

    [Fact]
    public async Task Changing_to_a_branch_the_remote_lacks_stays_and_says_so()
    {
        var clone = await Cloned();

        var change = await clone.ChangeBranch("nowhere", CancellationToken.None);

        Assert.False(change.Changed);
        Assert.Equal("main", await clone.CurrentBranch(CancellationToken.None));
        Assert.Contains("does not exist on the remote", change.Message);
    }

    [Fact]
    public async Task A_file_url_clone_works_and_the_token_is_nowhere_in_the_clone()
    {
        var url = RepositoryAddress.Parse(repositories.FileUrl(Repository), new RepositoryRules([], AllowLocalRepositories: true));
        var outcome = await GitRepository.Clone(url, Path.Combine(work, "file-clone"), Access(), CancellationToken.None);
        var httpClone = await Cloned();

        Assert.True(outcome.Cloned);
        foreach (var directory in new[] { outcome.Repository.Directory, httpClone.Directory })
        {
            var config = await File.ReadAllTextAsync(Path.Combine(directory, ".git", "config"));
            Assert.DoesNotContain(Token, config);
            Assert.DoesNotContain("extraHeader", config, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Without_the_token_the_server_refuses_and_the_clone_fails_for_good()
    {
        var anonymous = Access() with { Token = null };

        var failure = await Assert.ThrowsAsync<GitException>(() => GitRepository.Clone(Url, Path.Combine(work, "clone"), anonymous, CancellationToken.None));

        Assert.False(failure.Transient);
    }
}
