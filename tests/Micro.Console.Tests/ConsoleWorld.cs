using System.Net.Http.Headers;
using Micro.Console;
using Micro.Edge;
using Micro.GitWorkflow;
using Micro.Ingestion;
using Micro.PrLock;
using Micro.Rerun;
using Micro.Rerun.Tests;
using Micro.RunnerBroker;
using Micro.Testing;
using Micro.Testing.Fakes;
using Micro.Testing.Git;
using Microsoft.Playwright;

namespace Micro.Console.Tests;

/// <summary>
/// Micro as the standalone host composes it (the door with pipeline and admin tokens, all five services on SQLite and the in-memory
/// bus, and the console at <c>/</c>) on a real port, a fake GitHub behind it, a bare git repository for workflows, and Debian's
/// chromium driven by Playwright. One per test class: the tests use names of their own.
/// </summary>
public sealed class ConsoleWorld : IAsyncLifetime
{
    public const string PipelineToken = "console-test-pipeline-token";
    public const string AdminToken = "console-test-admin-token";
    public const string GitRepository = "acme/console";

    /// <summary>Debian's chromium (<c>apt-get install chromium</c>, done by test.sh); Playwright's own download cannot work here.</summary>
    const string Chromium = "/usr/bin/chromium";

    readonly string directory = Directory.CreateTempSubdirectory("micro-console-").FullName;
    TestWebHost? host;
    IPlaywright? playwright;
    IBrowser? browser;

    public FakeGitHub GitHub { get; private set; } = default!;

    public BareRepositories Repositories { get; } = new();

    public Uri Address => host!.Address;

    /// <summary>The API with the admin token, for what a test sets up or checks behind the page's back.</summary>
    public HttpClient Api => host!.Client;

    public async Task InitializeAsync()
    {
        await Repositories.Create(GitRepository);
        GitHub = await FakeGitHub.Start();
        host = await TestWebHost.Start(new Dictionary<string, string?>
        {
            ["Gateway:ApiTokens:0"] = PipelineToken,
            ["Gateway:AdminTokens:0"] = AdminToken,
            ["Messaging:Transport"] = "InMemory",
            ["Database:Provider"] = "Sqlite",
            ["Database:DataDirectory"] = Path.Combine(directory, "data"),
            ["GitHub:WebhookSecrets:0"] = RerunApiCalls.WebhookSecret,
            ["GitHub:ApiUrl"] = GitHub.ApiUrl.ToString(),
            ["GitHub:Token"] = FakeGitHub.Token,
            ["Rerun:Delay"] = "00:00:00",
            ["Rerun:PollInterval"] = "00:00:00.050",
            ["Rerun:RecheckInterval"] = "00:00:00.200",
            ["Rerun:RetryBackoff"] = "00:00:00.200",
            ["RunnerBroker:TokenUrl"] = "http://micro.test/gha/runner",
            ["GitWorkflow:AllowLocalRepositories"] = "true",
            ["GitWorkflow:WorkDirectory"] = Path.Combine(directory, "runs"),
        }, micro => micro.AsDoor(EdgeHost.Standalone)
            .Add(new IngestionModule()).Add(new RerunModule()).Add(new PrLockModule()).Add(new RunnerBrokerModule()).Add(new GitWorkflowModule())
            .Add(new ConsoleModule()));
        host.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    /// <summary>A fresh browser session, signed in with <paramref name="token"/>, on the overview.</summary>
    public async Task<IPage> SignedIn(string token)
    {
        var page = await NewPage();
        await SignIn(page, token);
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(Address, "/").AbsoluteUri);
        return page;
    }

    public async Task<IPage> NewPage()
    {
        var context = await browser!.NewContextAsync(new() { BaseURL = Address.AbsoluteUri, ViewportSize = new() { Width = 1280, Height = 860 } });
        return await context.NewPageAsync();
    }

    public static async Task SignIn(IPage page, string token)
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("API token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>The page as it looks now, for the README: <c>docs/console/{name}.png</c> in the source tree.</summary>
    public static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(SourceTree.Root, "docs", "console", $"{name}.png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (browser is not null)
            await browser.DisposeAsync();
        playwright?.Dispose();
        if (host is not null)
            await host.DisposeAsync();
        if (GitHub is not null)
            await GitHub.DisposeAsync();
        Repositories.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
