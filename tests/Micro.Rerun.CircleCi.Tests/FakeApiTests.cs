using Micro.Testing.Fakes;

namespace Micro.Rerun.CircleCi.Tests;

/// <summary>Tests of a whole entry point (the CLI, the service) against a fake GitHub and a fake CircleCI started per test.</summary>
public abstract class FakeApiTests : IAsyncLifetime
{
    protected const string Repository = "acme/core-api";
    protected const string Slug = "gh/acme/core-api";
    protected const string Workflow = "deploy_staging";

    protected FakeGitHub GitHub { get; private set; } = null!;

    protected FakeCircleCi CircleCi { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        GitHub = await FakeGitHub.Start();
        CircleCi = await FakeCircleCi.Start();
    }

    public async Task DisposeAsync()
    {
        await GitHub.DisposeAsync();
        await CircleCi.DisposeAsync();
    }

    /// <summary>One branch <c>release/1.4</c> beside <c>main</c>, whose one pipeline has the workflow in <paramref name="status"/>.</summary>
    protected string GivenWorkflow(string status)
    {
        GitHub.SetBranches(Repository, "main", "release/1.4");
        return CircleCi.AddWorkflow(CircleCi.AddPipeline(Slug, "release/1.4"), Workflow, status);
    }
}
